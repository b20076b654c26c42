package org.ordercast.realtime.control;

import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import org.ordercast.auth.entity.Identity;

/**
 * A named command a client may send in a {@code command} frame (e.g. {@code processing.pause}). Domain features
 * contribute handlers as CDI beans; the handler checks the caller's rights and throws {@link ProtocolException}
 * with {@code forbidden} or {@code bad_request} when it refuses.
 */
public interface CommandHandler {

    String name();

    JsonValue execute(Identity caller, JsonObject args) throws ProtocolException;
}
