package org.ordercast.cluster.control;

import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.io.StringReader;
import java.time.Duration;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.ordercast.broker.control.Broker;
import org.ordercast.broker.entity.ControlMessage;

/**
 * This node's id and what the other nodes last said about themselves. Figures are shared every
 * {@code ordercast.node.share-ms} and count as current for three times that: a node that stops sharing (killed)
 * drops out of every total within that time.
 */
@ApplicationScoped
public class Nodes {

    @Inject
    Broker broker;

    @Inject
    @ConfigProperty(name = "ordercast.node.id")
    java.util.Optional<String> configuredId;

    @Inject
    @ConfigProperty(name = "ordercast.node.share-ms", defaultValue = "2000")
    long shareMillis;

    private String id;
    private volatile Map<String, JsonObject> others = Map.of();

    @PostConstruct
    void init() {
        id = configuredId.filter(s -> !s.isBlank()).orElseGet(() -> UUID.randomUUID().toString().substring(0, 8));
    }

    public String id() {
        return id;
    }

    public long shareMillis() {
        return shareMillis;
    }

    /** Shares this node's figures and takes in everyone else's. */
    public void share(JsonObject mine) {
        var latest = new TreeMap<String, JsonObject>();
        broker.share(id, mine.toString(), Duration.ofMillis(3 * shareMillis)).forEach((node, figures) -> {
            if (!node.equals(id)) {
                try (var reader = Json.createReader(new StringReader(figures))) {
                    latest.put(node, reader.readObject());
                }
            }
        });
        others = Map.copyOf(latest);
    }

    /** The latest figures of every other live node, by node id. */
    public Map<String, JsonObject> others() {
        return others;
    }

    /** Tells every other node; they receive a {@link ControlMessage} event. Answers how many nodes were told. */
    public int tellOthers(String action, String argument) {
        broker.control(new ControlMessage(id, action, argument));
        return others.size();
    }

    /**
     * How many WebSocket connections ({@code seats}) or SSE streams and long-polls ({@code streamSeats}) {@code user}
     * holds on the other nodes, by their latest figures.
     */
    public int heldElsewhere(String kind, String user) {
        int n = 0;
        for (JsonObject figures : others.values()) {
            JsonObject seats = figures.getJsonObject(kind);
            if (seats != null) {
                n += seats.getInt(user, 0);
            }
        }
        return n;
    }
}
