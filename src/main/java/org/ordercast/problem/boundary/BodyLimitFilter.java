package org.ordercast.problem.boundary;

import jakarta.inject.Inject;
import jakarta.servlet.AsyncContext;
import jakarta.servlet.DispatcherType;
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
 * over the limit gets 413 unread; any other body is read into memory without a thread while it arrives
 * ({@link BodyArrival}), up to the limit, then refused or handed on (on an async dispatch when it was not all
 * there at once). A body with a {@code Content-Encoding} (gzip, ...) gets 415: none is decompressed.
 * The publish servlet keeps its own limits.
 */
@WebFilter(urlPatterns = "/api/v1/*", asyncSupported = true,
        dispatcherTypes = {DispatcherType.REQUEST, DispatcherType.ASYNC})
public class BodyLimitFilter extends HttpFilter {

    /** The request attribute that carries a body read without a thread to the dispatch that hands it on. */
    private static final String BODY = BodyLimitFilter.class.getName() + ".body";

    /** The request of such a dispatch, while the REST API serves it ({@link #dispatched}). */
    private static final ThreadLocal<HttpServletRequest> DISPATCHED = new ThreadLocal<>();

    /** The servlet path of every request the JAX-RS application serves, mapped at {@code /api/v1/*}. */
    private static final String JAX_RS = "/api/v1";

    @Inject
    @ConfigProperty(name = "ordercast.api.max-body-bytes", defaultValue = "1048576")
    int maxBodyBytes;

    @Inject
    @ConfigProperty(name = "ordercast.publish.max-bytes", defaultValue = "65536")
    int maxPublicationBytes;

    @Inject
    @ConfigProperty(name = "ordercast.api.body-timeout-seconds", defaultValue = "30")
    int bodyTimeoutSeconds;

    @Override
    protected void doFilter(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        if (request.getDispatcherType() == DispatcherType.ASYNC) {
            // back from reading the body without a thread (BodyArrival), or another dispatch of the path's own
            if (request.getAttribute(BODY) instanceof byte[] body) {
                request.removeAttribute(BODY);
                DISPATCHED.set(request);
                try {
                    chain.doFilter(new Buffered(request, body), response);
                } finally {
                    DISPATCHED.remove();
                }
            } else {
                chain.doFilter(request, response);
            }
            return;
        }
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
        BodyArrival.read(request, response, limit, bodyTimeoutSeconds, new BodyArrival.Then() {
            @Override
            public void body(byte[] body, AsyncContext async) throws IOException, ServletException {
                if (async == null) {
                    chain.doFilter(new Buffered(request, body), response);
                } else {
                    request.setAttribute(BODY, body);
                    async.dispatch();
                }
            }

            @Override
            public void tooLarge(HttpServletResponse response) throws IOException {
                refuse(response, limit);
            }
        });
    }

    /**
     * The request this thread serves on the async dispatch that hands on a body read without a thread; null on any
     * other. CDI's request context is not active on such a dispatch on every server (Payara's is not), so the
     * container's {@code HttpServletRequest} bean cannot be read there.
     */
    public static HttpServletRequest dispatched() {
        return DISPATCHED.get();
    }

    private static void refuse(HttpServletResponse response, int limit) throws IOException {
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
