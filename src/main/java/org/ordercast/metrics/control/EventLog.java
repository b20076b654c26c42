package org.ordercast.metrics.control;

import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.json.Json;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonValue;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.regex.Pattern;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.ordercast.auth.entity.Identity;
import org.ordercast.cluster.control.Nodes;

/**
 * The events an operator follows in the logs: connections opened, closed (with the close code and its reason) and
 * refused, subscriptions refused, recoveries. With {@code ordercast.log.format=json} each is one JSON object on one
 * line of the process's standard output, written past the server's own log formatting so a log pipeline reads it
 * with no pattern; with {@code text} (the default) they go to the server's log at debug level, as before.
 */
@ApplicationScoped
public class EventLog {

    private static final System.Logger LOG = System.getLogger("org.ordercast.events");
    private static final Pattern CONTROL = Pattern.compile("\\p{Cntrl}");

    @Inject
    @ConfigProperty(name = "ordercast.log.format", defaultValue = "text")
    String format;

    @Inject
    Nodes nodes;

    private OutputStream out;

    @PostConstruct
    void init() {
        if ("json".equalsIgnoreCase(format.strip())) {
            out = new FileOutputStream(FileDescriptor.out);
        } else if (!"text".equalsIgnoreCase(format.strip())) {
            LOG.log(System.Logger.Level.WARNING, "ordercast.log.format must be text or json, not '" + format
                    + "': writing text");
        }
    }

    /** Starts an event of the given name ({@code connection.closed}); {@link Event#write} writes it. */
    public Event event(String name) {
        return new Event(name);
    }

    private void write(Event event) {
        if (out == null) {
            if (event.text != null) {
                LOG.log(System.Logger.Level.DEBUG, event.text.toString());
            }
            return;
        }
        byte[] line = (event.json.build().toString() + "\n").getBytes(StandardCharsets.UTF_8);
        synchronized (this) {
            try {
                // one write per line: lines of other threads never interleave with it
                out.write(line);
                out.flush();
            } catch (IOException e) {
                LOG.log(System.Logger.Level.WARNING, "writing an event line failed: " + e);
            }
        }
    }

    /** One event's fields; a null value is left out. Building one costs nothing when it will not be written. */
    public final class Event {

        private final JsonObjectBuilder json;
        private final StringBuilder text;

        private Event(String name) {
            json = out == null ? null : Json.createObjectBuilder().add("time", Instant.now().toString())
                    .add("level", "INFO").add("event", name).add("node", nodes.id());
            // in text mode, nothing is built unless the line will be logged
            text = out == null && LOG.isLoggable(System.Logger.Level.DEBUG) ? new StringBuilder(name) : null;
        }

        public Event with(String field, String value) {
            if (value != null) {
                if (json != null) {
                    json.add(field, value);
                } else if (text != null) {
                    // a client's string (a channel name, an origin) cannot start a line of its own
                    text.append(' ').append(field).append('=').append(CONTROL.matcher(value).replaceAll("?"));
                }
            }
            return this;
        }

        /** The user of an identity, left out for an anonymous one. */
        public Event user(Identity who) {
            return with("user", who == null || who.isAnonymous() ? null : who.userId());
        }

        public Event with(String field, long value) {
            return with(field, Json.createValue(value));
        }

        public Event with(String field, boolean value) {
            return with(field, value ? JsonValue.TRUE : JsonValue.FALSE);
        }

        private Event with(String field, JsonValue value) {
            if (json != null) {
                json.add(field, value);
            } else if (text != null) {
                text.append(' ').append(field).append('=').append(value);
            }
            return this;
        }

        /** {@code WARN} rather than {@code INFO}: something an operator should look at. */
        public Event warning(boolean warning) {
            if (warning && json != null) {
                json.add("level", "WARN");
            }
            return this;
        }

        public void write() {
            EventLog.this.write(this);
        }
    }
}
