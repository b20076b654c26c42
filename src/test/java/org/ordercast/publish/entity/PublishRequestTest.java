package org.ordercast.publish.entity;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.io.StringReader;
import org.junit.jupiter.api.Test;
import org.ordercast.publish.entity.PublishRequest.Invalid;

class PublishRequestTest {

    @Test
    void aValidRequestKeepsItsFieldsAndIgnoresUnknownOnes() throws Invalid {
        var request = PublishRequest.read(json("{\"channel\":\"orders\",\"event\":\"order.created\","
                + "\"data\":{\"orderId\":\"1\"},\"idempotencyKey\":\"k-1\",\"extra\":true}"));
        assertEquals("orders", request.channel());
        assertEquals("order.created", request.event());
        assertEquals("1", request.data().asJsonObject().getString("orderId"));
        assertEquals("k-1", request.idempotencyKey());
    }

    @Test
    void dataAndIdempotencyKeyAreOptional() throws Invalid {
        var request = PublishRequest.read(json("{\"channel\":\"orders\",\"event\":\"order.created\","
                + "\"idempotencyKey\":null}"));
        assertNull(request.data());
        assertNull(request.idempotencyKey());
    }

    @Test
    void everyWrongFieldIsNamedWithBeanValidationsMessages() {
        var invalid = assertThrows(Invalid.class, () -> PublishRequest.read(json(
                "{\"channel\":\" \",\"event\":\"Order Created\",\"idempotencyKey\":\"\"}")));
        assertEquals("channel must not be blank; event " + EventName.MESSAGE
                + "; idempotencyKey size must be between 1 and 200", invalid.getMessage());
        assertEquals(3, invalid.violations().size());
        assertEquals("event", invalid.violations().getJsonObject(1).getString("field"));
        assertEquals(EventName.MESSAGE, invalid.violations().getJsonObject(1).getString("message"));
    }

    @Test
    void missingNullAndOverlongFieldsAreRefused() {
        assertEquals("channel must not be blank; event must not be blank",
                assertThrows(Invalid.class, () -> PublishRequest.read(JsonValue.EMPTY_JSON_OBJECT)).getMessage());
        assertEquals("channel must not be blank", assertThrows(Invalid.class, () -> PublishRequest.read(
                json("{\"channel\":null,\"event\":\"a\"}"))).getMessage());
        assertEquals("channel size must be between 0 and 200", assertThrows(Invalid.class, () -> PublishRequest.read(
                json("{\"channel\":\"" + "c".repeat(201) + "\",\"event\":\"a\"}"))).getMessage());
        assertEquals("idempotencyKey size must be between 1 and 200", assertThrows(Invalid.class,
                () -> PublishRequest.read(json("{\"channel\":\"c\",\"event\":\"a\",\"idempotencyKey\":\""
                        + "k".repeat(201) + "\"}"))).getMessage());
    }

    @Test
    void fieldsOfAnotherJsonTypeAreRefusedNotConverted() {
        assertEquals("channel must be a string; event must be a string; idempotencyKey must be a string",
                assertThrows(Invalid.class, () -> PublishRequest.read(json(
                        "{\"channel\":7,\"event\":[\"a\"],\"idempotencyKey\":{}}"))).getMessage());
    }

    private static JsonObject json(String text) {
        try (var reader = Json.createReader(new StringReader(text))) {
            return reader.readObject();
        }
    }
}
