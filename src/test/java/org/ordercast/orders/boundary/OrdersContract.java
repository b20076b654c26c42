package org.ordercast.orders.boundary;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.net.Socket;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.ordercast.testing.Http;
import org.ordercast.testing.PortableServer;
import org.ordercast.testing.PortableServers;
import org.ordercast.testing.TestTokens;
import org.ordercast.testing.WsClient;

/** Orders and the kitchen: the seed events of a whole order lifecycle, refused moves, who may do what. */
@Tag("portable")
@ExtendWith(PortableServers.class)
class OrdersContract {

    private static final String CUSTOMER = TestTokens.token("carla", List.of("customer"), List.of());
    private static final String KITCHEN = TestTokens.token("chef", List.of("kitchen"), List.of());

    private final URL base;

    OrdersContract(PortableServer server) {
        base = server.base();
    }

    @Test
    void aWatcherOfTheOrderItsStoreAndAllOrdersSeesTheWholeLifecycle() {
        try (var staff = WsClient.connectAs(base, "stan", List.of("staff"), List.of("7"));
             var customer = WsClient.connectAs(base, "carla", List.of("customer"), List.of())) {
            staff.subscribe("orders");
            staff.subscribe("store:7");
            customer.subscribe("user:carla");
            JsonObject order = place(CUSTOMER, "7");
            String id = order.getString("id");
            assertEquals("PENDING", order.getString("status"));
            assertFalse(order.isNull("estimatedReadyAt"));
            assertEquals("reply", staff.subscribe("order:" + id).getString("type"));
            assertEquals("reply", customer.subscribe("order:" + id).getString("type"), "the customer follows their order");

            for (String channel : List.of("orders", "store:7")) {
                JsonObject created = orderEvent(staff, channel);
                assertEquals("order.created", created.getString("event"));
                assertEquals(id, created.getJsonObject("data").getString("orderId"));
                assertEquals(2, created.getJsonObject("data").getJsonArray("items").size());
            }
            assertEquals("order.created", customer.awaitEvent("user:carla").getString("event"));

            List<String> path = List.of("PENDING", "IN_PROGRESS", "READY", "COMPLETED");
            for (int step = 1; step < path.size(); step++) {
                assertEquals(200, move(KITCHEN, id, path.get(step)).statusCode());
                for (String channel : List.of("order:" + id, "orders", "store:7")) {
                    JsonObject changed = orderEvent(staff, channel);
                    assertEquals("order.status_changed", changed.getString("event"), channel);
                    assertEquals(path.get(step - 1), changed.getJsonObject("data").getString("previousStatus"));
                    assertEquals(path.get(step), changed.getJsonObject("data").getString("status"));
                }
                assertEquals(path.get(step), customer.awaitEvent("order:" + id).getJsonObject("data").getString("status"));
            }
            var extra = staff.poll(f -> f.getString("event", "").startsWith("order."), Duration.ofMillis(300));
            assertTrue(extra.isEmpty(), "exactly those order events, nothing more: " + extra);
        }
    }

    /**
     * A customer's user id comes from the token. An address with a tag is a channel id, so that customer hears their
     * order on their user channel; a name with a space is none, and placing and moving that customer's order failed
     * with 500 when the user channel could not be named. Now that customer has no user channel, and the order goes on.
     */
    @Test
    void aCustomerWhoseIdNamesNoChannelStillOrdersAndOneWithATaggedAddressHearsIt() {
        String tagged = "ana+orders@example.com";
        try (var ana = WsClient.connectAs(base, tagged, List.of("customer"), List.of())) {
            assertEquals("reply", ana.subscribe("user:" + tagged).getString("type"));
            String id = place(TestTokens.token(tagged, List.of("customer"), List.of()), null).getString("id");
            JsonObject created = ana.awaitEvent("user:" + tagged);
            assertEquals("order.created", created.getString("event"));
            assertEquals(id, created.getJsonObject("data").getString("orderId"));
        }
        for (String unnamable : List.of("Jane Doe", "jo:e")) {
            String token = TestTokens.token(unnamable, List.of("customer"), List.of());
            String id = place(token, null).getString("id");
            assertEquals(200, move(KITCHEN, id, "IN_PROGRESS").statusCode(), unnamable);
            // no user channel, so no notifications: an empty list, and no channel named after an id that is none
            JsonObject list = Http.json(Http.get(base, "api/v1/users/me/notifications", token));
            assertEquals(0, list.getJsonArray("notifications").size(), unnamable);
            assertFalse(list.containsKey("channel"), list.toString());
        }
    }

