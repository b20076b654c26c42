package org.ordercast.socketio.entity;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

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
        assertEquals("the payload is nested too deeply",
                assertThrows(BadPacketException.class, () -> SocketPacket.parse(deep)).getMessage());
        assertEquals("the payload is not JSON",
                assertThrows(BadPacketException.class, () -> SocketPacket.parse("2[\"subscribe\"")).getMessage());
        assertEquals("an event's payload is an array",
                assertThrows(BadPacketException.class, () -> SocketPacket.parse("2{}")).getMessage());
    }
}
