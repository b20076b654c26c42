package org.ordercast.health.control;

import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedScheduledExecutorService;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import jakarta.json.Json;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.ordercast.auth.entity.Identity;
import org.ordercast.broker.control.Broker;
import org.ordercast.cluster.control.Nodes;
import org.ordercast.fallback.control.FallbackConnections;
import org.ordercast.hub.control.Hub;
import org.ordercast.metrics.control.Metrics;
import org.ordercast.realtime.control.OpenConnections;
import org.ordercast.realtime.control.Seats;
import org.ordercast.realtime.control.Sessions;

/**
 * Counts of connections (of every protocol), users and subscribers per channel: this node's read live from the
 * connections and the hub, shared with the other nodes every {@code ordercast.node.share-ms}, and added up over
 * every live node.
 */
@ApplicationScoped
public class HubStats {

    private static final System.Logger LOG = System.getLogger(HubStats.class.getName());

    @Inject
    Sessions sessions;

    @Inject
    Instance<OpenConnections> protocols;

    @Inject
    Seats seats;

    @Inject
    Broker broker;

    @Inject
    Hub hub;

    @Inject
    FallbackConnections fallbacks;

    @Inject
    Nodes nodes;

    @Inject
    Metrics metrics;

    @Resource
    ManagedScheduledExecutorService scheduler;

    private ScheduledFuture<?> sharing;

    @PostConstruct
    void registerMetrics() {
        metrics.gauge("ordercast.users", "Signed-in users with a connection of any protocol on this node", null, this,
                stats -> stats.tally().users.size());
    }

    void start(@Observes @Initialized(ApplicationScoped.class) Object application) {
        sharing = scheduler.scheduleWithFixedDelay(this::share, 0, nodes.shareMillis(), TimeUnit.MILLISECONDS);
    }

    @PreDestroy
    void stop() {
        if (sharing != null) {
            sharing.cancel(false);
        }
    }

    private void share() {
        try {
            nodes.share(local());
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.DEBUG, "sharing this node's figures failed: " + e);
        }
    }

    /** Connections now open, on every node. */
    public int activeConnections() {
        int n = tally().active;
        for (JsonObject figures : nodes.others().values()) {
            n += figures.getInt("activeConnections", 0);
        }
        return n;
    }

    /** Users with a connection open, on every node. */
    public TreeSet<String> onlineUsers() {
        var users = tally().users;
        for (JsonObject figures : nodes.others().values()) {
            figures.getJsonArray("onlineUsers").getValuesAs(JsonString.class).forEach(u -> users.add(u.getString()));
        }
        return users;
    }

    /**
     * The fields of both seed shapes, over every node and every protocol: {@code totalConnections} (opened since
     * start) and {@code activeConnections}; {@code connectedClients}, {@code authenticatedUsers}, {@code onlineUsers}
     * and {@code rooms} (clients per channel); {@code closeCodes}, closed {@code /ws} connections per close code;
     * {@code sendPaths}, connections opened since start per WebSocket send path; {@code streams}, open SSE streams
     * and waiting long-polls; {@code channels}, channels held; and {@code nodes}, the same figures per node.
     */
    public JsonObject snapshot() {
        JsonObject mine = local();
        var all = new TreeMap<String, JsonObject>(nodes.others());
        all.put(nodes.id(), mine);
        var total = Json.createObjectBuilder();
        for (String field : new String[] {"totalConnections", "activeConnections", "connectedClients",
                "authenticatedUsers", "streams", "channels"}) {
            total.add(field, all.values().stream().mapToLong(f -> f.getJsonNumber(field).longValue()).sum());
        }
        total.add("onlineUsers", Json.createArrayBuilder(onlineUsers()));
        for (String field : new String[] {"rooms", "closeCodes", "sendPaths"}) {
            var sums = new TreeMap<String, Long>();
            all.values().forEach(f -> f.getJsonObject(field).forEach((key, n) ->
                    sums.merge(key, ((JsonNumber) n).longValue(), Long::sum)));
            JsonObjectBuilder summed = Json.createObjectBuilder();
            sums.forEach(summed::add);
            total.add(field, summed);
        }
        JsonObjectBuilder perNode = Json.createObjectBuilder();
        all.forEach((id, figures) -> {
            JsonObjectBuilder node = Json.createObjectBuilder(figures);
            node.remove(Seats.FIGURE);
            node.remove(FallbackConnections.FIGURE);
            perNode.add(id, node);
        });
        return total.add("node", nodes.id()).add("nodes", perNode).build();
    }

    /** This node's figures, and its users' connection counts ({@code seats}, {@code streamSeats}) for the limits. */
    public JsonObject local() {
        Tally connections = tally();
        JsonObjectBuilder rooms = Json.createObjectBuilder();
        hub.subscriberCounts().forEach(rooms::add);
        JsonObjectBuilder closes = Json.createObjectBuilder();
        sessions.closeCodes().forEach((code, n) -> closes.add(String.valueOf(code), n));
        JsonObjectBuilder paths = Json.createObjectBuilder();
        sessions.sendPaths().forEach(paths::add);
        return Json.createObjectBuilder()
                .add("totalConnections", connections.opened)
                .add("activeConnections", connections.active)
                .add("connectedClients", connections.active)
                .add("authenticatedUsers", connections.authenticated)
                .add("onlineUsers", Json.createArrayBuilder(connections.users))
                .add("rooms", rooms)
                .add("closeCodes", closes)
                .add("sendPaths", paths)
                .add("streams", fallbacks.count())
                .add("channels", broker.channelCount())
                .add(Seats.FIGURE, counts(seats.byUser()))
                .add(FallbackConnections.FIGURE, counts(fallbacks.countsByUser()))
                .build();
    }

    /** This node's connections over every protocol ({@code /ws}, envelope, Socket.IO). */
    private Tally tally() {
        var tally = new Tally();
        for (OpenConnections protocol : protocols) {
            tally.opened += protocol.totalOpened();
            protocol.identities().forEach(tally::count);
        }
        return tally;
    }

    /** Connections opened since start, open now, signed in, and the distinct users among them. */
    private static final class Tally {
        long opened;
        int active;
        int authenticated;
        final TreeSet<String> users = new TreeSet<>();

        void count(Identity who) {
            active++;
            if (!who.isAnonymous()) {
                authenticated++;
                users.add(who.userId());
            }
        }
    }

    private static JsonValue counts(Map<String, Integer> byUser) {
        JsonObjectBuilder json = Json.createObjectBuilder();
        byUser.forEach(json::add);
        return json.build();
    }
}
