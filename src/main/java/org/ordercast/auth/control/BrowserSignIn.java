package org.ordercast.auth.control;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.net.URI;
import java.util.Optional;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Browser sign-in through the identity provider, when {@code ordercast.auth.browser.client-id} names a public
 * client: the issuer is {@code ordercast.auth.browser.issuer}, else the first of {@code ordercast.auth.issuers}.
 */
@ApplicationScoped
public class BrowserSignIn {

    @Inject
    @ConfigProperty(name = "ordercast.auth.browser.client-id")
    Optional<String> clientId;

    @Inject
    @ConfigProperty(name = "ordercast.auth.browser.issuer")
    Optional<String> issuer;

    @Inject
    @ConfigProperty(name = "ordercast.auth.issuers")
    Optional<String> issuers;

    @Inject
    @ConfigProperty(name = "ordercast.auth.browser.scope", defaultValue = "openid profile")
    String scope;

    public Optional<String> clientId() {
        return clientId.map(String::strip).filter(s -> !s.isEmpty());
    }

    /** The issuer pages sign in with; empty where browser sign-in is off. */
    public Optional<String> issuer() {
        if (clientId().isEmpty()) {
            return Optional.empty();
        }
        return issuer.map(String::strip).filter(s -> !s.isEmpty()).or(() -> issuers
                .map(list -> TokenVerifier.issuerOf(list.split(",")[0])).filter(s -> !s.isEmpty()));
    }

    public String scope() {
        return scope;
    }

    /** The issuer's origin ({@code https://idp.example.com}), which the pages' Content-Security-Policy must allow. */
    public Optional<String> origin() {
        return issuer().map(URI::create).filter(u -> u.getScheme() != null && u.getHost() != null)
                .map(u -> u.getScheme() + "://" + u.getHost() + (u.getPort() < 0 ? "" : ":" + u.getPort()));
    }
}
