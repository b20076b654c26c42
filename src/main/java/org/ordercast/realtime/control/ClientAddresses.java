package org.ordercast.realtime.control;

import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Enumeration;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The address a connection comes from, for the per-address limit. Behind a load balancer every connection's peer is
 * the balancer, so that all clients shared one count: a node restarting behind nginx let 300 of its clients back in
 * per minute. The proxies listed in {@code ordercast.limits.trusted-proxies} (addresses or CIDR ranges) are believed
 * about who they forward: the client is the last address in {@code X-Forwarded-For} that is not one of them, as with
 * nginx's {@code real_ip_recursive}. Anyone else's {@code X-Forwarded-For} is ignored, so a client cannot choose its
 * own address; with no proxy listed, the default, the header is never read.
 */
@ApplicationScoped
public class ClientAddresses {

    private static final Pattern IPV4 = Pattern.compile("\\d{1,3}(\\.\\d{1,3}){3}");
    private static final Pattern IPV6 = Pattern.compile("[0-9A-Fa-f:.]*:[0-9A-Fa-f:.]*");

    private static final System.Logger LOG = System.getLogger(ClientAddresses.class.getName());

    @Inject
    @ConfigProperty(name = "ordercast.limits.trusted-proxies")
    Optional<String> trustedProxies;

    private List<Range> trusted = List.of();

    @PostConstruct
    void readTrustedProxies() {
        trusted = ranges(trustedProxies.orElse(""));
    }

    /** Created as the application starts, so that a setting it cannot read fails the deployment. */
    void start(@Observes @Initialized(ApplicationScoped.class) Object application) {
        if (!trusted.isEmpty()) {
            LOG.log(System.Logger.Level.INFO, "connections are counted per client by X-Forwarded-For when they come "
                    + "through " + trustedProxies.orElse("").strip() + " (ordercast.limits.trusted-proxies)");
        }
    }

    /**
     * The client's address: {@code peer}, or, when {@code peer} is a trusted proxy, the last address of the
     * {@code X-Forwarded-For} headers (in the order received) that is not a trusted proxy.
     */
    public String of(String peer, Enumeration<String> forwardedFor) {
        if (trusted.isEmpty() || !isTrusted(peer) || forwardedFor == null) {
            return peer;
        }
        List<String> hops = new ArrayList<>();
        for (String header : Collections.list(forwardedFor)) {
            for (String hop : header.split(",")) {
                hops.add(hop.strip());
            }
        }
        String client = peer;
        for (int i = hops.size() - 1; i >= 0; i--) {
            InetAddress hop = literal(withoutPort(hops.get(i)));
            if (hop == null) {
                // not an address: what the trusted hops said so far is all that can be believed
                return client;
            }
            client = hop.getHostAddress();
            if (!isTrusted(hop)) {
                return client;
            }
        }
        return client;
    }

    private boolean isTrusted(String address) {
        InetAddress parsed = literal(address);
        return parsed != null && isTrusted(parsed);
    }

    private boolean isTrusted(InetAddress address) {
        for (Range range : trusted) {
            if (range.contains(address)) {
                return true;
            }
        }
        return false;
    }

    /**
     * The ranges of a comma-separated list of addresses and CIDR ranges.
     *
     * @throws IllegalArgumentException naming an entry that is neither, so that a typo fails the deployment instead
     *     of trusting nobody, or everybody
     */
    static List<Range> ranges(String list) {
        List<Range> ranges = new ArrayList<>();
        for (String entry : list.split(",")) {
            String text = entry.strip();
            if (text.isEmpty()) {
                continue;
            }
            int slash = text.indexOf('/');
            InetAddress network = literal(slash < 0 ? text : text.substring(0, slash));
            int bits = network == null ? 0 : network.getAddress().length * 8;
            int prefix = bits;
            if (slash >= 0) {
                try {
                    prefix = Integer.parseInt(text.substring(slash + 1));
                } catch (NumberFormatException e) {
                    prefix = -1;
                }
            }
            if (network == null || prefix < 0 || prefix > bits) {
                throw new IllegalArgumentException("ordercast.limits.trusted-proxies: '" + text
                        + "' is not an IPv4 or IPv6 address or CIDR range");
            }
            ranges.add(new Range(network.getAddress(), prefix));
        }
        return List.copyOf(ranges);
    }

    /** An IP address written as one, never a host name to look up; null for anything else. */
    static InetAddress literal(String text) {
        try {
            if (text != null && IPV4.matcher(text).matches()) {
                String[] parts = text.split("\\.");
                byte[] bytes = new byte[4];
                for (int i = 0; i < 4; i++) {
                    int part = Integer.parseInt(parts[i]);
                    if (part > 255) {
                        return null;
                    }
                    bytes[i] = (byte) part;
                }
                return InetAddress.getByAddress(bytes);
            }
            // with a colon, the JDK reads it as an IPv6 literal or refuses it, and asks no name service
            return text != null && IPV6.matcher(text).matches() ? InetAddress.getByName(text) : null;
        } catch (UnknownHostException e) {
            return null;
        }
    }

    /** {@code 203.0.113.7:51234} and {@code [2001:db8::7]:51234}, as some proxies write a hop, without the port. */
    private static String withoutPort(String hop) {
        if (hop.startsWith("[")) {
            int end = hop.indexOf(']');
            return end < 0 ? hop : hop.substring(1, end);
        }
        int colon = hop.indexOf(':');
        return colon > 0 && hop.indexOf(':', colon + 1) < 0 ? hop.substring(0, colon) : hop;
    }

    /** A CIDR range; an IPv4 address never falls in an IPv6 range, or the other way round. */
    record Range(byte[] network, int prefix) {

        boolean contains(InetAddress address) {
            byte[] bytes = address.getAddress();
            if (bytes.length != network.length) {
                return false;
            }
            int whole = prefix / 8;
            for (int i = 0; i < whole; i++) {
                if (bytes[i] != network[i]) {
                    return false;
                }
            }
            int rest = prefix % 8;
            if (rest == 0) {
                return true;
            }
            int mask = 0xFF << (8 - rest) & 0xFF;
            return (bytes[whole] & mask) == (network[whole] & mask);
        }
    }
}
