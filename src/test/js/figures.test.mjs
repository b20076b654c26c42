// Unit tests of the operations view's reading of /metrics: the text format, counter rates, histogram quantiles.
import { test } from "node:test";
import assert from "node:assert/strict";
import { parseMetrics, quantileBetween, rates, total } from "../../main/webapp/js/figures.js";

const scrape = (published, buckets) => parseMetrics(`# HELP ordercast_publications_total Publications accepted
# TYPE ordercast_publications_total counter
ordercast_publications_total{namespace="orders",node="n1",source="rest"} ${published.orders}
ordercast_publications_total{namespace="store",node="n1",source="domain"} ${published.store}
ordercast_connections{node="n1",transport="websocket"} 3.0
ordercast_delivery_latency_seconds_bucket{node="n1",transport="websocket",le="0.001"} ${buckets[0]}
ordercast_delivery_latency_seconds_bucket{node="n1",transport="websocket",le="0.01"} ${buckets[1]}
ordercast_delivery_latency_seconds_bucket{node="n1",transport="websocket",le="0.1"} ${buckets[2]}
ordercast_delivery_latency_seconds_bucket{node="n1",transport="websocket",le="+Inf"} ${buckets[3]}
ordercast_delivery_latency_seconds_bucket{node="n1",transport="sse",le="0.001"} 0
ordercast_delivery_latency_seconds_bucket{node="n1",transport="sse",le="0.01"} 0
ordercast_delivery_latency_seconds_bucket{node="n1",transport="sse",le="0.1"} 0
ordercast_delivery_latency_seconds_bucket{node="n1",transport="sse",le="+Inf"} 0
`);

test("samples keep their labels, escaped quotes included", () => {
  const [sample] = parseMetrics('m{a="x \\"y\\"",b="2"} 1.5e3\n');
  assert.deepEqual(sample, { name: "m", labels: { a: 'x "y"', b: "2" }, value: 1500 });
  assert.equal(total(scrape({ orders: 1, store: 2 }, [0, 0, 0, 0]), "ordercast_connections", { transport: "websocket" }), 3);
});

test("a counter's rate is per namespace, and a counter reset counts from zero", () => {
  const r = rates(scrape({ orders: 10, store: 50 }, [0, 0, 0, 0]), scrape({ orders: 30, store: 4 }, [0, 0, 0, 0]),
    "ordercast_publications_total", "namespace", 2);
  assert.equal(r.get("orders"), 10);
  assert.equal(r.get("store"), 2);
});

test("a quantile comes from the observations between two scrapes only, interpolated in its bucket", () => {
  const before = scrape({ orders: 0, store: 0 }, [1000, 1000, 1000, 1000]); // old, fast deliveries
  const after = scrape({ orders: 0, store: 0 }, [1000, 1050, 1100, 1100]); // 50 under 10 ms, 50 from 10 to 100 ms
  assert.ok(Math.abs(quantileBetween(before, after, "ordercast_delivery_latency_seconds", 0.5) - 0.01) < 1e-9);
  assert.ok(Math.abs(quantileBetween(before, after, "ordercast_delivery_latency_seconds", 0.99) - 0.0982) < 1e-9);
  assert.equal(quantileBetween(after, after, "ordercast_delivery_latency_seconds", 0.99), null, "nothing observed");
});

test("past the last bound, the last bound is the answer", () => {
  const before = scrape({ orders: 0, store: 0 }, [0, 0, 0, 0]);
  const after = scrape({ orders: 0, store: 0 }, [0, 0, 0, 10]);
  assert.equal(quantileBetween(before, after, "ordercast_delivery_latency_seconds", 0.99), 0.1);
});
