package org.ordercast.auth.boundary;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.JsonObject;
import java.net.URL;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.ordercast.testing.Http;
import org.ordercast.testing.PortableServer;
import org.ordercast.testing.PortableServers;
import org.ordercast.testing.RawHttp;
import org.ordercast.testing.SseClient;
import org.ordercast.testing.TestTokens;
import org.ordercast.testing.WsClient;

/** The three ways to authenticate on {@code /ws}, each refusal on each of them, and the REST side's refusals. */
@Tag("portable")
@ExtendWith(PortableServers.class)
class AuthenticationContract {

    /** Every kind of token that must be refused, with a name for failure messages. */
    private static final Map<String, Function<String, String>> BAD_TOKENS = Map.of(
            "expired", TestTokens::expired,
            "not yet valid", TestTokens::notYetValid,
            "wrong issuer", TestTokens::wrongIssuer,
            "wrong audience", TestTokens::wrongAudience,
            "alg none", TestTokens::unsigned,
            "tampered", TestTokens::tampered,
            "foreign key", TestTokens::foreignKey,
            "garbage", user -> "not.a.jwt",
            // a good token with a character its base64url has no place for, which the JOSE library skipped
            "more after it", user -> TestTokens.token(user, "publisher") + "~");

    private final URL base;

    AuthenticationContract(PortableServer server) {
        base = server.base();
    }

    @Test
    void anonymousConnectionIsWelcomedWithConnected() {
        try (var client = WsClient.connect(base)) {
            JsonObject connected = client.awaitType("connected");
            assertFalse(connected.getBoolean("authenticated"));
            assertEquals(1, connected.getInt("protocol"));
            assertEquals(2, connected.getInt("heartbeat"));
            assertFalse(connected.getString("sessionId").isEmpty());
            assertTrue(connected.isNull("user"));
        }
    }

    @Test
    void bearerHeaderOnTheUpgradeAuthenticates() {
        String token = TestTokens.token("svc-billing", List.of("publisher"), List.of());
        try (var client = WsClient.connect(base, "", Map.of("Authorization", "Bearer " + token))) {
            assertAuthenticatedAs("svc-billing", client.awaitType("connected"));
        }
    }

    @Test
    void accessTokenQueryParameterAuthenticates() {
        String token = TestTokens.token("alice", List.of("staff"), List.of("7"));
        try (var client = WsClient.connect(base, "?access_token=" + token, Map.of())) {
            JsonObject connected = client.awaitType("connected");
            assertAuthenticatedAs("alice", connected);
            assertTrue(connected.getInt("expiresIn") > 3500, connected.toString());
        }
    }

    @Test
    void authenticateFrameAuthenticatesAnOpenConnection() {
        try (var client = WsClient.connect(base)) {
            client.awaitType("connected");
            JsonObject reply = client.request("authenticate", "\"token\":\"" + TestTokens.token("bob", "kitchen") + "\"");
            assertEquals("reply", reply.getString("type"));
            assertAuthenticatedAs("bob", reply.getJsonObject("result"));
            assertEquals("reply", client.subscribe("orders").getString("type"), "kitchen may follow orders now");
        }
    }

    @Test
    void everyBadTokenInAnAuthenticateFrameGetsUnauthorizedAndTheConnectionStays() {
        try (var client = WsClient.connect(base)) {
            client.awaitType("connected");
            BAD_TOKENS.forEach((kind, token) -> {
                JsonObject error = client.request("authenticate", "\"token\":\"" + token.apply("mallory") + "\"");
                assertEquals("error", error.getString("type"), kind);
                assertEquals("unauthorized", error.getString("code"), kind);
            });
            assertEquals("forbidden", client.subscribe("orders").getString("code"), "still anonymous");
            assertEquals("reply", client.subscribe("processing").getString("type"), "and still served");
        }
    }

    @Test
    void everyBadTokenInTheQueryClosesWith4001Or4002() {
        BAD_TOKENS.forEach((kind, token) -> {
            try (var client = WsClient.connect(base, "?access_token=" + token.apply("mallory"), Map.of())) {
                JsonObject error = client.awaitType("error");
                assertEquals("unauthorized", error.getString("code"), kind);
                int expected = kind.equals("expired") ? 4002 : 4001;
                assertEquals(expected, client.awaitClose(WsClient.TIMEOUT), kind);
            }
        });
    }

    @Test
    void everyBadBearerHeaderOnTheUpgradeClosesWith4001Or4002ForAnExpiredOne() {
        BAD_TOKENS.forEach((kind, token) -> {
            try (var client = WsClient.connect(base, "", Map.of("Authorization", "Bearer " + token.apply("mallory")))) {
                assertEquals("unauthorized", client.awaitType("error").getString("code"), kind);
                assertEquals(kind.equals("expired") ? 4002 : 4001, client.awaitClose(WsClient.TIMEOUT), kind);
            }
        });
    }