    @Test
    void aRefusedMoveAnswers409WithTheAllowedStatesAndPublishesNothing() {
        String id = place(CUSTOMER, null).getString("id");
        try (var staff = WsClient.connectAs(base, "stu", List.of("staff"), List.of())) {
            staff.subscribe("order:" + id);
            var refused = move(KITCHEN, id, "COMPLETED");
            assertEquals(409, refused.statusCode());
            JsonObject problem = Http.json(refused);
            assertEquals(List.of("IN_PROGRESS", "CANCELLED"), problem.getJsonArray("allowed").getValuesAs(JsonString::getString));
            assertTrue(problem.getString("detail").contains("PENDING"));
            assertFalse(staff.receives(f -> "event".equals(f.getString("type", "")), Duration.ofMillis(500)));
            assertEquals("PENDING", Http.json(Http.get(base, "api/v1/orders/" + id, KITCHEN)).getString("status"));
        }
    }

    @Test
    void aCustomerMayCancelTheirOwnPendingOrderAndNothingElse() {
        String own = place(CUSTOMER, null).getString("id");
        String other = place(TestTokens.token("otto", "customer"), null).getString("id");
        assertEquals(403, move(CUSTOMER, own, "IN_PROGRESS").statusCode(), "only the kitchen moves orders on");
        assertEquals(403, move(CUSTOMER, other, "CANCELLED").statusCode(), "not someone else's order");
        assertEquals(403, Http.get(base, "api/v1/orders/" + other, CUSTOMER).statusCode());
        try (var carla = WsClient.connectAs(base, "carla", List.of("customer"), List.of())) {
            assertEquals("forbidden", carla.subscribe("order:" + other).getString("code"));
            carla.subscribe("order:" + own);
            assertEquals(200, move(CUSTOMER, own, "CANCELLED").statusCode());
            assertEquals("order.cancelled", carla.awaitEvent("order:" + own).getString("event"));
        }
        assertEquals(400, move(KITCHEN, own, "SHIPPED").statusCode());
        assertEquals(404, move(KITCHEN, "nope", "READY").statusCode());
    }

    @Test
    void listsFilterAndStatisticsSumUp() {
        String id = place(CUSTOMER, "42").getString("id");
        var mine = Http.json(Http.get(base, "api/v1/orders/" + id, CUSTOMER));
        assertEquals("carla", mine.getString("customerId"));
        var inStore = Http.get(base, "api/v1/orders?store=42&status=PENDING", KITCHEN);
        assertEquals(200, inStore.statusCode());
        assertTrue(inStore.body().contains(id));
        var stats = Http.json(Http.get(base, "api/v1/orders/stats/overview", KITCHEN));
        assertTrue(stats.getJsonObject("byStatus").getInt("PENDING") >= 1);
        assertTrue(stats.getInt("totalOrders") >= 1);
        assertTrue(stats.containsKey("averagePreparationMinutes"));
        assertFalse(stats.containsKey("revenue"), "shop-wide revenue is for the roles of /dashboard/metrics");
        String manager = TestTokens.token("mona", "manager");
        assertTrue(Http.json(Http.get(base, "api/v1/orders/stats/overview", manager)).containsKey("revenue"));
        assertEquals(403, Http.get(base, "api/v1/orders/stats/overview", CUSTOMER).statusCode(),
                "a customer reads neither the overview nor /dashboard/metrics");
        assertEquals(403, Http.get(base, "api/v1/dashboard/metrics", CUSTOMER).statusCode());
        assertEquals(400, Http.get(base, "api/v1/orders?page=2147483647&size=500", KITCHEN).statusCode(),
                "a page past the end of int is a bad request, not a server error");
        var notANumber = Http.get(base, "api/v1/orders?page=2&size=many", KITCHEN);
        assertEquals(400, notANumber.statusCode(), "JAX-RS alone would answer 404");
        assertEquals("query parameter 'size' must be an integer", Http.json(notANumber).getString("detail"));
        assertEquals(400, Http.post(base, "api/v1/orders", CUSTOMER, "{\"items\":[]}").statusCode());
        assertEquals(401, Http.post(base, "api/v1/orders", null,
                "{\"items\":[{\"name\":\"Tea\",\"price\":2,\"quantity\":1}]}").statusCode());
    }

