package org.ordercast.processing.boundary;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.JsonObject;
import java.net.URL;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.ordercast.testing.Http;
import org.ordercast.testing.PortableServer;
import org.ordercast.testing.PortableServers;
import org.ordercast.testing.TestTokens;
import org.ordercast.testing.WsClient;

/** Processing runs: coalesced status publications, VIP first, pause and resume over WebSocket and REST. */
@Tag("portable")
@ExtendWith(PortableServers.class)
class ProcessingContract {

    private static final String OPERATOR = TestTokens.token("opal", "operator");

    private final URL base;

    ProcessingContract(PortableServer server) {
        base = server.base();
    }

    @Test
    void aRunOfTenThousandOrdersSendsABoundedNumberOfStatusUpdatesEndingCompleted() {
        try (var dashboard = WsClient.connect(base)) {
            dashboard.awaitType("connected");
            dashboard.subscribe("processing");
            var response = Http.post(base, "api/v1/processing/runs", OPERATOR,
                    "{\"orders\":10000,\"vipShare\":0.1,\"ratePerSecond\":10000}");
            assertEquals(202, response.statusCode(), response.body());
            String runId = Http.json(response).getString("runId");
            var statuses = new ArrayList<JsonObject>();
            JsonObject last;
            do {
                last = dashboard.await(f -> "processing.status".equals(f.getString("event", ""))
                        && runId.equals(f.getJsonObject("data").getString("runId")), Duration.ofSeconds(20))
                        .getJsonObject("data");
                statuses.add(last);
            } while (!"COMPLETED".equals(last.getString("phase")));
            assertEquals(100.0, last.getJsonNumber("progress").doubleValue());
            assertEquals(10000, last.getInt("processed"));
            assertEquals(10000, last.getInt("vipCount") + last.getInt("normalCount"));
            assertTrue(statuses.size() < 60, statuses.size() + " status publications for 10,000 orders");
            List<String> phases = statuses.stream().map(s -> s.getString("phase")).distinct().toList();
            assertEquals(List.of("GENERATING", "ENQUEUE_VIP", "ENQUEUE_NORMAL", "PROCESSING", "COMPLETED"), phases);
            assertEquals("COMPLETED", Http.json(Http.get(base, "api/v1/processing/status", null)).getString("phase"));
        }
    }

    @Test
    void pauseStopsProgressUntilResume() throws InterruptedException {
        try (var operator = WsClient.connectAs(base, "opal", List.of("operator"), List.of());
             var viewer = WsClient.connectAs(base, "vic", List.of(), List.of())) {
            operator.subscribe("processing");
            operator.subscribe("logs");
            var response = Http.post(base, "api/v1/processing/runs", OPERATOR,
                    "{\"orders\":6000,\"vipShare\":0.2,\"ratePerSecond\":2000}");
            assertEquals(202, response.statusCode(), response.body());
            // this run's statuses only: the channel keeps the last status, which may be an earlier run's
            String started = Http.json(response).getString("runId");
            operator.await(f -> "processing.status".equals(f.getString("event", ""))
                    && started.equals(f.getJsonObject("data").getString("runId"))
                    && "PROCESSING".equals(f.getJsonObject("data").getString("phase")));
            assertEquals("forbidden", viewer.request("command", "\"name\":\"processing.pause\"").getString("code"));
            JsonObject paused = operator.request("command", "\"name\":\"processing.pause\"");
            assertTrue(paused.getJsonObject("result").getBoolean("paused"));
            JsonObject logLine = operator.await(f -> "processing.log".equals(f.getString("event", ""))
                    && f.getJsonObject("data").getString("message").endsWith("paused")).getJsonObject("data");
            assertEquals("warn", logLine.getString("level"));
            assertEquals("processing", logLine.getString("category"));
            Thread.sleep(200);
            int atPause = status(operator).getInt("processed");
            assertEquals("PAUSED", status(operator).getString("phase"));
            Thread.sleep(1000);
            assertEquals(atPause, status(operator).getInt("processed"), "no progress while paused");
            assertTrue(atPause < 6000);
            assertEquals(started, status(operator).getString("runId"));
            assertEquals(200, Http.post(base, "api/v1/processing/runs/" + started + "/resume", OPERATOR, "").statusCode());
            operator.await(f -> "processing.status".equals(f.getString("event", ""))
                    && started.equals(f.getJsonObject("data").getString("runId"))
                    && "COMPLETED".equals(f.getJsonObject("data").getString("phase")), Duration.ofSeconds(20));
            assertEquals(403, Http.post(base, "api/v1/processing/runs", TestTokens.token("vic"),
                    "{\"orders\":1,\"vipShare\":0,\"ratePerSecond\":1}").statusCode());
        }
    }

    private static JsonObject status(WsClient client) {
        return client.request("command", "\"name\":\"status\"").getJsonObject("result");
    }
}