    @Test
    void everyBadTokenIsRefusedByTheRestApiWith401ProblemAndABearerChallenge() {
        String body = "{\"channel\":\"broadcast\",\"event\":\"system.test\",\"data\":{}}";
        BAD_TOKENS.forEach((kind, token) -> {
            var refused = Http.post(base, "api/v1/publish", token.apply("mallory"), body);
            assertEquals(401, refused.statusCode(), kind);
            assertProblemWithChallenge(refused, "invalid_token", kind);
            var anywhere = Http.get(base, "api/v1/orders", token.apply("mallory"));
            assertEquals(401, anywhere.statusCode(), kind);
            assertProblemWithChallenge(anywhere, "invalid_token", kind);
        });
        var anonymous = Http.post(base, "api/v1/publish", null, body);
        assertEquals(401, anonymous.statusCode(), "no token");
        assertProblemWithChallenge(anonymous, null, "no token");
        var forbidden = Http.post(base, "api/v1/publish", TestTokens.token("eve", "staff"), body);
        assertEquals(403, forbidden.statusCode(), "valid token without the publisher role");
        assertProblemWithChallenge(forbidden, "insufficient_scope", "wrong role");
        assertEquals(200, Http.post(base, "api/v1/publish", TestTokens.token("svc", "publisher"), body).statusCode());
    }

    @Test
    void aTokenWhoseHeaderNamesAKeyIdIsAcceptedWithASingleConfiguredKey() {
        String token = TestTokens.withKeyId("kai", "idp-signing-key-1", "publisher");
        var published = Http.post(base, "api/v1/publish", token,
                "{\"channel\":\"broadcast\",\"event\":\"system.test\",\"data\":{}}");
        assertEquals(200, published.statusCode(), published.body());
        try (var client = WsClient.connect(base, "", Map.of("Authorization", "Bearer " + token))) {
            assertAuthenticatedAs("kai", client.awaitType("connected"));
        }
        try (var client = WsClient.connect(base)) {
            client.awaitType("connected");
            assertEquals("reply", client.request("authenticate", "\"token\":\"" + token + "\"").getString("type"));
        }
    }

    @Test
    void aTokenInTheUrlIsRefusedOutsideTheStreamAndTheUpgrade() {
        String customer = TestTokens.token("cleo", "customer");
        var order = Http.post(base, "api/v1/orders?access_token=" + customer, null,
                "{\"customerName\":\"Cleo\",\"items\":[{\"name\":\"Tea\",\"price\":2,\"quantity\":1}]}");
        assertEquals(401, order.statusCode(), "no order is placed with a token in the URL");
        assertTrue(Http.json(order).getString("detail").contains("Authorization"), order.body());
        assertEquals(401, Http.post(base, "api/v1/users/me/notifications/1/read?access_token=" + customer, null, "")
                .statusCode());
        assertEquals(401, Http.get(base, "api/v1/channels/processing/events?access_token=" + customer, null)
                .statusCode());
        try (var stream = SseClient.open(base, "?channel=user:cleo&access_token=" + customer,
                null, null)) {
            assertEquals(200, stream.status(), "EventSource cannot send headers: the stream takes access_token");
        }
    }

    private static void assertProblemWithChallenge(HttpResponse<String> response, String error,
                                                   String kind) {
        assertEquals("application/problem+json", response.headers().firstValue("Content-Type").orElse(""), kind);
        String challenge = response.headers().firstValue("WWW-Authenticate").orElse("");
        assertTrue(challenge.startsWith("Bearer"), kind + ": " + challenge);
        if (error != null) {
            assertTrue(challenge.contains("error=\"" + error + "\""), kind + ": " + challenge);
        }
        assertEquals(response.statusCode(), Http.json(response).getInt("status"), kind);
    }

    @Test
    void developmentTokenEndpointIssuesTokensTheServerAccepts() {
        var response = Http.post(base, "api/v1/dev/tokens", null,
                "{\"user\":\"carol\",\"groups\":[\"manager\"],\"stores\":[\"7\"]}");
        assertEquals(200, response.statusCode(), response.body());
        String token = Http.json(response).getString("token");
        try (var client = WsClient.connect(base, "?access_token=" + token, Map.of())) {
            assertAuthenticatedAs("carol", client.awaitType("connected"));
            assertEquals("reply", client.subscribe("store:7").getString("type"));
            assertEquals("reply", client.subscribe("dashboard").getString("type"));
        }
    }

    @Test
    void anExpiredTokenClosesAnOpenConnectionWith4002AfterTheGracePeriod() {
        String token = TestTokens.expiringIn(Duration.ofSeconds(2), "dave", "staff");
        try (var client = WsClient.connect(base, "?access_token=" + token, Map.of())) {
            assertAuthenticatedAs("dave", client.awaitType("connected"));
            assertEquals(4002, client.awaitClose(Duration.ofSeconds(15)));
        }
    }

