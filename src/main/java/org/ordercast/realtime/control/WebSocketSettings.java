package org.ordercast.realtime.control;

import jakarta.enterprise.context.Dependent;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The WebSocket transport's settings, {@code ordercast.ws.*}, each with a default fit for production. Dependent, so
 * the beans that inject it read the fields of a real instance rather than of a client proxy.
 */
@Dependent
public class WebSocketSettings {

    @Inject
    @ConfigProperty(name = "ordercast.ws.heartbeat", defaultValue = "25")
    int heartbeatSeconds;

    @Inject
    @ConfigProperty(name = "ordercast.ws.max-frame-size", defaultValue = "65536")
    int maxFrameSize;

    @Inject
    @ConfigProperty(name = "ordercast.ws.max-bad-frames", defaultValue = "100")
    int maxBadFramesPerMinute;

    @Inject
    @ConfigProperty(name = "ordercast.ws.send-path", defaultValue = "auto")
    String sendPath;

    @Inject
    @ConfigProperty(name = "ordercast.ws.require-auth", defaultValue = "false")
    boolean requireAuthentication;

    @Inject
    @ConfigProperty(name = "ordercast.ws.auth-timeout", defaultValue = "10")
    int authenticationTimeoutSeconds;

    @Inject
    @ConfigProperty(name = "ordercast.ws.token-grace", defaultValue = "25")
    int tokenGraceSeconds;

    public int heartbeatSeconds() {
        return heartbeatSeconds;
    }

    public int maxFrameSize() {
        return maxFrameSize;
    }

    public String sendPath() {
        return sendPath;
    }

    public int tokenGraceSeconds() {
        return tokenGraceSeconds;
    }
}
