package org.ordercast.auth.boundary;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.microsoft.playwright.Browser;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.Playwright;
import jakarta.json.JsonObject;
import java.net.URL;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.ordercast.testing.Chromium;
import org.ordercast.testing.Http;
import org.ordercast.testing.PortableServer;
import org.ordercast.testing.PortableServers;
import org.ordercast.testing.OidcProvider;
import org.ordercast.testing.SseClient;
import org.ordercast.testing.TestTokens;
import org.ordercast.testing.WsClient;

/**
 * ordercast behind real OpenID providers (mock-oauth2-server, started with the server: see {@link PortableServer}): a Keycloak-shaped RS256 issuer and an
 * ES256 one at once, found through discovery, tokens from their token endpoints on every path, roles from
 * {@code realm_access.roles}, {@code at+jwt} access tokens, a provider down past the key cache time, and a provider
 * that came back with new keys; and the dashboard signing in through the provider in Chromium.
 */
@Tag("portable")
@ExtendWith(PortableServers.class)
class SingleSignOnContract {

    private final URL base;
    private final OidcProvider shop;
    private final OidcProvider partner;
    private final OidcProvider unreachable;
    private final OidcProvider browserSignIn;

    SingleSignOnContract(PortableServer server) {
        base = server.base();
        shop = server.shop;
        partner = server.partner;
        unreachable = server.unreachable;
        browserSignIn = server.browserSignIn;
    }

    /** A Keycloak-shaped token: realm roles under {@code realm_access}, the user in {@code preferred_username}. */
    private static String keycloakToken(OidcProvider provider, String user, String typ, String... roles) {
        return provider.token("f:" + user, typ, Map.of("preferred_username", user,
                "realm_access", Map.of("roles", List.of(roles))));
    }

    @Test
    void aProviderTokenWorksOnEveryPathWithRealmRoles() {
        String token = keycloakToken(shop, "kc-ann", "JWT", "staff", "publisher");
        var published = Http.post(base, "api/v1/publish", token,
                "{\"channel\":\"orders\",\"event\":\"order.note\",\"data\":{\"n\":1}}");
        assertEquals(200, published.statusCode(), published.body());
        try (var header = WsClient.connect(base, "", Map.of("Authorization", "Bearer " + token));
             var query = WsClient.connect(base, "?access_token=" + token, Map.of());
             var inBand = WsClient.connect(base)) {
            assertUser("kc-ann", header.awaitType("connected"));
            assertUser("kc-ann", query.awaitType("connected"));
            inBand.awaitType("connected");
            JsonObject authenticated = inBand.request("authenticate", "\"token\":\"" + token + "\"");
            assertEquals("reply", authenticated.getString("type"), authenticated.toString());
            JsonObject subscribed = header.subscribe("orders");
            assertEquals("reply", subscribed.getString("type"), "realm role staff opens orders: " + subscribed);
        }
        try (var stream = SseClient.open(base, "?channel=orders", null, token)) {
            assertEquals(200, stream.status());
        }
    }

    @Test
    void anAtJwtTokenOfAnEs256IssuerAndAnRs256TokenAreAcceptedTogether() {
        String es256 = partner.token("partner-svc", "at+jwt", Map.of("groups", List.of("publisher"),
                "preferred_username", "partner-svc"));
        String rs256 = keycloakToken(shop, "kc-bob", "JWT", "publisher");
        for (String token : List.of(es256, rs256)) {
            var published = Http.post(base, "api/v1/publish", token,
                    "{\"channel\":\"store:9\",\"event\":\"store.updated\",\"data\":{\"storeId\":\"9\"}}");
            assertEquals(200, published.statusCode(), published.body());
        }
        try (var client = WsClient.connect(base, "", Map.of("Authorization", "Bearer " + es256))) {
            assertUser("partner-svc", client.awaitType("connected"));
        }
    }

    @Test
    void keysOutliveAnOutageAndNewKeysAfterARestartReplaceTheOldOnEveryPath() throws InterruptedException {
        String before = keycloakToken(shop, "kc-cat", "JWT", "staff");
        assertEquals(200, stores(before));
        shop.stop();
        try {
            Thread.sleep(3000);
            assertEquals(200, stores(before), "down longer than the 2 s key cache: the last keys still verify");
            try (var client = WsClient.connect(base, "", Map.of("Authorization", "Bearer " + before))) {
                assertUser("kc-cat", client.awaitType("connected"));
            }
        } finally {
            shop.run();
        }
        String after = keycloakToken(shop, "kc-cat", "JWT", "staff");
        eventually(() -> stores(after) == 200, "the restarted provider's new key is accepted on REST");
        try (var client = WsClient.connect(base, "", Map.of("Authorization", "Bearer " + after));
             var stream = SseClient.open(base, "?channel=orders", null, after)) {
            assertUser("kc-cat", client.awaitType("connected"));
            assertEquals(200, stream.status());
        }
        eventually(() -> stores(before) == 401, "the retired key's token is refused once the new keys are in");
        try (var client = WsClient.connect(base, "", Map.of("Authorization", "Bearer " + before))) {
            assertEquals(4001, client.awaitClose(Duration.ofSeconds(10)));
        }
    }

