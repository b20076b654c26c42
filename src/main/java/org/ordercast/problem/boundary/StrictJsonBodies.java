package org.ordercast.problem.boundary;

import jakarta.json.JsonException;
import jakarta.ws.rs.BadRequestException;
import jakarta.ws.rs.NotSupportedException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.ext.Provider;
import jakarta.ws.rs.ext.ReaderInterceptor;
import jakarta.ws.rs.ext.ReaderInterceptorContext;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.Charset;
import java.nio.charset.UnsupportedCharsetException;
import org.ordercast.problem.entity.StrictJson;
import org.ordercast.problem.entity.StrictText;

/**
 * Checks a JSON request body with {@link StrictJson} before JSON-B binds it: JSON-B reads the first value and ignores
 * what follows it, and takes the last of a key given twice. Such a body gets 400, saying what is wrong and where, as
 * does one with bytes that are no text in its charset (UTF-8 unless the {@code Content-Type} names another), which
 * JSON-B would read as U+FFFD; a charset this server does not have gets 415. The body is read once into memory and
 * handed on from there; a body refused as it is read ({@link RefusedBody}: longer than {@link BodyLimitFilter}'s
 * limit, or waiting for it not allowed now) gets that refusal's answer.
 */
@Provider
public class StrictJsonBodies implements ReaderInterceptor {

    @Override
    public Object aroundReadFrom(ReaderInterceptorContext context) throws IOException {
        MediaType type = context.getMediaType();
        if (type == null || !isJson(type)) {
            return context.proceed();
        }
        String charsetName = type.getParameters().get(MediaType.CHARSET_PARAMETER);
        Charset charset;
        try {
            charset = StrictText.charset(charsetName);
        } catch (UnsupportedCharsetException e) {
            throw new NotSupportedException(Problems.of(415, Bodies.unsupportedCharset(charsetName)));
        }
        byte[] body;
        try {
            body = context.getInputStream().readAllBytes();
        } catch (RefusedBody e) {
            throw new WebApplicationException(e.getMessage(), e.problem());
        }
        String text;
        try {
            text = StrictText.decode(body, charset);
        } catch (StrictText.Malformed e) {
            throw new BadRequestException("the request body is " + e.getMessage());
        }
        // no body at all is the resource's to refuse ("a JSON body is required")
        if (!text.isBlank()) {
            try {
                StrictJson.read(text);
            } catch (JsonException e) {
                throw new BadRequestException("the request body is not valid JSON: " + e.getMessage());
            }
        }
        context.setInputStream(new ByteArrayInputStream(body));
        return context.proceed();
    }

    private static boolean isJson(MediaType type) {
        return "application".equalsIgnoreCase(type.getType())
                && ("json".equalsIgnoreCase(type.getSubtype()) || type.getSubtype().toLowerCase().endsWith("+json"));
    }
}
