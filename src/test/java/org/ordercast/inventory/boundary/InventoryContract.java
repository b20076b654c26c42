package org.ordercast.inventory.boundary;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.JsonObject;
import java.net.URL;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.ordercast.testing.Http;
import org.ordercast.testing.PortableServer;
import org.ordercast.testing.PortableServers;
import org.ordercast.testing.TestTokens;
import org.ordercast.testing.WsClient;

/** Stock levels: one alert per threshold crossing, never below zero, nothing published for a rolled-back change. */
@Tag("portable")
@ExtendWith(PortableServers.class)
class InventoryContract {

    private static final String STAFF = TestTokens.token("stock", "staff");

    private final URL base;

    InventoryContract(PortableServer server) {
        base = server.base();
    }

    @Test
    void alertsComeOncePerCrossing() {
        String product = product();
        try (var staff = WsClient.connectAs(base, "ivy", List.of("staff"), List.of())) {
            staff.subscribe("inventory");
            set(product, 20, 10);
            adjust(product, -8);
            adjust(product, -3);
            adjust(product, -2);
            adjust(product, -7);
            assertEquals(409, Http.post(base, "api/v1/inventory/" + product + "/adjust", STAFF, "{\"delta\":-1}").statusCode());
            set(product, 30, 10);
            var seen = new ArrayList<String>();
            for (int i = 0; i < 3; i++) {
                JsonObject alert = staff.await(f -> "inventory".equals(f.getString("channel", ""))
                        && product.equals(f.getJsonObject("data").getString("productId")));
                seen.add(alert.getString("event") + "@" + alert.getJsonObject("data").getInt("quantity"));
            }
            assertEquals(List.of("inventory.low_stock@9", "inventory.out_of_stock@0", "inventory.restocked@30"), seen);
            assertTrue(staff.poll(f -> f.toString().contains(product), Duration.ofMillis(300)).isEmpty(),
                    "no alert for updates that stay on one side");
        }
    }

    @Test
    void aRolledBackAdjustmentPublishesNothing() {
        String plenty = product();
        String scarce = product();
        set(plenty, 20, 10);
        set(scarce, 3, 1);
        try (var staff = WsClient.connectAs(base, "ike", List.of("staff"), List.of())) {
            staff.subscribe("inventory");
            var refused = Http.post(base, "api/v1/inventory/adjustments", STAFF, "[{\"productId\":\"" + plenty
                    + "\",\"delta\":-15},{\"productId\":\"" + scarce + "\",\"delta\":-5}]");
            assertEquals(409, refused.statusCode(), refused.body());
            assertEquals(3, Http.json(refused).getInt("available"));
            assertEquals(20, Http.json(Http.get(base, "api/v1/inventory/" + plenty, STAFF)).getInt("quantity"),
                    "the first adjustment was rolled back with the second");
            assertTrue(staff.poll(f -> f.toString().contains(plenty), Duration.ofMillis(500)).isEmpty(),
                    "and its low-stock alert was never published");
        }
    }

    @Test
    void lowStockListingAndCompletedOrdersTakeStock() {
        String product = product();
        set(product, 12, 10);
        var order = Http.json(Http.post(base, "api/v1/orders", STAFF, "{\"customerName\":\"Al\",\"items\":[{\"name\":\"Flour\","
                + "\"price\":1.00,\"quantity\":4,\"productId\":\"" + product + "\"}]}"));
        for (String status : List.of("IN_PROGRESS", "READY", "COMPLETED")) {
            assertEquals(200, Http.post(base, "api/v1/orders/" + order.getString("id") + "/status", STAFF,
                    "{\"status\":\"" + status + "\"}").statusCode());
        }
        JsonObject after = Http.json(Http.get(base, "api/v1/inventory/" + product, STAFF));
        assertEquals(8, after.getInt("quantity"));
        assertTrue(after.getBoolean("lowStock"));
        assertTrue(Http.get(base, "api/v1/inventory?lowStock=true", STAFF).body().contains(product));
        var unclear = Http.get(base, "api/v1/inventory?lowStock=yes", STAFF);
        assertEquals(400, unclear.statusCode(), "not read as false, which would list every product");
        assertEquals("query parameter 'lowStock' must be true or false", Http.json(unclear).getString("detail"));
        assertEquals(403, Http.put(base, "api/v1/inventory/" + product, TestTokens.token("kid", "kitchen"),
                "{\"quantity\":1}").statusCode());
        assertEquals(400, Http.put(base, "api/v1/inventory/" + product, STAFF, "{\"quantity\":-1}").statusCode());
    }

    private static String product() {
        return "p-" + UUID.randomUUID().toString().substring(0, 8);
    }

    private void set(String product, int quantity, int threshold) {
        var response = Http.put(base, "api/v1/inventory/" + product, STAFF,
                "{\"quantity\":" + quantity + ",\"threshold\":" + threshold + ",\"name\":\"Flour\"}");
        assertEquals(200, response.statusCode(), response.body());
    }

    private void adjust(String product, int delta) {
        var response = Http.post(base, "api/v1/inventory/" + product + "/adjust", STAFF, "{\"delta\":" + delta + "}");
        assertEquals(200, response.statusCode(), response.body());
    }
}
