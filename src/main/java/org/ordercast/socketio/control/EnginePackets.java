package org.ordercast.socketio.control;

/** Engine.IO 4's packet types, the first character of every packet, and the separator of a polling payload. */
final class EnginePackets {

    static final char OPEN = '0';
    static final char CLOSE = '1';
    static final char PING = '2';
    static final char PONG = '3';
    static final char MESSAGE = '4';
    static final char UPGRADE = '5';
    static final char NOOP = '6';
    static final char SEPARATOR = '\u001e';

    private EnginePackets() {
    }
}
