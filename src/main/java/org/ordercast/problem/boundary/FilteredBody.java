package org.ordercast.problem.boundary;

import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;

/**
 * A request whose body is read through a stream of a filter's around the container's, made when the body is first
 * asked for; its reader reads that stream too.
 */
public abstract class FilteredBody extends HttpServletRequestWrapper {

    private ServletInputStream stream;

    protected FilteredBody(HttpServletRequest request) {
        super(request);
    }

    /** The stream the body is read through, around the container's {@code body}. */
    protected abstract ServletInputStream around(ServletInputStream body) throws IOException;

    @Override
    public ServletInputStream getInputStream() throws IOException {
        if (stream == null) {
            stream = around(super.getInputStream());
        }
        return stream;
    }

    /** A reader of the body in the charset the request names (UTF-8 when none, or one this server does not have). */
    @Override
    public BufferedReader getReader() throws IOException {
        Charset charset = StandardCharsets.UTF_8;
        String encoding = getCharacterEncoding();
        try {
            if (encoding != null && Charset.isSupported(encoding)) {
                charset = Charset.forName(encoding);
            }
        } catch (IllegalArgumentException e) {
            // not a charset's name at all: UTF-8
        }
        return new BufferedReader(new InputStreamReader(getInputStream(), charset));
    }

    /** A stream that reads from the container's; a subclass decides what happens around each read of bytes. */
    public abstract static class Around extends ServletInputStream {

        protected final ServletInputStream in;

        protected Around(ServletInputStream in) {
            this.in = in;
        }

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public abstract int read(byte[] into, int offset, int length) throws IOException;

        @Override
        public int available() throws IOException {
            return in.available();
        }

        @Override
        public boolean isFinished() {
            return in.isFinished();
        }

        @Override
        public boolean isReady() {
            return in.isReady();
        }

        @Override
        public void setReadListener(ReadListener listener) {
            in.setReadListener(listener);
        }

        @Override
        public void close() throws IOException {
            in.close();
        }
    }
}
