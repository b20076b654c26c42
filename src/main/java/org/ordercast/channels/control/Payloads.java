package org.ordercast.channels.control;

import jakarta.json.Json;
import jakarta.json.JsonValue;
import jakarta.json.bind.Jsonb;
import jakarta.json.bind.JsonbBuilder;
import java.io.StringReader;

/** Turns an event record into the {@code data} of a publication with JSON-B (nulls left out). */
public final class Payloads {

    private static final Jsonb JSONB = JsonbBuilder.create();

    private Payloads() {
    }

    public static JsonValue of(Object record) {
        try (var reader = Json.createReader(new StringReader(JSONB.toJson(record)))) {
            return reader.readValue();
        }
    }
}
