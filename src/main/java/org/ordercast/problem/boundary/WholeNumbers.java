package org.ordercast.problem.boundary;

import jakarta.json.JsonNumber;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import jakarta.json.bind.Jsonb;
import jakarta.json.bind.JsonbBuilder;
import jakarta.json.bind.JsonbConfig;
import jakarta.json.bind.JsonbException;
import jakarta.json.bind.serializer.DeserializationContext;
import jakarta.json.bind.serializer.JsonbDeserializer;
import jakarta.json.stream.JsonParser;
import jakarta.ws.rs.ext.ContextResolver;
import jakarta.ws.rs.ext.Provider;
import java.lang.reflect.Type;
import java.math.BigDecimal;

/**
 * The JSON-B the REST API binds with: its defaults, except that an {@code Integer} or {@code Long} takes only a
 * number it holds exactly. JSON-B's own conversion kept what fit: a quantity of 1.5 became 1, and 4294967297
 * (2^32 + 1) became 1 as well, both then valid. Such a body is unreadable now, a 400 like malformed JSON. The request
 * types' whole-number fields are {@code Integer}s for this: JSON-B does not use these deserializers for an {@code int}.
 */
@Provider
public class WholeNumbers implements ContextResolver<Jsonb> {

    private static final Jsonb JSONB = JsonbBuilder.create(new JsonbConfig()
            .withDeserializers(new ExactInteger(), new ExactLong()));

    @Override
    public Jsonb getContext(Class<?> type) {
        return JSONB;
    }

    /** The number the parser stands on; null for a JSON null. */
    private static BigDecimal number(JsonParser parser) {
        JsonValue value = parser.getValue();
        if (value instanceof JsonNumber number) {
            return number.bigDecimalValue();
        }
        if (value instanceof JsonString text) {
            // a number in a string, which JSON-B reads for a number field
            try {
                return new BigDecimal(text.getString().strip());
            } catch (NumberFormatException e) {
                throw new JsonbException("a whole number was expected");
            }
        }
        if (value == JsonValue.NULL) {
            return null;
        }
        throw new JsonbException("a whole number was expected");
    }

    private static JsonbException notWhole(BigDecimal value, String range) {
        String shown = value.toString();
        return new JsonbException("a whole number " + range + " was expected, not "
                + (shown.length() <= 40 ? shown : shown.substring(0, 40) + "..."));
    }

    /** An {@code Integer} from a number it holds exactly. */
    public static final class ExactInteger implements JsonbDeserializer<Integer> {
        @Override
        public Integer deserialize(JsonParser parser, DeserializationContext context, Type type) {
            BigDecimal value = number(parser);
            try {
                return value == null ? null : value.intValueExact();
            } catch (ArithmeticException e) {
                throw notWhole(value, "from -2147483648 to 2147483647");
            }
        }
    }

    /** A {@code Long} from a number it holds exactly. */
    public static final class ExactLong implements JsonbDeserializer<Long> {
        @Override
        public Long deserialize(JsonParser parser, DeserializationContext context, Type type) {
            BigDecimal value = number(parser);
            try {
                return value == null ? null : value.longValueExact();
            } catch (ArithmeticException e) {
                throw notWhole(value, "of 64 bits");
            }
        }
    }
}
