package org.ordercast.auth.entity;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;
import java.util.List;

/** What the demo sign-in asks the development issuer for. {@code expiresIn} in seconds, one hour by default. */
public record TokenRequest(
        @NotBlank @Pattern(regexp = "[A-Za-z0-9_.@-]{1,64}", message = "must be 1-64 letters, digits or _.@-") String user,
        List<String> groups,
        List<String> stores,
        @Min(1) @Max(86_400) Integer expiresIn) {
}
