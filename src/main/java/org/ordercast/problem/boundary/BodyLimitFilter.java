package org.ordercast.problem.boundary;

import jakarta.inject.Inject;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.annotation.WebFilter;
import jakarta.servlet.http.HttpFilter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Bounds the body of a request to the REST resources at {@code ordercast.api.max-body-bytes} (1 MiB), never below
 * what a broadcast of the largest publication takes. JAX-RS reads and binds a JSON body whole before the resource
 * checks it, so a body of 60 MB was read in full before its 400 or 413, by any signed-in user. A declared length
 * over the limit gets 413 unread. A body of no given length (chunked) is handed on as it comes, through a stream
 * that refuses it ({@link RefusedBody}, 413) once past the limit: it is read only where a resource takes a body, after
 * JAX-RS has checked the caller's roles, never here ahead of them. A body with a {@code Content-Encoding} (gzip, ...)
 * gets 415: none is decompressed. The publish servlet keeps its own limits.
 */
@WebFilter(urlPatterns = "/api/v1/*", asyncSupported = true)
public class BodyLimitFilter extends HttpFilter {

    /** The servlet path of every request the JAX-RS application serves, mapped at {@code /api/v1/*}. */
    private static final String JAX_RS = "/api/v1";

    private static final String SETTING = "ordercast.api.max-body-bytes";

    @Inject
    @ConfigProperty(name = SETTING, defaultValue = "1048576")
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
            Problems.write(response, RefusedBody.overLimit(limit, SETTING).problem());
            return;
        }
        // no length given: a chunked body, or an HTTP/2 one without content-length
        chain.doFilter(declared > 0 ? request : new Limited(request, limit), response);
    }

    /** The request, its body refused once longer than the limit. */
    private static final class Limited extends FilteredBody {

        private final int limit;

        Limited(HttpServletRequest request, int limit) {
            super(request);
            this.limit = limit;
        }

        @Override
        protected ServletInputStream around(ServletInputStream body) {
            return new FilteredBody.Around(body) {

                private long read;

                @Override
                public int read(byte[] into, int offset, int length) throws IOException {
                    int n = in.read(into, offset, length);
                    if (n > 0) {
                        read += n;
                        if (read > limit) {
                            throw RefusedBody.overLimit(limit, SETTING);
                        }
                    }
                    return n;
                }
            };
        }
    }
}
