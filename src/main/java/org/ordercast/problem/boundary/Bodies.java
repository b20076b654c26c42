package org.ordercast.problem.boundary;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.validation.ConstraintViolationException;
import jakarta.validation.Validator;
import jakarta.ws.rs.BadRequestException;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.Charset;
import java.nio.charset.UnsupportedCharsetException;
import java.util.Arrays;
import org.ordercast.problem.entity.StrictText;

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

    /**
     * Whether the request's body comes as sent, with no {@code Content-Encoding} but {@code identity}; if not, the
     * answer is written here: 415 with {@code Accept-Encoding: identity} (RFC 9110, 15.5.16). No body is decompressed
     * here: a compressed body was read as if it were JSON, and refused as malformed.
     */
    public static boolean uncoded(HttpServletRequest request, HttpServletResponse response) throws IOException {
        String coding = request.getHeader("Content-Encoding");
        if (coding == null || coding.isBlank() || "identity".equalsIgnoreCase(coding.strip())) {
            return true;
        }
        response.setHeader("Accept-Encoding", "identity");
        Problems.write(response, 415, unsupportedCoding(coding));
        return false;
    }

    static String unsupportedCoding(String coding) {
        return "Content-Encoding '" + clip(coding) + "' is not supported: send the body uncompressed";
    }

    /**
     * The charset the request's {@code Content-Type} names (UTF-8 when none); null when this server has none of that
     * name, the answer written: 415.
     */
    public static Charset charset(HttpServletRequest request, HttpServletResponse response) throws IOException {
        String name = charsetParameter(request.getContentType());
        try {
            return StrictText.charset(name);
        } catch (UnsupportedCharsetException e) {
            Problems.write(response, 415, unsupportedCharset(name));
            return null;
        }
    }

    /**
     * The {@code charset} parameter of a {@code Content-Type}, unquoted; null when there is none. Read from the header
     * rather than {@code getCharacterEncoding()}, which a container may answer with its own default.
     */
    static String charsetParameter(String contentType) {
        if (contentType == null) {
            return null;
        }
        for (int start = contentType.indexOf(';'); start >= 0; ) {
            int end = contentType.indexOf(';', start + 1);
            String parameter = contentType.substring(start + 1, end < 0 ? contentType.length() : end).strip();
            int equals = parameter.indexOf('=');
            if (equals > 0 && parameter.substring(0, equals).strip().equalsIgnoreCase("charset")) {
                String value = parameter.substring(equals + 1).strip();
                return value.length() >= 2 && value.startsWith("\"") && value.endsWith("\"")
                        ? value.substring(1, value.length() - 1) : value;
            }
            start = end;
        }
        return null;
    }

    static String unsupportedCharset(String name) {
        return "charset '" + clip(name) + "' is not supported: send UTF-8";
    }

    private static String clip(String value) {
        return value.length() <= 40 ? value : value.substring(0, 40) + "...";
    }
}