    @Test
    void aTokenWhoseIssuersKeysCannotBeHadIsRetriableEverywhereNotRefused() throws InterruptedException {
        String token = keycloakToken(unreachable, "kc-dan", "JWT", "staff");
        unreachable.stop();
        try {
            HttpResponse<String> rest = Http.get(base, "api/v1/users/me/notifications", token);
            assertEquals(503, rest.statusCode(), rest.body());
            assertTrue(rest.headers().firstValue("Retry-After").isPresent());
            try (var stream = SseClient.open(base, "?channel=orders", null, token)) {
                assertEquals(503, stream.status());
            }
            try (var upgrade = WsClient.connect(base, "", Map.of("Authorization", "Bearer " + token));
                 var inBand = WsClient.connect(base)) {
                assertEquals(4011, upgrade.awaitClose(Duration.ofSeconds(10)));
                inBand.awaitType("connected");
                JsonObject refused = inBand.request("authenticate", "\"token\":\"" + token + "\"");
                assertEquals("unavailable", refused.getString("code"), refused.toString());
            }
        } finally {
            unreachable.run();
        }
        String fresh = keycloakToken(unreachable, "kc-dan", "JWT", "staff");
        eventually(() -> stores(fresh) == 200, "once the provider answers, its tokens are accepted");
    }

    @Test
    void theDashboardSignsInThroughTheProviderWithPkceAndStaysLiveAcrossATokenRefresh() throws Exception {
        Map<String, Object> claims = Map.of("preferred_username", "kc-ada",
                "realm_access", Map.of("roles", List.of("staff", "admin")));
        for (int i = 0; i < 4; i++) {
            // the sign-in, then the refreshes: tokens valid for 20 s, refreshed 4 s before they expire
            browserSignIn.enqueue("f:kc-ada", "JWT", claims, 20);
        }
        try (Playwright playwright = Playwright.create()) {
            Browser browser = Chromium.launch(playwright);
            // the page's own Content-Security-Policy applies: it must allow the provider
            Page page = browser.newPage();
            var console = new java.util.concurrent.CopyOnWriteArrayList<String>();
            page.onConsoleMessage(message -> console.add(message.type() + ": " + message.text()));
            page.onPageError(error -> console.add("page error: " + error));
            // on loopback like the provider: Chromium refuses a page elsewhere a fetch into loopback
            page.navigate(new URL(base.getProtocol(), "127.0.0.1", base.getPort(), base.getPath()) + "index.html");
            page.click("#sso-sign-in");
            try {
                page.waitForSelector("text=kc-ada (", new Page.WaitForSelectorOptions().setTimeout(15_000));
            } catch (com.microsoft.playwright.TimeoutError e) {
                throw new AssertionError("not signed in at " + page.url() + ", sign-in area '"
                        + page.textContent("#signin") + "', console " + console, e);
            }
            assertTrue(page.textContent("#signin").contains("admin"), "the roles the server gives the provider's token");
            page.waitForSelector("#status:has-text('CONNECTED')");
            page.waitForSelector(card(placeOrder()));
            long deadline = System.nanoTime() + Duration.ofSeconds(40).toNanos();
            while (((Number) page.evaluate("() => window.ordercastSession.refreshes ?? 0")).intValue() < 1) {
                assertTrue(System.nanoTime() < deadline, "the page refreshed its token through the provider");
                Thread.sleep(500);
            }
            assertEquals("CONNECTED", page.textContent("#status"));
            page.waitForSelector(card(placeOrder()));
            assertTrue(page.url().endsWith("index.html"), "the provider's answer is gone from the address: " + page.url());
            browser.close();
        }
    }

    private String placeOrder() {
        var response = Http.post(base, "api/v1/orders", TestTokens.token("cora", "customer"),
                "{\"customerName\":\"Cora\",\"items\":[{\"name\":\"Soup\",\"price\":4.5,\"quantity\":2}]}");
        assertEquals(201, response.statusCode(), response.body());
        return Http.json(response).getString("id");
    }

    private static String card(String id) {
        return ".column[data-status=\"PENDING\"] [data-order=\"" + id + "\"]";
    }

    /** The status of a signed-in REST call. */
    private int stores(String token) {
        HttpResponse<String> response = Http.get(base, "api/v1/users/me/notifications", token);
        return response.statusCode();
    }

    private static void assertUser(String user, JsonObject connected) {
        assertTrue(connected.getBoolean("authenticated"), connected.toString());
        assertEquals(user, connected.getJsonObject("user").getString("id"));
    }

    private static void eventually(BooleanSupplier condition, String what) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
        while (!condition.getAsBoolean()) {
            assertTrue(System.nanoTime() < deadline, what);
            Thread.sleep(200);
        }
    }
}
