package org.ordercast.channels.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.ordercast.auth.entity.Identity;
import org.ordercast.channels.entity.ChannelName;
import org.ordercast.channels.entity.NamespacePolicy;

class PoliciesTest {

    static final Identity ANONYMOUS = Identity.anonymous();

    static Identity user(String id, Set<String> roles, Set<String> stores) {
        return new Identity(id, roles, stores, Instant.now().plusSeconds(3600));
    }

    static Policies policies(Map<String, String> config) {
        return Policies.of(config);
    }

    final Policies defaults = policies(Map.of());

    boolean may(Identity who, String channel) {
        ChannelName name = ChannelName.parse(channel);
        return defaults.of(name).orElseThrow().maySubscribe(who, name);
    }

    @Test
    void defaultsFollowTheDesignTable() {
        Identity alice = user("alice", Set.of("staff"), Set.of("7"));
        Identity admin = user("root", Set.of("admin"), Set.of());
        assertTrue(may(ANONYMOUS, "broadcast"));
        assertTrue(may(ANONYMOUS, "processing"));
        assertFalse(may(ANONYMOUS, "orders"));
        assertTrue(may(alice, "user:alice"));
        assertFalse(may(alice, "user:bob"));
        assertTrue(may(admin, "user:bob"));
        assertTrue(may(alice, "store:7"));
        assertFalse(may(alice, "store:8"));
        assertTrue(may(alice, "role:staff"));
        assertFalse(may(alice, "role:admin"));
        assertTrue(may(alice, "orders"));
        assertTrue(may(alice, "order:42"));
        assertTrue(may(alice, "inventory"));
        assertFalse(may(alice, "dashboard"));
        assertFalse(may(alice, "queue"));
        assertFalse(may(alice, "logs"));
        assertTrue(may(user("m", Set.of("manager"), Set.of()), "contract:c9"));
        assertTrue(may(user("o", Set.of("operator"), Set.of()), "logs"));
        assertTrue(may(user("k", Set.of("kitchen"), Set.of()), "orders"));
        assertFalse(may(user("k", Set.of("kitchen"), Set.of()), "inventory"));
    }

    @Test
    void historyAndKeepLastDefaults() {
        NamespacePolicy user = defaults.of(ChannelName.parse("user:a")).orElseThrow();
        assertEquals(1000, user.historySize());
        assertEquals(Duration.ofDays(7), user.historyTtl());
        assertTrue(defaults.of(ChannelName.parse("processing")).orElseThrow().keepLast());
        assertTrue(defaults.of(ChannelName.parse("dashboard")).orElseThrow().keepLast());
        assertFalse(defaults.of(ChannelName.parse("orders")).orElseThrow().keepLast());
        assertTrue(defaults.of(ChannelName.parse("broadcast")).orElseThrow().autoJoin());
    }

    @Test
    void configurationOverridesAndAddsNamespaces() {
        Policies configured = policies(Map.of(
                "ordercast.namespace.processing.subscribe", "authenticated",
                "ordercast.namespace.orders.history-size", "5",
                "ordercast.namespace.orders.history-ttl", "PT10M",
                "ordercast.namespace.chat.subscribe", "role:support,owner",
                "ordercast.namespace.chat.history-ttl", "30m",
                "ordercast.namespace.chat.history-size", "50"));
        NamespacePolicy processing = configured.of(ChannelName.parse("processing")).orElseThrow();
        assertFalse(processing.maySubscribe(ANONYMOUS, ChannelName.parse("processing")));
        assertTrue(processing.keepLast(), "keys not set keep their defaults");
        NamespacePolicy orders = configured.of(ChannelName.parse("orders")).orElseThrow();
        assertEquals(5, orders.historySize());
        assertEquals(Duration.ofMinutes(10), orders.historyTtl());
        NamespacePolicy chat = configured.of(ChannelName.parse("chat:7")).orElseThrow();
        assertEquals(Duration.ofMinutes(30), chat.historyTtl());
        assertTrue(chat.maySubscribe(user("s", Set.of("support"), Set.of()), ChannelName.parse("chat:7")));
        assertFalse(chat.maySubscribe(user("x", Set.of(), Set.of()), ChannelName.parse("chat:7")));
        assertTrue(configured.of(ChannelName.parse("nosuch")).isEmpty());
    }

    @Test
    void badConfigurationIsRefusedWithTheReason() {
        var grant = assertThrows(IllegalArgumentException.class,
                () -> policies(Map.of("ordercast.namespace.orders.subscribe", "everybody")));
        assertTrue(grant.getMessage().contains("everybody"));
        assertThrows(IllegalArgumentException.class, () -> Policies.duration("10"));
        assertEquals(Duration.ofSeconds(90), Policies.duration("90s"));
        assertEquals(Duration.ofHours(24), Policies.duration("24h"));
    }
}
