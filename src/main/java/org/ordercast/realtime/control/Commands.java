package org.ordercast.realtime.control;

import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.util.HashMap;
import java.util.Map;
import org.ordercast.auth.entity.Identity;
import org.ordercast.realtime.entity.ErrorCode;

/** Finds the {@link CommandHandler} a {@code command} frame names. */
@ApplicationScoped
public class Commands {

    @Inject
    Instance<CommandHandler> handlers;

    private final Map<String, CommandHandler> byName = new HashMap<>();

    @PostConstruct
    void init() {
        handlers.forEach(handler -> byName.put(handler.name(), handler));
    }

    /** Runs a command for another protocol (the Socket.IO endpoint): the same handlers, rights and refusals. */
    public JsonValue execute(Identity caller, String name, JsonObject args) throws ProtocolException {
        return execute(caller, name, args, null);
    }

    JsonValue execute(Identity caller, String name, JsonObject args, Long id) throws ProtocolException {
        CommandHandler handler = byName.get(name);
        if (handler == null) {
            throw new ProtocolException(ErrorCode.NOT_FOUND, "no command '" + FrameCodec.clip(name) + "'", id);
        }
        try {
            return handler.execute(caller, args);
        } catch (ProtocolException e) {
            throw new ProtocolException(e.code(), e.getMessage(), id);
        }
    }
}
