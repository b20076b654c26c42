package org.ordercast.publish.entity;

import jakarta.json.JsonValue;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;

/** {@code POST /notifications/users/{userId}}: a personal notification, as the gateway's user notifications. */
public record UserNotice(@Size(max = 64) String type, @NotBlank @Size(max = 200) String title,
                         @NotBlank @Size(max = 2000) String message, JsonValue data) {
}
