package org.ordercast.socketio.entity;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.JsonString;
import org.junit.jupiter.api.Test;
import org.ordercast.socketio.entity.SocketPacket.BadPacketException;
import org.ordercast.socketio.entity.SocketPacket.Type;

class SocketPacketTest {

    @Test
    void readsAnEventWithItsNamespaceAndAcknowledgementId() throws BadPacketException {
        SocketPacket packet = SocketPacket.parse("2/orders,12[\"subscribe\",{\"channel\":\"orders\"}]");
        assertEquals(Type.EVENT, packet.type());
        assertEquals("/orders", packet.namespace());
        assertEquals(12L, packet.ackId());
        assertEquals("subscribe", ((JsonString) packet.data().asJsonArray().get(0)).getString());
    }

    @Test
    void refusesPayloadsItCannotRead() {
        String deep = "2[\"subscribe\"," + "[".repeat(5000) + "]".repeat(5000) + "]";
        assertEquals("the payload is not valid JSON: nested more than 500 levels at line 1, column 514",
                assertThrows(BadPacketException.class, () -> SocketPacket.parse(deep)).getMessage());
        assertTrue(assertThrows(BadPacketException.class, () -> SocketPacket.parse("2[\"subscribe\""))
                .getMessage().startsWith("the payload is not valid JSON: unexpected input at line 1, column "));
        assertEquals("the payload is not valid JSON: unexpected input at line 1, column 24",
                assertThrows(BadPacketException.class, () -> SocketPacket.parse("2[\"join_order_room\",\"7\"]]"))
                        .getMessage());
        assertEquals("the payload is not valid JSON: key 'userId' appears twice in one object at line 1, column 36",
                assertThrows(BadPacketException.class,
                        () -> SocketPacket.parse("0{\"userId\":\"u1\",\"token\":\"t\",\"userId\":\"u2\"}")).getMessage());
        assertEquals("an event's payload is an array",
                assertThrows(BadPacketException.class, () -> SocketPacket.parse("2{}")).getMessage());
    }
}
