package org.ordercast.problem.boundary;

import jakarta.validation.ConstraintViolationException;
import jakarta.validation.Validator;
import jakarta.ws.rs.BadRequestException;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;

/**
 * Request bodies: read within a limit, and validated in the resource method rather than with {@code @Valid} on the
 * parameter: Payara's OpenAPI generator fails on Bean Validation annotations on body parameters
 * (payara/Payara#7649), and {@code /openapi} must keep working. The outcome for a caller is the same 400 problem
 * document.
 */
public final class Bodies {

    /** Room for a publication's other fields around its data. */
    private static final int ENVELOPE_BYTES = 16 * 1024;

    private Bodies() {
    }

    public static <T> T valid(Validator validator, T body) {
        if (body == null) {
            throw new BadRequestException("a JSON body is required");
        }
        var violations = validator.validate(body);
        if (!violations.isEmpty()) {
            throw new ConstraintViolationException(violations);
        }
        return body;
    }

    /**
     * The most a request carrying one publication whose data is at most {@code maxDataBytes} (as compact JSON) may
     * take: the data as sent, up to twice that with whitespace and escapes, and room for the fields around it.
     */
    public static int withPublication(int maxDataBytes) {
        return maxDataBytes * 2 + ENVELOPE_BYTES;
    }

    /**
     * The whole body, or null if it is longer than {@code limit} bytes; read into one array when its {@code length}
     * is known (-1 when not).
     */
    public static byte[] readAtMost(InputStream in, long length, int limit) throws IOException {
        if (length > limit) {
            return null;
        }
        if (length >= 0) {
            byte[] body = new byte[(int) length];
            int read = in.readNBytes(body, 0, body.length);
            return read == body.length ? body : Arrays.copyOf(body, read);   // cut short: it will not parse
        }
        var body = new ByteArrayOutputStream(1024);
        byte[] chunk = new byte[8192];
        for (int read; (read = in.read(chunk)) >= 0; ) {
            if (body.size() + read > limit) {
                return null;
            }
            body.write(chunk, 0, read);
        }
        return body.toByteArray();
    }
}
