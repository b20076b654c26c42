package org.ordercast.dashboard;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.microsoft.playwright.Browser;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.Playwright;
import com.microsoft.playwright.options.SelectOption;
import java.net.URL;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
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

/**
 * The operations view ({@code ops.html}) in the machine's Chromium, under the pages' Content-Security-Policy: its
 * charts move during a processing run, the channel inspector shows a channel's position and its live publications,
 * and a user without the operator role sees none of it. Screenshots under {@code target/screenshots/}.
 */
@ExtendWith(ArquillianExtension.class)
class OperationsViewIT {

    private static final String OPERATOR = TestTokens.token("otto", "operator");

    @ArquillianResource
    URL base;

    Playwright playwright;
    Browser browser;
    Page page;
    List<String> errors = new CopyOnWriteArrayList<>();

    @Deployment(testable = false)
    static WebArchive deployment() {
        return Deployments.ordercast();
    }

    @BeforeEach
    void openBrowser() {
        playwright = Playwright.create();
        browser = Chromium.launch(playwright);
        page = browser.newContext(new Browser.NewContextOptions().setViewportSize(1400, 1200)).newPage();
        page.onConsoleMessage(message -> {
            if ("error".equals(message.type())) {
                errors.add(message.text());
            }
        });
        page.onPageError(errors::add);
    }

    @AfterEach
    void screenshotAndClose(TestInfo test) {
        page.screenshot(new Page.ScreenshotOptions().setFullPage(true).setPath(Path.of("target", "screenshots",
                "operations-" + test.getTestMethod().orElseThrow().getName() + ".png")));
        browser.close();
        playwright.close();
    }

    @Test
    void theChartsMoveDuringAProcessingRunAndTheInspectorShowsItsLivePublications() {
        signIn("Olga · operator", "olga");
        page.waitForSelector("#nodes tbody td:has-text('(this one)')");
        page.waitForSelector("#c-websocket:text-matches('^[1-9]')");

        page.fill("#inspect-channel", "processing");
        page.click("#inspect");
        page.waitForSelector("#inspection:visible");
        page.waitForSelector("#i-subscribers:text-matches('^[1-9]')");

        var started = Http.post(base, "api/v1/processing/runs", OPERATOR,
                "{\"orders\":40000,\"vipShare\":0.1,\"ratePerSecond\":5000}");
        assertEquals(202, started.statusCode(), started.body());

        // a live publication of the run in the inspector, and the channel's offset moved past it
        page.waitForSelector("#inspect-log li:has-text('processing.status')");
        page.waitForSelector("#i-offset:text-matches('^[1-9]')");
        // the publications chart and the latency chart have points of the run: a rate above zero, a p99 measured
        page.waitForSelector("#publications-now:text-matches('^[1-9][0-9,]*/s')");
        page.waitForSelector("#latency-now:text-matches('^p99 [0-9.]+ ms')");
        page.waitForSelector("#latency-chart path[data-series='p99']:not([data-points='0']):not([data-points='1'])");
        page.waitForSelector("#publications-chart path[data-series='publications/s']:not([d=''])");
        page.waitForSelector("#namespaces tbody td:text-is('processing')");
        assertTrue(page.locator("#latency-chart text:has-text('ms')").count() >= 4, "the latency axis has ticks in ms");
        assertTrue(page.locator("#publications-chart text:text-is('now')").count() == 1, "the time axis ends now");
        assertEquals(List.of(), errors);
    }

    @Test
    void theInspectorNamesWhatItCannotInspect() {
        signIn("Olga · operator", "olga");
        page.fill("#inspect-channel", "nosuchnamespace:1");
        page.click("#inspect");
        page.waitForSelector("#inspect-error:has-text('nosuchnamespace')");
        assertFalse(page.isVisible("#inspection"));
    }

    @Test
    void aKitchenUserSeesNoFigures() {
        signIn("Kim · kitchen", "kim");
        page.waitForSelector("#ops-hint:visible");
        assertEquals("—", page.textContent("#c-websocket"));
        assertEquals(403, Http.get(base, "api/v1/channels/orders", TestTokens.token("kim", "kitchen")).statusCode());
        assertEquals(List.of(), errors);
    }

    private void signIn(String label, String user) {
        page.navigate(base + "ops.html?every=1000");
        page.waitForSelector("#demo-user");
        page.selectOption("#demo-user", new SelectOption().setLabel(label));
        page.waitForSelector("text=" + user + " (");
    }
}
