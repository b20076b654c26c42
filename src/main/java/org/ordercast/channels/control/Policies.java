package org.ordercast.channels.control;

import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.Arrays;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.eclipse.microprofile.config.Config;
import org.ordercast.channels.entity.ChannelName;
import org.ordercast.channels.entity.Grant;
import org.ordercast.channels.entity.NamespacePolicy;

/**
 * The namespace policies: the defaults below, each key overridable as {@code ordercast.namespace.<ns>.<key>}
 * (keys: subscribe, history-size, history-ttl, keep-last, presence, auto-join, durable). A namespace named only in
 * configuration is added with the keys it sets; anything it omits defaults to no history and admin-only access.
 */
@ApplicationScoped
public class Policies {

    private static final Pattern KEY = Pattern.compile("ordercast\\.namespace\\.([a-z][a-z0-9_-]*)\\.([a-z-]+)");
    private static final Map<String, String> DEFAULTS = Map.ofEntries(
            Map.entry("broadcast", "anonymous|100|1h|false|false|true|false"),
            Map.entry("user", "owner,role:admin|1000|7d|false|false|false|true"),
            Map.entry("role", "member|100|1h|false|false|false|false"),
            Map.entry("store", "store,role:admin|500|1h|false|true|false|false"),
            Map.entry("order", "role:staff,role:kitchen,role:admin,customer|100|24h|false|false|false|false"),
            Map.entry("orders", "role:staff,role:kitchen,role:admin|1000|1h|false|false|false|false"),
            Map.entry("inventory", "role:staff,role:admin|500|1h|false|false|false|false"),
            Map.entry("dashboard", "role:manager,role:admin|100|1h|true|true|false|false"),
            Map.entry("contract", "role:manager,role:admin|100|24h|false|false|false|false"),
            Map.entry("queue", "role:operator,role:admin|500|1h|false|false|false|false"),
            Map.entry("processing", "anonymous|100|1h|true|false|false|false"),
            Map.entry("logs", "role:operator,role:admin|1000|1h|false|false|false|false"));
    private static final String UNKNOWN = "role:admin|0|0s|false|false|false|false";

    @Inject
    Config config;

    private volatile Map<String, NamespacePolicy> policies = Map.of();

    @PostConstruct
    void init() {
        load(name -> config.getOptionalValue(name, String.class), config.getPropertyNames());
    }

    /** Policies from the defaults and the given properties, outside a container (tests, tools). */
    public static Policies of(Map<String, String> config) {
        var policies = new Policies();
        policies.load(key -> Optional.ofNullable(config.get(key)), config.keySet());
        return policies;
    }

    /** Builds the policies from defaults and whatever {@code property} answers. */
    void load(Function<String, Optional<String>> property, Iterable<String> propertyNames) {
        var namespaces = new TreeSet<>(DEFAULTS.keySet());
        for (String name : propertyNames) {
            Matcher key = KEY.matcher(name);
            if (key.matches()) {
                namespaces.add(key.group(1));
            }
        }
        var loaded = new TreeMap<String, NamespacePolicy>();
        for (String ns : namespaces) {
            String[] d = DEFAULTS.getOrDefault(ns, UNKNOWN).split("\\|");
            Function<String, String> value = (k) -> property.apply("ordercast.namespace." + ns + "." + k)
                    .map(String::strip).orElse(null);
            loaded.put(ns, new NamespacePolicy(ns,
                    Arrays.stream(or(value.apply("subscribe"), d[0]).split(",")).filter(s -> !s.isBlank())
                            .map(Grant::parse).toList(),
                    Integer.parseInt(or(value.apply("history-size"), d[1])),
                    duration(or(value.apply("history-ttl"), d[2])),
                    Boolean.parseBoolean(or(value.apply("keep-last"), d[3])),
                    Boolean.parseBoolean(or(value.apply("presence"), d[4])),
                    Boolean.parseBoolean(or(value.apply("auto-join"), d[5])),
                    Boolean.parseBoolean(or(value.apply("durable"), d[6]))));
        }
        policies = Map.copyOf(loaded);
    }

    public Optional<NamespacePolicy> of(ChannelName channel) {
        return Optional.ofNullable(policies.get(channel.namespace()));
    }

    /** The policy of a channel's namespace; a namespace without one is refused. */
    public NamespacePolicy require(String channel) {
        return of(ChannelName.parse(channel)).orElseThrow(() -> new ChannelRefusedException(
                ChannelRefusedException.Reason.UNKNOWN_NAMESPACE, "no channel namespace for '" + channel + "'"));
    }

    public Iterable<NamespacePolicy> all() {
        return policies.values();
    }

    /** {@code 90s}, {@code 30m}, {@code 1h}, {@code 7d}, or ISO-8601 such as {@code PT1H}. */
    static Duration duration(String text) {
        String t = text.strip();
        if (t.startsWith("P") || t.startsWith("p")) {
            return Duration.parse(t);
        }
        long amount = Long.parseLong(t.substring(0, t.length() - 1));
        return switch (t.charAt(t.length() - 1)) {
            case 's' -> Duration.ofSeconds(amount);
            case 'm' -> Duration.ofMinutes(amount);
            case 'h' -> Duration.ofHours(amount);
            case 'd' -> Duration.ofDays(amount);
            default -> throw new IllegalArgumentException("duration '" + text + "' needs a unit: s, m, h or d");
        };
    }

    private static String or(String value, String fallback) {
        return value == null || value.isEmpty() ? fallback : value;
    }
}
