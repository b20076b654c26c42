package org.ordercast.testing;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Requests written byte for byte on a plain socket, for what {@code java.net.http} will not send or hides: a query
 * it would refuse, a chosen local address, the {@code Upgrade} header of a response.
 */
public final class RawHttp {

    /** The headers of a WebSocket upgrade (each ending in CRLF), for a request line of the caller's. */
    public static final String UPGRADE = "Upgrade: websocket\r\nConnection: Upgrade\r\n"
            + "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n";

    private RawHttp() {
    }

    /**
     * Sends a request line and headers (each ending in CRLF) with {@code Host} and no body, from {@code localAddress}
     * when not null; the caller reads the answer ({@link #head}) and closes the socket.
     */
    public static Socket send(URL base, String localAddress, String request) throws IOException {
        var socket = new Socket();
        try {
            if (localAddress != null) {
                socket.bind(new InetSocketAddress(localAddress, 0));
            }
            socket.connect(new InetSocketAddress(base.getHost(), base.getPort()), 5000);
            socket.setSoTimeout(10_000);
            socket.getOutputStream().write((request + "Host: " + base.getHost() + ":" + base.getPort() + "\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            return socket;
        } catch (IOException e) {
            socket.close();
            throw e;
        }
    }

    /** The head of the response on {@code socket}: its status line and header lines, up to the blank line. */
    public static List<String> head(Socket socket) throws IOException {
        // one byte at a time, so nothing after the head is read ahead and lost to a later reader
        var in = socket.getInputStream();
        List<String> head = new ArrayList<>();
        var line = new StringBuilder();
        for (int b = in.read(); b >= 0; b = in.read()) {
            if (b == '\n') {
                if (line.isEmpty()) {
                    break;
                }
                head.add(line.toString());
                line.setLength(0);
            } else if (b != '\r') {
                line.append((char) b);
            }
        }
        return head;
    }

    /** The status code of the response on {@code socket}, from its status line. */
    public static String status(Socket socket) throws IOException {
        List<String> head = head(socket);
        if (head.isEmpty()) {
            throw new IOException("the connection closed before a response");
        }
        return head.get(0).split(" ")[1];
    }

    /** Sends a request as {@link #send} does from any address and reads the response's head. */
    public static List<String> exchange(URL base, String request) throws IOException {
        try (var socket = send(base, null, request)) {
            return head(socket);
        }
    }
}
