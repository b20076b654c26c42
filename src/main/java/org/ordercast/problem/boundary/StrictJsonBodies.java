package org.ordercast.problem.boundary;

import jakarta.json.JsonException;
import jakarta.ws.rs.BadRequestException;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.ext.Provider;
import jakarta.ws.rs.ext.ReaderInterceptor;
import jakarta.ws.rs.ext.ReaderInterceptorContext;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.Charset;
import java.nio.charset.IllegalCharsetNameException;
import java.nio.charset.StandardCharsets;
import org.ordercast.problem.entity.StrictJson;

/**
 * Checks a JSON request body with {@link StrictJson} before JSON-B binds it: JSON-B reads the first value and ignores
 * what follows it, and takes the last of a key given twice. Such a body gets 400, saying what is wrong and where. The
 * body is already bounded by {@link BodyLimitFilter}; it is read once into memory and handed on from there.
 */
@Provider
public class StrictJsonBodies implements ReaderInterceptor {

    @Override
    public Object aroundReadFrom(ReaderInterceptorContext context) throws IOException {
        MediaType type = context.getMediaType();
        if (type == null || !isJson(type)) {
            return context.proceed();
        }
        byte[] body = context.getInputStream().readAllBytes();
        String text = new String(body, charset(type));
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

    private static Charset charset(MediaType type) {
        String name = type.getParameters().get(MediaType.CHARSET_PARAMETER);
        try {
            return name != null && Charset.isSupported(name) ? Charset.forName(name) : StandardCharsets.UTF_8;
        } catch (IllegalCharsetNameException e) {
            return StandardCharsets.UTF_8;
        }
    }
}
