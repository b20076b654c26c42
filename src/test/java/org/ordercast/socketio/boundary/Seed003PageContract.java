package org.ordercast.socketio.boundary;

import static org.junit.jupiter.api.Assertions.assertFalse;

import com.microsoft.playwright.Browser;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.Playwright;
import com.microsoft.playwright.Route;
import java.io.IOException;
import java.io.InputStream;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.ordercast.testing.Chromium;
import org.ordercast.testing.PortableServer;
import org.ordercast.testing.PortableServers;
import org.ordercast.testing.TestTokens;

/**
 * Seed 003's interactive test client page ({@code src/test/resources/seed003/test-client.html}) in Chromium against
 * ordercast's Socket.IO endpoint, used as its guide says: connect, create sample orders, join an order room, run
 * the kitchen simulation, watch the order move in the log. The page loads socket.io-client 4.8.1 from its CDN; the
 * test answers that request with the same file from the npm registry (nothing leaves the machine), and serves the
 * page from the server's origin, as a team serving it beside its back end would. A screenshot lands in
 * {@code target/screenshots/}.
 */
@Tag("portable")
@ExtendWith(PortableServers.class)
class Seed003PageContract {

    private static final Path CLIENT = Path.of("src/test/js/node_modules/socket.io-client/dist/socket.io.min.js");

    private final PortableServer server;

    Seed003PageContract(PortableServer server) {
        this.server = server;
    }

    @Test
    void theTestClientPageFollowsAnOrderThroughTheKitchen() throws IOException {
        URL base = server.base();
        String pageUrl = base + "seed003/test-client.html";
        byte[] html = resource("/seed003/test-client.html");
        byte[] client = Files.readAllBytes(CLIENT);
        try (Playwright playwright = Playwright.create(); Browser browser = Chromium.launch(playwright)) {
            Page page = browser.newPage();
            page.route("https://cdn.socket.io/**", route -> route.fulfill(new Route.FulfillOptions()
                    .setContentType("text/javascript").setBodyBytes(client)));
            page.route(pageUrl, route -> route.fulfill(new Route.FulfillOptions()
                    .setContentType("text/html").setBodyBytes(html)));
            page.navigate(pageUrl);
            page.fill("#server", base.getProtocol() + "://" + base.getAuthority());
            page.fill("#token", TestTokens.token("kit", "kitchen"));
            page.click("#connect");
            page.waitForSelector("#status.connected");

            page.click("#create-samples");
            page.waitForSelector("#log >> text=Created order");
            String order = page.inputValue("#order-id");
            page.waitForSelector("#log >> text=New order " + order);
            assertFalse(order.isBlank(), "the page took the first sample order's id");
            page.click("#join");
            page.waitForSelector("#log >> text=Joined room order_" + order + " for order " + order);

            page.click("#simulate");
            page.waitForSelector("#log >> text=Order " + order + " is now IN_PROGRESS");
            page.waitForSelector("#log >> text=Order " + order + " is now READY");
            // the simulation ends once every open order of the server is done: the next test finds a quiet kitchen
            page.waitForSelector("#log >> text=Order " + order + " is now COMPLETED");
            page.screenshot(new Page.ScreenshotOptions().setFullPage(true)
                    .setPath(Path.of("target", "screenshots",
                            "seed003-test-client-" + server.name().replaceAll("\\W+", "-") + ".png")));
            assertFalse(page.textContent("#log").contains("error"), page.textContent("#log"));
        }
    }

    private static byte[] resource(String name) throws IOException {
        try (InputStream in = Seed003PageContract.class.getResourceAsStream(name)) {
            return in.readAllBytes();
        }
    }
}
