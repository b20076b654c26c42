package org.ordercast.metrics.boundary;

import jakarta.inject.Inject;
import jakarta.servlet.ServletException;
import jakarta.servlet.annotation.WebServlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Optional;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.ordercast.auth.control.InvalidTokenException;
import org.ordercast.auth.control.RequestIdentity;
import org.ordercast.auth.entity.Identity;
import org.ordercast.metrics.control.Metrics;
import org.ordercast.problem.boundary.Problems;

/**
 * {@code GET /metrics} for Prometheus: the text format 0.0.4, or OpenMetrics 1.0 when the scraper's {@code Accept}
 * asks for it. For a bearer token of an {@code operator} or {@code admin}, for the scrape token
 * {@code ordercast.metrics.token} (as a bearer token), or for anyone with {@code ordercast.metrics.open=true}.
 */
@WebServlet("/metrics")
public class MetricsServlet extends HttpServlet {

    @Inject
    Metrics metrics;

    @Inject
    RequestIdentity identities;

    @Inject
    @ConfigProperty(name = "ordercast.metrics.token")
    Optional<String> scrapeToken;

    @Inject
    @ConfigProperty(name = "ordercast.metrics.open", defaultValue = "false")
    boolean open;

    @Override
    protected void service(HttpServletRequest request, HttpServletResponse response)
            throws ServletException, IOException {
        if (Problems.serves(request, response, "GET, HEAD, OPTIONS")) {
            super.service(request, response);
        }
    }

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        if (!metrics.enabled()) {
            Problems.write(response, 404, "metrics are switched off on this node (ordercast.metrics.enabled=false)");
            return;
        }
        if (!open && !allowed(request, response)) {
            return;
        }
        String accept = request.getHeader("Accept");
        boolean openMetrics = accept != null && accept.contains("application/openmetrics-text");
        response.setContentType(openMetrics ? "application/openmetrics-text; version=1.0.0; charset=utf-8"
                : "text/plain; version=0.0.4; charset=utf-8");
        response.setHeader("Cache-Control", "no-store");
        metrics.scrape(response.getOutputStream(), openMetrics);
    }

    private boolean allowed(HttpServletRequest request, HttpServletResponse response) throws IOException {
        String token = RequestIdentity.bearerOr(request.getHeader("Authorization"), null);
        if (token == null) {
            Problems.writeInvalidToken(response, "send a bearer token of an operator or admin, or the scrape token");
            return false;
        }
        if (scrapeToken.filter(expected -> !expected.isBlank() && MessageDigest.isEqual(
                expected.getBytes(StandardCharsets.UTF_8), token.getBytes(StandardCharsets.UTF_8))).isPresent()) {
            return true;
        }
        Identity who;
        try {
            who = identities.verify(token);
        } catch (InvalidTokenException e) {
            RequestIdentity.refuse(response, e);
            return false;
        }
        if (!who.hasRole("operator") && !who.hasRole("admin")) {
            Problems.write(response, 403, "metrics are for the operator and admin roles");
            return false;
        }
        return true;
    }
}