    /**
     * Lines the order's columns cannot hold are refused with 400 naming the field, and nothing is stored; before, the
     * database refused them at commit and the caller got a server error (Payara's HTML error page). A quantity that is
     * not a whole number of 32 bits is refused too.
     */
    @Test
    void aLineBeyondWhatAnOrderHoldsIsABadRequest() {
        String store = "bounds" + Long.toString(System.nanoTime(), 36);
        Map<String, String> bad = Map.of(
                "\"name\":\"Tea\",\"price\":1e20", "price",
                "\"name\":\"Tea\",\"price\":10000000", "price",
                "\"name\":\"Tea\",\"price\":0.001", "price",
                "\"name\":\"Tea\",\"price\":1e-1000000000", "price",
                "\"name\":\"Tea\",\"price\":1e1000000000", "price",
                "\"name\":\"" + "T".repeat(201) + "\",\"price\":2", "name",
                "\"name\":\"Tea\",\"price\":2,\"productId\":\"" + "p".repeat(129) + "\"", "productId");
        bad.forEach((line, field) -> {
            var response = Http.post(base, "api/v1/orders", CUSTOMER, "{\"storeId\":\"" + store + "\",\"items\":[{" + line
                    + ",\"quantity\":1}]}");
            assertEquals(400, response.statusCode(), line + " -> " + response.body());
            assertTrue(Http.json(response).getString("detail").contains(field), line + " -> " + response.body());
        });
        // JSON-B alone cut these to whole numbers: 1 and 1 (2^32 + 1), both within the bounds
        for (String quantity : List.of("1.5", "4294967297")) {
            var response = Http.post(base, "api/v1/orders", CUSTOMER, "{\"storeId\":\"" + store
                    + "\",\"items\":[{\"name\":\"Tea\",\"price\":2,\"quantity\":" + quantity + "}]}");
            assertEquals(400, response.statusCode(), quantity + " -> " + response.body());
        }
        var most = Http.post(base, "api/v1/orders", CUSTOMER, "{\"storeId\":\"" + store + "\",\"items\":["
                + String.join(",", Collections.nCopies(100,
                        "{\"name\":\"Tea\",\"price\":9999999.99,\"quantity\":1000}")) + "]}");
        assertEquals(201, most.statusCode(), most.body());
        assertEquals("999999999000.00", Http.json(most).getJsonNumber("total").bigDecimalValue().toPlainString());
        var stored = Http.get(base, "api/v1/orders?store=" + store, KITCHEN);
        assertEquals(1, Http.json("{\"orders\":" + stored.body() + "}").getJsonArray("orders").size(), stored.body());
    }

    @Test
    void theKitchenSimulationTakesSampleOrdersToCompletion() {
        try (var kitchen = WsClient.connectAs(base, "kim", List.of("kitchen"), List.of())) {
            kitchen.subscribe("orders");
            var samples = Http.post(base, "api/v1/orders/demo/create-sample", KITCHEN, "");
            assertEquals(200, samples.statusCode(), samples.body());
            var ids = new ArrayList<String>();
            Http.json("{\"o\":" + samples.body() + "}").getJsonArray("o").getValuesAs(JsonObject.class)
                    .forEach(o -> ids.add(o.getString("id")));
            assertEquals(3, ids.size());
            assertEquals(403, Http.post(base, "api/v1/orders/simulate/kitchen-workflow", CUSTOMER, "").statusCode());
            assertEquals(200, Http.post(base, "api/v1/orders/simulate/kitchen-workflow", KITCHEN, "").statusCode());
            for (String id : ids) {
                kitchen.await(f -> "order.status_changed".equals(f.getString("event", ""))
                        && id.equals(f.getJsonObject("data").getString("orderId"))
                        && "COMPLETED".equals(f.getJsonObject("data").getString("status")), Duration.ofSeconds(20));
            }
        }
    }

