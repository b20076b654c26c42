package org.ordercast.problem.boundary;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URL;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.ordercast.testing.Http;
import org.ordercast.testing.PortableServer;
import org.ordercast.testing.PortableServers;
import org.ordercast.testing.TestTokens;

/**
 * Every servlet of its own answers a method it does not serve with 405, its {@code Allow} header and a problem
 * document, as the REST resources do; HttpServlet's own answer was the container's HTML page (501 for PATCH), and a
 * HEAD of the event stream or of the Engine.IO handshake opened one.
 */
@Tag("portable")
@ExtendWith(PortableServers.class)
class MethodsContract {

    private static final String OPERATOR = TestTokens.token("ops", "operator");

    private final URL base;

    MethodsContract(PortableServer server) {
        base = server.base();
    }

    @Test
    void aMethodAServletDoesNotServeIs405WithAllowAndAProblem() {
        record Case(String path, String allow, List<String> refused) {
        }
        for (var c : List.of(
                new Case("api/v1/stream?channel=broadcast", "GET, OPTIONS", List.of("PUT", "DELETE", "PATCH", "HEAD")),
                new Case("socket.io/?EIO=4&transport=polling", "GET, POST, OPTIONS", List.of("PUT", "PATCH", "HEAD")),
                new Case("metrics", "GET, HEAD, OPTIONS", List.of("POST", "DELETE", "PATCH")),
                new Case("asyncapi.json", "GET, HEAD, OPTIONS", List.of("POST", "PATCH")),
                new Case("api/v1/publish", "POST, OPTIONS", List.of("GET", "PUT", "PATCH")))) {
            for (String method : c.refused()) {
                var response = Http.send(base, c.path(), OPERATOR, method, null, null);
                String what = method + " " + c.path() + ": " + response.body();
                assertEquals(405, response.statusCode(), what);
                assertEquals(c.allow(), response.headers().firstValue("Allow").orElse(""), what);
                if (!method.equals("HEAD")) {
                    assertEquals(Problems.MEDIA_TYPE, response.headers().firstValue("Content-Type").orElse(""), what);
                    assertEquals(method + " is not supported here: " + c.allow(),
                            Http.json(response).getString("detail"), what);
                }
            }
            var options = Http.send(base, c.path(), OPERATOR, "OPTIONS", null, null);
            assertTrue(options.statusCode() < 300, "OPTIONS " + c.path() + ": " + options.statusCode());
            assertEquals(c.allow(), options.headers().firstValue("Allow").orElse(""), "OPTIONS " + c.path());
        }
    }
}
