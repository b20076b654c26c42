package org.ordercast.dashboard;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.microsoft.playwright.Browser;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.Playwright;
import com.microsoft.playwright.options.WaitForSelectorState;
import java.net.URL;
import java.nio.file.Path;
import java.util.List;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.extension.ExtendWith;
import org.ordercast.testing.Chromium;
import org.ordercast.testing.Deployments;
import org.ordercast.testing.Http;
import org.ordercast.testing.TestTokens;

/** The operations dashboard in the machine's Chromium: live board, reconnection, fallbacks, the processing panel. */
@ExtendWith(ArquillianExtension.class)
class DashboardIT {

    private static final String CUSTOMER = TestTokens.token("cora", "customer");
    private static final String KITCHEN = TestTokens.token("kit", "kitchen");

    @ArquillianResource
    URL base;

    Playwright playwright;
    Browser browser;
    Page page;

    @Deployment(testable = false)
    static WebArchive deployment() {
        return Deployments.ordercast();
    }

    @BeforeEach
    void openBrowser() {
        playwright = Playwright.create();
        browser = Chromium.launch(playwright);
        // Playwright's waitForFunction evaluates strings, which the pages' CSP forbids; the CSP test opens its own page
        page = browser.newContext(new Browser.NewContextOptions().setViewportSize(1400, 1000).setBypassCSP(true)).newPage();
    }

    @AfterEach
    void screenshotAndClose(TestInfo test) {
        page.screenshot(new Page.ScreenshotOptions().setFullPage(true)
                .setPath(Path.of("target", "screenshots", test.getTestMethod().orElseThrow().getName() + ".png")));
        browser.close();
        playwright.close();
    }

    @Test
    void theDashboardConnectsAndShowsConnected() {
        signInAsAdmin("");
        assertEquals("websocket", page.textContent("#transport"));
    }

    @Test
    void anOrderAppearsOnTheBoardWithinASecondAndMovesColumn() {
        signInAsAdmin("");
        String id = placeOrder();
        page.waitForSelector(card("PENDING", id), new Page.WaitForSelectorOptions().setTimeout(1000));
        move(id, "IN_PROGRESS");
        page.waitForSelector(card("IN_PROGRESS", id), new Page.WaitForSelectorOptions().setTimeout(1000));
        assertEquals(0, page.locator(card("PENDING", id)).count(), "the card moved, it was not copied");
    }

    @Test
    void afterTheServerClosesTheConnectionTheBoardCatchesUp() {
        signInAsAdmin("");
        page.evaluate("() => { window.seen = []; window.ordercast.onStatus(s => window.seen.push(s.status)); }");
        assertEquals(200, Http.delete(base, "api/v1/connections?user=ada", TestTokens.token("root", "admin")).statusCode());
        String id = placeOrder();
        page.waitForFunction("() => window.seen.includes('DISCONNECTED') && window.seen.at(-1) === 'CONNECTED'");
        page.waitForSelector(card("PENDING", id));
    }

    @Test
    void withWebSocketBlockedThePageWorksOverSseThenLongPolling() {
        // a network that refuses WebSocket: every connection attempt fails before it opens
        page.addInitScript("window.WebSocket = class { constructor() { this.readyState = 3;"
                + " setTimeout(() => this.onclose && this.onclose({ code: 1006 }), 20); } send() {} close() {} };");
        signIn("", "Ada · admin");
        page.waitForFunction("() => document.querySelector('#transport').textContent === 'sse'"
                + " && document.querySelector('#status').textContent === 'CONNECTED'");
        String overSse = placeOrder();
        page.waitForSelector(card("PENDING", overSse));

        page.route("**/api/v1/stream**", route -> route.abort());
        page.evaluate("() => window.ordercast.restartStream()");
        page.waitForFunction("() => document.querySelector('#transport').textContent === 'polling'");
        String overPolling = placeOrder();
        page.waitForSelector(card("PENDING", overPolling));
    }

    @Test
    void anExpiringTokenIsRefreshedWithoutReloadingTheBoard() {
        signInAsAdmin("?tokenSeconds=6");
        Object loadedAt = page.evaluate("() => window.ordercastPageLoadedAt");
        page.waitForTimeout(9000);
        assertEquals("CONNECTED", page.textContent("#status"));
        assertEquals(loadedAt, page.evaluate("() => window.ordercastPageLoadedAt"), "no reload");
        assertTrue(((Number) page.evaluate("() => window.ordercastSession.refreshes ?? 0")).intValue() >= 1);
        String id = placeOrder();
        page.waitForSelector(card("PENDING", id));
    }

    @Test
    void theProcessingPanelReachesCompletionAndPausesAndResumes() {
        signInAsAdmin("");
        page.fill("#run-orders", "20000");
        page.click("#start-run");
        page.waitForFunction("() => ['PROCESSING'].includes(document.querySelector('#phase').textContent)");
        page.click("#pause");
        page.waitForFunction("() => document.querySelector('#phase').textContent === 'PAUSED'");
        String paused = page.textContent("#progress-value");
        page.waitForTimeout(800);
        assertEquals(paused, page.textContent("#progress-value"), "no progress while paused");
        page.click("#resume");
        page.waitForFunction("() => document.querySelector('#progress-value').textContent === '100%'",
                null, new Page.WaitForFunctionOptions().setTimeout(20000));
        // the last progress and the completion are two publications: the phase may follow a moment later
        page.waitForFunction("() => document.querySelector('#phase').textContent === 'COMPLETED'",
                null, new Page.WaitForFunctionOptions().setTimeout(5000));
        assertEquals("COMPLETED", page.textContent("#phase"));
        page.locator("#log li").first().waitFor(new com.microsoft.playwright.Locator.WaitForOptions()
                .setState(WaitForSelectorState.ATTACHED));
    }

