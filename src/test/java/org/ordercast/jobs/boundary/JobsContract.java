package org.ordercast.jobs.boundary;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.JsonObject;
import java.net.URL;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.ordercast.testing.Http;
import org.ordercast.testing.PortableServer;
import org.ordercast.testing.PortableServers;
import org.ordercast.testing.TestTokens;
import org.ordercast.testing.WsClient;

/** Queue jobs with progress, commissions on the dashboard and the contract, queue statistics, dashboard metrics. */
@Tag("portable")
@ExtendWith(PortableServers.class)
class JobsContract {

    private static final String MANAGER = TestTokens.token("mia", "manager", "operator");

    private final URL base;

    JobsContract(PortableServer server) {
        base = server.base();
    }

    @Test
    void aCommissionJobReportsProgressThenTheCommission() {
        try (var operator = WsClient.connectAs(base, "oli", List.of("operator"), List.of());
             var manager = WsClient.connectAs(base, "mia", List.of("manager"), List.of())) {
            operator.subscribe("queue");
            manager.subscribe("dashboard");
            manager.subscribe("contract:c9");
            var response = Http.post(base, "api/v1/jobs", MANAGER, "{\"type\":\"commission.calculate\",\"contractId\":\"c9\"}");
            assertEquals(202, response.statusCode(), response.body());
            String jobId = Http.json(response).getString("jobId");
            var progress = new ArrayList<Integer>();
            while (progress.isEmpty() || progress.get(progress.size() - 1) < 100) {
                progress.add(operator.await(f -> "queue.job_progress".equals(f.getString("event", ""))
                        && jobId.equals(f.getJsonObject("data").getString("jobId"))).getJsonObject("data").getInt("progress"));
            }
            assertEquals(List.of(0, 20, 40, 60, 80, 100), progress);
            operator.await(f -> "queue.job_completed".equals(f.getString("event", "")));
            JsonObject stats = operator.await(f -> "queue.stats".equals(f.getString("event", ""))
                    && f.getJsonObject("data").getInt("completed") >= 1, Duration.ofSeconds(5)).getJsonObject("data");
            assertEquals(0, stats.getInt("active") + stats.getInt("waiting"));

            for (String channel : List.of("dashboard", "contract:c9")) {
                JsonObject commission = manager.await(f -> "commission.calculated".equals(f.getString("event", ""))
                        && channel.equals(f.getString("channel"))).getJsonObject("data");
                assertEquals("c9", commission.getString("contractId"));
                assertTrue(commission.getJsonNumber("commissionAmount").doubleValue() > 0);
                assertTrue(commission.containsKey("totalRevenue") && commission.containsKey("period"));
            }
        }
    }

    @Test
    void aFailingJobReportsTheFailure() {
        try (var operator = WsClient.connectAs(base, "ota", List.of("operator"), List.of())) {
            operator.subscribe("queue");
            var response = Http.post(base, "api/v1/jobs", MANAGER, "{\"type\":\"report.export\",\"fail\":true}");
            String jobId = Http.json(response).getString("jobId");
            JsonObject failed = operator.await(f -> "queue.job_failed".equals(f.getString("event", ""))
                    && jobId.equals(f.getJsonObject("data").getString("jobId"))).getJsonObject("data");
            assertTrue(failed.getString("error").contains("60%"));
            assertEquals(400, Http.post(base, "api/v1/jobs", MANAGER, "{\"type\":\"mining\"}").statusCode());
            assertEquals(403, Http.post(base, "api/v1/jobs", TestTokens.token("x", "staff"), "{\"type\":\"report.export\"}")
                    .statusCode());
        }
    }

    @Test
    void dashboardMetricsFollowTheOrders() {
        try (var manager = WsClient.connectAs(base, "max", List.of("manager"), List.of())) {
            manager.subscribe("dashboard");
            int before = Http.json(Http.get(base, "api/v1/dashboard/metrics", MANAGER)).getInt("openOrders");
            var placed = Http.post(base, "api/v1/orders", TestTokens.token("cy", "customer"),
                    "{\"items\":[{\"name\":\"Tea\",\"price\":2,\"quantity\":1}]}");
            assertEquals(201, placed.statusCode());
            JsonObject metrics = manager.await(f -> "dashboard.metrics".equals(f.getString("event", ""))
                    && f.getJsonObject("data").getInt("openOrders") == before + 1, Duration.ofSeconds(5)).getJsonObject("data");
            assertTrue(metrics.getInt("connectedClients") >= 1);
            assertTrue(metrics.containsKey("revenue") && metrics.containsKey("ordersToday")
                    && metrics.containsKey("lowStockProducts"));
        }
    }
}
