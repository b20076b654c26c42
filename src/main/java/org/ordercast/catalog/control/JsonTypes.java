package org.ordercast.catalog.control;

import jakarta.json.JsonObject;
import java.util.Collection;

/** The JSON Schema type a Java field is written as. */
final class JsonTypes {

    private JsonTypes() {
    }

    static String of(Class<?> type) {
        if (type == String.class || type.isEnum()) {
            return "string";
        }
        if (type == int.class || type == Integer.class || type == long.class || type == Long.class) {
            return "integer";
        }
        if (Number.class.isAssignableFrom(type) || type == double.class || type == float.class) {
            return "number";
        }
        if (type == boolean.class || type == Boolean.class) {
            return "boolean";
        }
        if (Collection.class.isAssignableFrom(type) || type.isArray()) {
            return "array";
        }
        if (JsonObject.class.isAssignableFrom(type)) {
            return "object";
        }
        return type.getName().startsWith("jakarta.json") ? "any" : "object";
    }
}
