package org.ordercast.testing;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

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
        return open(base, localAddress, (request + "Host: " + base.getHost() + ":" + base.getPort() + "\r\n\r\n")
                .getBytes(StandardCharsets.US_ASCII));
    }

    /** A socket to {@code base} from {@code localAddress} (any when null) that has sent {@code bytes}. */
    private static Socket open(URL base, String localAddress, byte[] bytes) throws IOException {
        var socket = new Socket();
        try {
            if (localAddress != null) {
                socket.bind(new InetSocketAddress(localAddress, 0));
            }
            socket.connect(new InetSocketAddress(base.getHost(), base.getPort()), 5000);
            socket.setSoTimeout(10_000);
            socket.getOutputStream().write(bytes);
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

    /**
     * Sends a request line and headers as {@link #send} does, with {@code body} after them in the same write, from
     * {@code localAddress} when not null.
     */
    public static Socket sendWithBody(URL base, String localAddress, String request, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        byte[] head = (request + "Content-Length: " + bytes.length + "\r\nHost: " + base.getHost() + ":"
                + base.getPort() + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII);
        byte[] all = Arrays.copyOf(head, head.length + bytes.length);
        System.arraycopy(bytes, 0, all, head.length, bytes.length);
        return open(base, localAddress, all);
    }

    /**
     * Sends a request line and headers as {@link #send} does, then the first byte of a body ({@code {}) and no more:
     * the server waits for the rest.
     */
    public static Socket slowBody(URL base, String localAddress, String request) throws IOException {
        Socket socket = send(base, localAddress, request);
        try {
            socket.getOutputStream().write('{');
            return socket;
        } catch (IOException e) {
            socket.close();
            throw e;
        }
    }

    /**
     * The sockets with an answer to read, once {@code expected} of them have one (or 10 s have passed) and a second
     * more, so that one answered late shows too.
     */
    public static List<Socket> answered(List<Socket> sockets, int expected) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (answeredNow(sockets).size() < expected && System.nanoTime() < deadline) {
            Thread.sleep(100);
        }
        Thread.sleep(1000);
        return answeredNow(sockets);
    }

    private static List<Socket> answeredNow(List<Socket> sockets) throws IOException {
        List<Socket> answered = new ArrayList<>();
        for (Socket socket : sockets) {
            if (socket.getInputStream().available() > 0) {
                answered.add(socket);
            }
        }
        return answered;
    }

    public static void closeAll(List<Socket> sockets) throws IOException {
        for (Socket socket : sockets) {
            socket.close();
        }
    }

    /** Asserts that each socket was answered with {@code status} and a {@code Retry-After}. */
    public static void assertRefused(List<Socket> sockets, int status) throws IOException {
        for (Socket socket : sockets) {
            List<String> answer = head(socket);
            assertTrue(answer.get(0).startsWith("HTTP/1.1 " + status + " "), answer.toString());
            assertTrue(answer.stream().anyMatch(h -> h.toLowerCase(Locale.ROOT).startsWith("retry-after:")),
                    answer.toString());
        }
    }

    /**
     * The next WebSocket frame the server sent on {@code socket}, after the upgrade's head was read: a text frame's
     * text, or {@code close <code> <reason>} for a close frame (unmasked, as a server's are; a fragment as it is).
     */
    public static String frame(Socket socket) throws IOException {
        var in = socket.getInputStream();
        int first = in.read();
        int second = in.read();
        if (first < 0 || second < 0) {
            throw new IOException("the connection closed before a frame");
        }
        long length = second & 0x7f;
        if (length >= 126) {
            int bytes = length == 126 ? 2 : 8;
            length = 0;
            for (int i = 0; i < bytes; i++) {
                length = length << 8 | in.read();
            }
        }
        byte[] payload = in.readNBytes((int) length);
        if ((first & 0x0f) == 8) {
            int code = payload.length >= 2 ? (payload[0] & 0xff) << 8 | payload[1] & 0xff : 1005;
            return "close " + code + " " + new String(payload, Math.min(2, payload.length),
                    Math.max(0, payload.length - 2), StandardCharsets.UTF_8);
        }
        return new String(payload, StandardCharsets.UTF_8);
    }

    /**
     * Reads the server's frames on {@code socket} until one contains {@code text} (at most 100); fails if the server
     * closes first.
     */
    public static void awaitFrame(Socket socket, String text) throws IOException {
        for (int i = 0; i < 100; i++) {
            String frame = frame(socket);
            if (frame.contains(text)) {
                return;
            }
            if (frame.startsWith("close ")) {
                throw new AssertionError("closed before " + text + ": " + frame);
            }
        }
        throw new AssertionError("no frame with " + text);
    }

    /** Sends {@code text} as one masked WebSocket text frame, as a client must (the mask is all zeros). */
    public static void sendText(Socket socket, String text) throws IOException {
        socket.getOutputStream().write(textFrame(text));
    }

    /** {@code text} as one masked WebSocket text frame (the mask is all zeros). */
    public static byte[] textFrame(String text) throws IOException {
        byte[] payload = text.getBytes(StandardCharsets.UTF_8);
        var frame = new ByteArrayOutputStream();
        frame.write(0x81);
        if (payload.length < 126) {
            frame.write(0x80 | payload.length);
        } else {
            frame.write(0x80 | 126);
            frame.write(payload.length >> 8);
            frame.write(payload.length & 0xff);
        }
        frame.write(new byte[4]);
        frame.write(payload);
        return frame.toByteArray();
    }
}