    /**
     * A request with two {@code Authorization} headers is refused with 400 and RFC 6750's {@code invalid_request} on
     * every path, the WebSocket upgrade among them, and does nothing: servlets would take the first token, JAX-RS
     * both joined, a proxy perhaps the last.
     */
    @Test
    void twoAuthorizationHeadersAreRefusedOnEveryPath() throws Exception {
        String publisher = TestTokens.token("pia", "publisher");
        String both = "Authorization: Bearer " + publisher + "\r\nAuthorization: Bearer "
                + TestTokens.token("cid", "customer") + "\r\n";
        for (String path : List.of("api/v1/auth/me", "api/v1/stream?channel=orders", "api/v1/channels/orders/events",
                "socket.io/?EIO=4&transport=polling", "metrics", "ws")) {
            String upgrade = path.equals("ws") ? RawHttp.UPGRADE : "";
            List<String> head = RawHttp.exchange(base, "GET " + base.getPath() + path + " HTTP/1.1\r\n" + upgrade + both);
            assertTrue(head.get(0).contains(" 400 "), path + ": " + head);
            assertTrue(head.stream().anyMatch(line -> line.regionMatches(true, 0, "WWW-Authenticate:", 0, 17)
                    && line.contains("error=\"invalid_request\"")), path + ": " + head);
        }
        String channel = "order:" + UUID.randomUUID().toString().substring(0, 8);
        String publication = "{\"channel\":\"" + channel + "\",\"event\":\"order.created\",\"data\":{}}";
        try (var socket = RawHttp.send(base, null, "POST " + base.getPath() + "api/v1/publish HTTP/1.1\r\n" + both
                + "Content-Type: application/json\r\nContent-Length: " + publication.length() + "\r\n")) {
            socket.getOutputStream().write(publication.getBytes(StandardCharsets.US_ASCII));
            assertEquals("400", RawHttp.status(socket));
        }
        var published = Http.post(base, "api/v1/publish", publisher, publication);
        assertEquals(1, Http.json(published).getInt("offset"), "the refused request published nothing: " + published.body());
    }

    /**
     * A token given twice in the query is refused with 400 and {@code invalid_request} on every path that takes a
     * token in its query, the upgrades among them: the containers took the first (a proxy or a log reader may take
     * the other). One that is not percent-encoding is refused with 400 too, where the container has not refused the
     * request itself (WildFly and Open Liberty refuse some): Payara dropped it, which left the request anonymous.
     */
    @Test
    void aTokenGivenTwiceOrUndecodableInTheQueryIsRefusedOnEveryPathThatTakesOne() throws Exception {
        String publisher = TestTokens.token("pia", "publisher");
        String customer = TestTokens.token("cid", "customer");
        for (String path : List.of(
                "api/v1/stream?channel=orders&access_token=" + publisher + "&access_token=" + customer,
                "api/v1/stream?access_token=" + publisher + "&channel=orders&access%5Ftoken=" + publisher,
                "ws?access_token=" + publisher + "&access_token=" + customer,
                "ws/envelope?access_token=" + publisher + "&token=" + customer,
                "socket.io/?EIO=4&transport=polling&token=" + publisher + "&token=" + customer,
                "socket.io/?EIO=4&transport=websocket&token=" + customer + "&token=" + customer)) {
            List<String> head = get(path);
            assertTrue(head.get(0).contains(" 400 "), path + ": " + head);
            assertTrue(head.stream().anyMatch(line -> line.regionMatches(true, 0, "WWW-Authenticate:", 0, 17)
                    && line.contains("error=\"invalid_request\"")), path + ": " + head);
        }
        for (String path : List.of("api/v1/stream?channel=orders&access_token=%ZZ",
                "ws?access_token=" + publisher + "%", "ws/envelope?token=%G0",
                "socket.io/?EIO=4&transport=polling&token=%")) {
            List<String> head = get(path);
            assertTrue(head.get(0).contains(" 400 "), path + ": " + head);
        }
        try (var stream = SseClient.open(base, "?channel=user:cid&access_token=" + customer + "&token=" + publisher,
                null, null)) {
            assertEquals(200, stream.status(), "token is no token parameter of the stream");
        }
    }

    /** The head of the answer to a GET of this path, as a WebSocket upgrade for the upgrades' paths. */
    private List<String> get(String path) throws Exception {
        String upgrade = path.startsWith("ws") || path.contains("transport=websocket") ? RawHttp.UPGRADE : "";
        return RawHttp.exchange(base, "GET " + base.getPath() + path + " HTTP/1.1\r\n" + upgrade);
    }

    private static void assertAuthenticatedAs(String user, JsonObject frame) {
        assertTrue(frame.getBoolean("authenticated"), frame.toString());
        assertEquals(user, frame.getJsonObject("user").getString("id"));
    }
}
