package org.ordercast.problem.boundary;

import jakarta.inject.Inject;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.annotation.WebFilter;
import jakarta.servlet.http.HttpFilter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import java.io.BufferedReader;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Bounds the body of a request to the REST resources at {@code ordercast.api.max-body-bytes} (1 MiB), never below
 * what a broadcast of the largest publication takes. JAX-RS reads and binds a JSON body whole before the resource
 * checks it, so a body of 60 MB was read in full before its 400 or 413, by any signed-in user. A declared length
 * over the limit gets 413 unread; a body of no given length (chunked) is read up to the limit, then refused or
 * handed on from memory. A body with a {@code Content-Encoding} (gzip, ...) gets 415: none is decompressed.
 * The publish servlet keeps its own limits.
 */
@WebFilter(urlPatterns = "/api/v1/*", asyncSupported = true)
public class BodyLimitFilter extends HttpFilter {

    /** The servlet path of every request the JAX-RS application serves, mapped at {@code /api/v1/*}. */
    private static final String JAX_RS = "/api/v1";

    @Inject
    @ConfigProperty(name = "ordercast.api.max-body-bytes", defaultValue = "1048576")
    int maxBodyBytes;

    @Inject
    @ConfigProperty(name = "ordercast.publish.max-bytes", defaultValue = "65536")
    int maxPublicationBytes;

    @Override
    protected void doFilter(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        if (!JAX_RS.equals(request.getServletPath())) {
            // a servlet of its own under /api/v1: the publish servlet, whose paths are mapped exactly
            chain.doFilter(request, response);
            return;
        }
        long declared = request.getContentLengthLong();
        String method = request.getMethod();
        if (declared == 0 || declared < 0 && ("GET".equals(method) || "HEAD".equals(method))) {
            chain.doFilter(request, response);
            return;
        }
        if (!Bodies.uncoded(request, response)) {
            return;
        }
        int limit = Math.max(maxBodyBytes, Bodies.withPublication(maxPublicationBytes));
        if (declared > limit) {
            refuse(response, limit);
            return;
        }
        if (declared > 0) {
            chain.doFilter(request, response);
            return;
        }
        // no length given: a chunked body, or an HTTP/2 one without content-length
        byte[] body = Bodies.readAtMost(request.getInputStream(), -1, limit);
        if (body == null) {
            refuse(response, limit);
            return;
        }
        chain.doFilter(new Buffered(request, body), response);
    }

    private static void refuse(HttpServletResponse response, int limit) throws IOException {
        // the rest of the body stays unread: the connection goes with this answer
        response.setHeader("Connection", "close");
        Problems.write(response, 413, "the request body is over " + limit + " bytes (ordercast.api.max-body-bytes)");
    }

    /** The request with its body read into memory, its length now known. */
    private static final class Buffered extends HttpServletRequestWrapper {

        private final byte[] body;
        private final ServletInputStream stream;

        Buffered(HttpServletRequest request, byte[] body) {
            super(request);
            this.body = body;
            this.stream = new Bytes(body);
        }

        @Override
        public ServletInputStream getInputStream() {
            return stream;
        }

        @Override
        public BufferedReader getReader() throws IOException {
            Charset charset = StandardCharsets.UTF_8;
            String encoding = getCharacterEncoding();
            if (encoding != null && Charset.isSupported(encoding)) {
                charset = Charset.forName(encoding);
            }
            return new BufferedReader(new InputStreamReader(stream, charset));
        }

        @Override
        public int getContentLength() {
            return body.length;
        }

        @Override
        public long getContentLengthLong() {
            return body.length;
        }
    }

    private static final class Bytes extends ServletInputStream {

        private final ByteArrayInputStream in;

        Bytes(byte[] body) {
            in = new ByteArrayInputStream(body);
        }

        @Override
        public int read() {
            return in.read();
        }

        @Override
        public int read(byte[] into, int offset, int length) {
            return in.read(into, offset, length);
        }

        @Override
        public boolean isFinished() {
            return in.available() == 0;
        }

        @Override
        public boolean isReady() {
            return true;
        }

        /** Everything is here already: the listener hears so at once. */
        @Override
        public void setReadListener(ReadListener listener) {
            try {
                if (!isFinished()) {
                    listener.onDataAvailable();
                }
                listener.onAllDataRead();
            } catch (IOException e) {
                listener.onError(e);
            }
        }
    }
}
