package org.ordercast.processing.control;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import org.ordercast.auth.entity.Identity;
import org.ordercast.realtime.control.CommandHandler;
import org.ordercast.realtime.control.ProtocolException;
import org.ordercast.realtime.entity.ErrorCode;

/** The WebSocket commands of a processing run: {@code status}, {@code processing.pause}, {@code processing.resume}. */
public final class ProcessingCommands {

    private ProcessingCommands() {
    }

    @ApplicationScoped
    public static class Status implements CommandHandler {

        @Inject
        Processing processing;

        @Override
        public String name() {
            return "status";
        }

        @Override
        public JsonValue execute(Identity caller, JsonObject args) {
            return processing.status();
        }
    }

    @ApplicationScoped
    public static class Pause implements CommandHandler {

        @Inject
        Processing processing;

        @Override
        public String name() {
            return "processing.pause";
        }

        @Override
        public JsonValue execute(Identity caller, JsonObject args) throws ProtocolException {
            operator(caller);
            return Json.createObjectBuilder().add("paused", processing.pause()).build();
        }
    }

    @ApplicationScoped
    public static class Resume implements CommandHandler {

        @Inject
        Processing processing;

        @Override
        public String name() {
            return "processing.resume";
        }

        @Override
        public JsonValue execute(Identity caller, JsonObject args) throws ProtocolException {
            operator(caller);
            return Json.createObjectBuilder().add("resumed", processing.resume()).build();
        }
    }

    static void operator(Identity caller) throws ProtocolException {
        if (!caller.hasRole("operator") && !caller.hasRole("admin")) {
            throw new ProtocolException(ErrorCode.FORBIDDEN, "pause and resume need the operator or admin role", null);
        }
    }
}
