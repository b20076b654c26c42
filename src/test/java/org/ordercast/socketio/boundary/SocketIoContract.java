package org.ordercast.socketio.boundary;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.ordercast.testing.Http;
import org.ordercast.testing.NodeTests;
import org.ordercast.testing.PortableServer;
import org.ordercast.testing.PortableServers;
import org.ordercast.testing.TestTokens;

/**
 * The official {@code socket.io-client} (4.8, from the npm registry) against {@code /socket.io/}: the Node tests in
 * {@code src/test/js/clients/} (the seeds' client code), run against this suite's server with tokens it trusts.
 */
@Tag("portable")
@ExtendWith(PortableServers.class)
class SocketIoContract {

    private final PortableServer server;

    SocketIoContract(PortableServer server) {
        this.server = server;
    }

    @Test
    void seed000sDashboardFollowsAProcessingRun() throws Exception {
        runNode("seed000.mjs", Map.of("OPERATOR_TOKEN", TestTokens.token("opal", "operator")));
    }

    @Test
    void seed002sDashboardGetsCommissionsMetricsAndTheQueue() throws Exception {
        runNode("seed002.mjs", Map.of(
                "MANAGER_TOKEN", TestTokens.token("mia", "manager"),
                "OPERATOR_TOKEN", TestTokens.token("oli", "operator"),
                "CUSTOMER_TOKEN", TestTokens.token("cy", "customer")));
    }

    @Test
    void seed003sOrderRoomsWorkOverWebSocketPollingAndTheUpgrade() throws Exception {
        runNode("seed003.mjs", Map.of(
                "KITCHEN_TOKEN", TestTokens.token("kim", "kitchen"),
                "CUSTOMER_TOKEN", TestTokens.token("carla", "customer"),
                "OTHER_CUSTOMER_TOKEN", TestTokens.token("olga", "customer"),
                "EXPIRING_TOKEN", TestTokens.expiringIn(Duration.ofSeconds(6), "eve", "kitchen"),
                "ROOMS_LIMIT", PortableServer.SUBSCRIPTIONS_PER_CONNECTION));
    }

    @Test
    void seed004sClientGetsItsEventsInItsEnvelope() throws Exception {
        runNode("seed004.mjs", Map.of(
                "STAFF_USER", "stan",
                "STAFF_TOKEN", TestTokens.token("stan", "staff"),
                "CUSTOMER_TOKEN", TestTokens.token("cory", "customer"),
                "PUBLISHER_TOKEN", TestTokens.token("svc", "publisher"),
                "ADMIN_TOKEN", TestTokens.token("root", "admin"),
                "DROPPED_USER", "dot",
                "DROPPED_TOKEN", TestTokens.token("dot", "staff")));
    }

    @Test
    void aClientCutOffRecoversWhatItsRoomsGotMeanwhile() throws Exception {
        runNode("recovery.mjs", Map.of(
                "KITCHEN_TOKEN", TestTokens.token("kai", "kitchen"),
                "PUBLISHER_TOKEN", TestTokens.token("svc", "publisher")));
    }

    @Test
    void floodingOrOversizedSocketsAndUsersPastTheirConnectionsAreRefusedAndOthersServed() throws Exception {
        runNode("limits.mjs", Map.of(
                "MESSAGES_PER_SECOND", PortableServer.MESSAGES_PER_SECOND,
                "CONNECTIONS_PER_USER", PortableServer.CONNECTIONS_PER_USER,
                "KITCHEN_TOKEN", TestTokens.token("kip", "kitchen"),
                "SEATED_TOKEN", TestTokens.token("sia", "kitchen"),
                "PUBLISHER_TOKEN", TestTokens.token("svc", "publisher")));
    }