    @Test
    void aKitchenUserSeesNoOperatorControls() {
        signIn("", "Kim · kitchen", "kim");
        page.waitForFunction("() => document.querySelector('#status').textContent === 'CONNECTED'");
        for (String control : List.of("#start-run", "#pause", "#resume")) {
            assertFalse(page.isVisible(control), control + " is shown to a kitchen user");
        }
    }

    @Test
    void theKitchenPageSaysToConnectFirstInsteadOfFailing() {
        var errors = collectErrors();
        page.navigate(base + "kitchen.html");
        page.fill("#order-id", "42");
        page.click("#join");
        page.waitForSelector("#log li:has-text('connect first')");
        page.click("#leave");
        assertEquals(List.of(), errors);
    }

    @Test
    void signingInOnceServesEveryPageAndNewTab() {
        signInAsAdmin("");
        String id = placeOrder();
        Page tab = page.context().newPage();
        tab.navigate(base + "track.html?order=" + id);
        tab.waitForSelector("text=ada (");
        tab.waitForFunction("() => document.querySelector('#status').textContent === 'CONNECTED'");
        tab.waitForFunction("() => document.querySelector('#alias').textContent !== '—'");
        Page kitchen = page.context().newPage();
        kitchen.navigate(base + "kitchen.html");
        kitchen.waitForSelector("text=ada (");
    }

    @Test
    void aSignedOutTrackingPageSaysHowToFollowTheOrder() {
        page.navigate(base + "track.html?order=" + placeOrder());
        page.waitForSelector("#track-hint:has-text('Sign in')");
        page.navigate(base + "track.html");
        page.waitForSelector("#track-hint:has-text('?order=')");
    }

    @Test
    void atPhoneWidthThePageFitsAndTheStatusAndSignInAreVisible() {
        page.setViewportSize(390, 844);
        signInAsAdmin("");
        assertTrue(((Number) page.evaluate("() => document.documentElement.scrollWidth")).intValue() <= 390,
                "the page is wider than the phone; too wide: " + page.evaluate("() => [...document.querySelectorAll('body *')]"
                        + ".filter(e => e.getBoundingClientRect().right > 391).slice(0, 8)"
                        + ".map(e => e.tagName + '#' + e.id + '.' + e.className + ' ' + Math.round(e.getBoundingClientRect().right))"));
        for (String part : List.of("#status", "#signin button")) {
            var box = page.locator(part).boundingBox();
            assertTrue(box.x >= 0 && box.x + box.width <= 390, part + " is cut off at x=" + box.x + " w=" + box.width);
        }
    }

    @Test
    void aPastedTokenShowsTheUserTheServerSees() {
        String token = TestTokens.token("0f3c9a", List.of("staff"), List.of(),
                claims -> claims.claim("upn", null).claim("preferred_username", "pat"));
        page.navigate(base + "index.html");
        page.waitForSelector("#demo-user");
        page.evaluate("token => window.ordercastSession.useToken(token)", token);
        page.reload();
        page.waitForSelector("text=pat (staff)");
    }

    @Test
    void everyPageLoadsWithoutConsoleErrorsUnderItsContentSecurityPolicy() {
        page = browser.newContext(new Browser.NewContextOptions().setViewportSize(1400, 1000)).newPage();
        var errors = collectErrors();
        var response = page.navigate(base + "index.html");
        assertTrue(response.headers().getOrDefault("content-security-policy", "").contains("script-src 'self'"));
        page.waitForSelector("#demo-user");
        page.selectOption("#demo-user", new com.microsoft.playwright.options.SelectOption().setLabel("Ada · admin"));
        page.waitForSelector("#status:text-is('CONNECTED')");
        String id = placeOrder();
        page.waitForSelector(card("PENDING", id));
        page.navigate(base + "track.html?order=" + id);
        page.waitForSelector("#alias:not(:text-is('—'))");
        page.navigate(base + "kitchen.html");
        page.click("#connect");
        page.waitForSelector("#status:text-is('CONNECTED')");
        assertEquals(List.of(), errors);
    }

    /** Console errors (a failed request, a CSP violation) and uncaught exceptions of the page, as they happen. */
    private List<String> collectErrors() {
        var errors = new java.util.concurrent.CopyOnWriteArrayList<String>();
        page.onConsoleMessage(message -> {
            if ("error".equals(message.type())) {
                errors.add(message.text());
            }
        });
        page.onPageError(errors::add);
        return errors;
    }

    private void signInAsAdmin(String query) {
        signIn(query, "Ada · admin");
        page.waitForFunction("() => document.querySelector('#status').textContent === 'CONNECTED'");
    }

    private void signIn(String query, String label) {
        signIn(query, label, "ada");
    }

    private void signIn(String query, String label, String user) {
        page.navigate(base + "index.html" + query);
        page.waitForSelector("#demo-user");
        page.selectOption("#demo-user", new com.microsoft.playwright.options.SelectOption().setLabel(label));
        page.waitForSelector("text=" + user + " (");
    }

    private String placeOrder() {
        var response = Http.post(base, "api/v1/orders", CUSTOMER,
                "{\"customerName\":\"Cora\",\"items\":[{\"name\":\"Soup\",\"price\":4.5,\"quantity\":2}]}");
        assertEquals(201, response.statusCode(), response.body());
        return Http.json(response).getString("id");
    }

    private void move(String id, String status) {
        assertEquals(200, Http.post(base, "api/v1/orders/" + id + "/status", KITCHEN, "{\"status\":\"" + status + "\"}")
                .statusCode());
    }

    private static String card(String column, String id) {
        return ".column[data-status=\"" + column + "\"] [data-order=\"" + id + "\"]";
    }
}