    /** The next order event of a channel (a store channel also carries presence events). */
    private static JsonObject orderEvent(WsClient client, String channel) {
        return client.await(f -> channel.equals(f.getString("channel", "")) && f.getString("event", "").startsWith("order."));
    }

    @Test
    void aBodyOverTheLimitIsRefusedBeforeTheResourceReadsIt() throws Exception {
        // JAX-RS read a body whole and bound it before the resource refused it: 60 MB from any signed-in user
        String detail = "the request body is over [0-9]+ bytes \\(ordercast\\.api\\.max-body-bytes\\)";
        try (var socket = new Socket(base.getHost(), base.getPort())) {
            socket.setSoTimeout(30_000);
            // 3 MB declared and none sent: only an answer given unread comes back
            socket.getOutputStream().write(("POST " + base.getPath() + "api/v1/orders HTTP/1.1\r\nHost: "
                    + base.getHost() + ":" + base.getPort() + "\r\nAuthorization: Bearer " + CUSTOMER
                    + "\r\nContent-Type: application/json\r\nContent-Length: 3000000\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            var in = new DataInputStream(socket.getInputStream());
            var answer = new StringBuilder(line(in));
            int length = 0;
            for (String header; !(header = line(in)).isEmpty(); ) {
                answer.append('\n').append(header);
                if (header.toLowerCase(Locale.ROOT).startsWith("content-length:")) {
                    length = Integer.parseInt(header.substring(15).strip());
                }
            }
            byte[] body = new byte[length];
            in.readFully(body);
            answer.append("\n\n").append(new String(body, StandardCharsets.UTF_8));
            assertTrue(answer.toString().startsWith("HTTP/1.1 413 "), base + ": " + answer);
            assertTrue(Http.json(new String(body, StandardCharsets.UTF_8)).getString("detail").matches(detail));
        }
        // over the limit (1 MiB; here twice the test servers' publish.max-bytes and a little), with no length given
        var client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        String large = "{\"customerName\":\"" + "x".repeat(2_200_000) + "\",\"items\":[]}";
        var refused = client.send(chunkedOrder(large), HttpResponse.BodyHandlers.ofString());
        assertEquals(413, refused.statusCode(), refused.body());
        assertTrue(Http.json(refused).getString("detail").matches(detail), refused.body());
        var placed = client.send(chunkedOrder("{\"customerName\":\"Chunked Customer\",\"items\":[{\"name\":\"Tea\","
                + "\"price\":2,\"quantity\":1}]}"), HttpResponse.BodyHandlers.ofString());
        assertEquals(201, placed.statusCode(), "a chunked body within the limit reaches the resource: "
                + placed.body());
        assertEquals("Chunked Customer", Http.json(placed).getString("customerName"));
    }

    /** A customer's order whose body is sent chunked, its length not given. */
    private HttpRequest chunkedOrder(String json) {
        return HttpRequest.newBuilder(URI.create(base + "api/v1/orders")).timeout(Duration.ofSeconds(30))
                .header("Authorization", "Bearer " + CUSTOMER).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.fromPublisher(HttpRequest.BodyPublishers.ofString(json))).build();
    }

    private static String line(DataInputStream in) throws IOException {
        var line = new StringBuilder();
        for (int c; (c = in.read()) != '\n'; ) {
            if (c < 0) {
                throw new EOFException("closed after: " + line);
            }
            if (c != '\r') {
                line.append((char) c);
            }
        }
        return line.toString();
    }

    private JsonObject place(String token, String store) {
        var response = Http.post(base, "api/v1/orders", token, "{\"customerName\":\"Test Customer\","
                + (store == null ? "" : "\"storeId\":\"" + store + "\",")
                + "\"items\":[{\"name\":\"Large Fries\",\"price\":3.50,\"quantity\":1},"
                + "{\"name\":\"Cheeseburger\",\"price\":8.50,\"quantity\":1}]}");
        assertEquals(201, response.statusCode(), response.body());
        return Http.json(response);
    }

    private java.net.http.HttpResponse<String> move(String token, String id, String status) {
        return Http.post(base, "api/v1/orders/" + id + "/status", token, "{\"status\":\"" + status + "\"}");
    }
}