    /**
     * A poll or a {@code POST} of a session this server does not hold is refused at once, whether its id names
     * nothing, this server's node or another node that is not there: only a live node of the cluster gets a request
     * relayed.
     */
    @Test
    void aSessionItDoesNotHoldIsUnknownAtOnceWhicheverNodeItsIdNames() {
        String sid = polling();
        String node = sid.substring(0, sid.lastIndexOf('.'));
        for (String unknown : List.of("nothing", node + ".0123456789abcdef", "gone-node.0123456789abcdef", "." + sid)) {
            String path = "socket.io/?EIO=4&transport=polling&sid=" + unknown;
            for (var response : List.of(Http.get(server.base(), path, null),
                    Http.send(server.base(), path, null, "POST", "text/plain;charset=UTF-8", "40"))) {
                assertEquals(400, response.statusCode(), unknown + ": " + response.body());
                assertEquals("Session ID unknown", Http.json(response).getString("detail"), unknown);
            }
        }
        assertEquals("ok", post(sid, "1"), "the real session, closed");
    }

    /**
     * A packet whose JSON has more after its value, or a key given twice, ends its session, as any packet the server
     * cannot read does. Read leniently, the first would join the room and the second would connect with the token
     * named last.
     */
    @Test
    void aPacketWithMoreAfterItsJsonOrAKeyTwiceEndsItsSession() {
        String token = TestTokens.token("kit", "kitchen");
        String joined = polling();
        assertEquals("ok", post(joined, "40{\"token\":\"" + token + "\"}"));
        assertTrue(poll(joined).body().startsWith("40{\"sid\""), "connected");
        assertEquals("ok", post(joined, "421[\"join_order_room\",\"strict-1\"]]"));
        assertGone(joined);

        String connecting = polling();
        assertEquals("ok", post(connecting, "40{\"token\":\"not-a-token\",\"token\":\"" + token + "\"}"));
        assertGone(connecting);
    }

    /**
     * A polling payload is UTF-8: one with a byte that is none is refused with 400, and nothing of it is taken (read
     * leniently, the join below would have named a room "caf" and U+FFFD). The session goes on: its next packet is
     * answered.
     */
    @Test
    void aPayloadThatIsNotUtf8IsRefusedWholeAndTheSessionGoesOn() {
        String sid = polling();
        assertEquals("ok", post(sid, "40{\"token\":\"" + TestTokens.token("kit", "kitchen") + "\"}"));
        assertTrue(poll(sid).body().startsWith("40{\"sid\""), "connected");
        String join = "421[\"join_order_room\",\"caf\u00e9\"]";
        var refused = Http.post(server.base(), "socket.io/?EIO=4&transport=polling&sid=" + sid, null,
                join.getBytes(StandardCharsets.ISO_8859_1), "Content-Type", "text/plain;charset=UTF-8");
        assertEquals(400, refused.statusCode(), refused.body());
        assertEquals("the payload is not valid UTF-8 at byte " + (join.indexOf('\u00e9') + 1),
                Http.json(refused).getString("detail"));
        assertEquals("ok", post(sid, "422[\"join_order_room\",\"strict-2\"]"));
        String answers = poll(sid).body();
        assertTrue(answers.contains("\u001e432[") && !answers.contains("431["),
                "the next packet is answered, the refused one not: " + answers);
    }

    private String polling() {
        String handshake = Http.get(server.base(), "socket.io/?EIO=4&transport=polling", null).body();
        return Http.json(handshake.substring(1)).getString("sid");
    }

    private String post(String sid, String packets) {
        return Http.send(server.base(), "socket.io/?EIO=4&transport=polling&sid=" + sid, null, "POST",
                "text/plain;charset=UTF-8", packets).body();
    }

    private HttpResponse<String> poll(String sid) {
        return Http.get(server.base(), "socket.io/?EIO=4&transport=polling&sid=" + sid, null);
    }

    /** The session ended: its next poll is its close packet, or the session is unknown by then. */
    private void assertGone(String sid) {
        var next = poll(sid);
        assertTrue(next.statusCode() == 400 && next.body().contains("Session ID unknown")
                || next.statusCode() == 200 && "1".equals(next.body()), next.statusCode() + " " + next.body());
    }

    private void runNode(String file, Map<String, String> environment) throws Exception {
        NodeTests.run(file, server, environment);
    }
}
