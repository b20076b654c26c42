package org.ordercast.publish.entity;

import jakarta.json.JsonValue;

/** A personal notification for one user ({@code notification} on {@code user:<id>}). */
public record UserNotified(String userId, String type, String title, String message, JsonValue data) {
}
