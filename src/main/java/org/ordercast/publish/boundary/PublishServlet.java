package org.ordercast.publish.boundary;

import jakarta.inject.Inject;
import jakarta.json.JsonArray;
import jakarta.json.JsonException;
import jakarta.json.JsonObject;
import jakarta.json.JsonReaderFactory;
import jakarta.json.JsonValue;
import jakarta.json.spi.JsonProvider;
import jakarta.servlet.annotation.WebServlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;
import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.ordercast.auth.control.InvalidTokenException;
import org.ordercast.auth.control.RequestIdentity;
import org.ordercast.auth.control.TokenVerifier;
import org.ordercast.auth.entity.Identity;
import org.ordercast.broker.boundary.BrokerUnavailableMapper;
import org.ordercast.broker.control.BrokerUnavailableException;
import org.ordercast.broker.control.FanOutOnCaller;
import org.ordercast.channels.boundary.ChannelRefusedMapper;
import org.ordercast.channels.control.ChannelRefusedException;
import org.ordercast.problem.boundary.Bodies;
import org.ordercast.problem.boundary.Problems;
import org.ordercast.problem.boundary.RefusedBody;
import org.ordercast.problem.boundary.UnexpectedExceptionMapper;
import org.ordercast.problem.entity.StrictJson;
import org.ordercast.problem.entity.StrictText;
import org.ordercast.publish.control.Publisher;
import org.ordercast.publish.entity.PublishRefusedException;
import org.ordercast.publish.entity.PublishRequest;
import org.ordercast.publish.entity.PublishRequest.Invalid;
import org.ordercast.publish.entity.Published;

/**
 * {@code POST /api/v1/publish}, the path every publishing service calls for every event, as a servlet: the same
 * answers as the JAX-RS resources (bearer token, roles publisher or admin, problem+json for every refusal, the
 * contract in {@code META-INF/openapi.yaml}) without the per-request cost of JAX-RS routing, request-scoped
 * resource instances, JSON-B binding and Bean Validation, which was most of a publication's time. An exact servlet
 * mapping wins over the application's {@code /api/v1/*} on every server.
 *
 * <p>{@code POST /api/v1/publish/batch} takes {@code {"publications": [...]}}, up to
 * {@code ordercast.publish.max-batch} of them, and publishes each in turn as if it had come alone: one token check
 * for all of them, and one answer, {@code {"results": [...]}}, with each publication's own result in its place
 * ({@code status} 200 with its channel, epoch and offset, or the problem the single path would have answered). One
 * refused publication stops none of the others.
 */
@WebServlet({"/api/v1/publish", "/api/v1/publish/batch"})
public class PublishServlet extends HttpServlet {

    private static final String BATCH = "/api/v1/publish/batch";

    @Inject
    RequestIdentity identities;

    @Inject
    Publisher publisher;

    @Inject
    @ConfigProperty(name = "ordercast.publish.max-bytes", defaultValue = "65536")
    int maxBytes;

    @Inject
    @ConfigProperty(name = "ordercast.publish.max-batch", defaultValue = "100")
    int maxBatch;

    @Inject
    @ConfigProperty(name = "ordercast.publish.max-batch-bytes", defaultValue = "1048576")
    int maxBatchBytes;

    private final JsonProvider json = JsonProvider.provider();
    private final JsonReaderFactory readers = json.createReaderFactory(Map.of());

    @Override
    protected void service(HttpServletRequest request, HttpServletResponse response) throws IOException {
        if (Problems.serves(request, response, "POST, OPTIONS")) {
            post(request, response);
        }
    }

    private void post(HttpServletRequest request, HttpServletResponse response) throws IOException {
        Identity who = caller(request, response);
        if (who == null) {
            return;
        }
        if (!Publisher.mayPublish(who)) {
            Problems.write(response, 403, Publisher.ROLES);
            return;
        }
        if (!isJson(request.getContentType())) {
            Problems.write(response, 415, "send the publication as application/json");
            return;
        }
        Charset charset = Bodies.charset(request, response);
        if (charset == null || !Bodies.uncoded(request, response)) {
            return;
        }
        boolean batch = BATCH.equals(request.getServletPath());
        int single = Bodies.withPublication(maxBytes);
        int limit = batch ? Math.max(maxBatchBytes, single) : single;
        byte[] body;
        try {
            body = Bodies.readAtMost(request.getInputStream(), request.getContentLengthLong(), limit);
        } catch (RefusedBody e) {
            Problems.write(response, e.problem());
            return;
        }
        if (body == null) {
            Problems.write(response, 413, batch
                    ? "the batch is over " + limit + " bytes (ordercast.publish.max-batch-bytes): send fewer "
                            + "publications per request"
                    : "the request is over " + limit + " bytes; a publication's data is at most " + maxBytes
                            + " bytes of JSON (ordercast.publish.max-bytes)");
            return;
        }
        // the answer goes out first, then this thread hands the publications to the channels' subscribers
        try (var fanOut = FanOutOnCaller.open()) {
            JsonObject document = parse(body, charset);
            writeJson(response, batch ? publishAll(who, document) : publish(who, document).toJson().build());
            response.flushBuffer();
        } catch (Invalid e) {
            Problems.write(response, invalid(e));
        } catch (RuntimeException e) {
            Problems.write(response, refusal(e));
        }
    }

    /** The verified caller; null when refused, the answer written (401, or 503 when keys are out of reach). */
    private Identity caller(HttpServletRequest request, HttpServletResponse response) throws IOException {
        Identity known = identities.verifiedBefore(request);
        if (known != null) {
            return known;
        }
        String authorization = request.getHeader("Authorization");
        if (!TokenVerifier.isBearer(authorization)) {
            if (hasTokenInUrl(request.getQueryString())) {
                Problems.writeInvalidToken(response, "send the token in an Authorization: Bearer header; "
                        + "access_token in the URL is accepted only by /api/v1/stream and /ws");
            } else {
                Problems.write(response, 401, "sign in: send a bearer token");
            }
            return null;
        }
        try {
            return identities.verifyBearer(authorization);
        } catch (InvalidTokenException e) {
            RequestIdentity.refuse(response, e);
            return null;
        }
    }

    /** One publication of the request's, checked and published. */
    private Published publish(Identity who, JsonObject request) throws Invalid {
        var publication = PublishRequest.read(request);
        return publisher.publish(who.userId(), publication.channel(), publication.event(), publication.data(),
                publication.idempotencyKey());
    }

    private Response invalid(Invalid e) {
        return Problems.of(400, e.getMessage(), json.createObjectBuilder().add("violations", e.violations()));
    }

    private static JsonObject parse(byte[] body, Charset charset) {
        JsonValue document;
        try {
            document = StrictJson.read(StrictText.decode(body, charset));
        } catch (StrictText.Malformed e) {
            throw new WebApplicationException("the request body is " + e.getMessage(), 400);
        } catch (JsonException e) {
            throw new WebApplicationException("the request body is not valid JSON: " + e.getMessage(), 400);
        }
        if (!(document instanceof JsonObject object)) {
            throw new WebApplicationException("the request body must be a JSON object", 400);
        }
        return object;
    }

    /** Each publication of a batch in turn, each with its own result; a refusal of the whole batch is thrown. */
    private JsonObject publishAll(Identity who, JsonObject body) {
        if (!(body.get("publications") instanceof JsonArray publications)) {
            throw new WebApplicationException("a batch is {\"publications\": [...]}, an array of publications", 400);
        }
        if (publications.isEmpty() || publications.size() > maxBatch) {
            throw new WebApplicationException("a batch holds 1 to " + maxBatch + " publications, not "
                    + publications.size() + " (ordercast.publish.max-batch)", 400);
        }
        var results = json.createArrayBuilder();
        for (JsonValue item : publications) {
            results.add(publishOne(who, item));
        }
        return json.createObjectBuilder().add("results", results).build();
    }

    private JsonObject publishOne(Identity who, JsonValue item) {
        try {
            if (!(item instanceof JsonObject object)) {
                throw new WebApplicationException("a publication is a JSON object", 400);
            }
            return publish(who, object).toJson().add("status", 200).build();
        } catch (Invalid e) {
            return problem(invalid(e));
        } catch (RuntimeException e) {
            return problem(refusal(e));
        }
    }

    /** The problem document of a refusal, as a batch's result: the same fields, {@code status} among them. */
    private JsonObject problem(Response refusal) {
        try (var reader = readers.createReader(new StringReader(String.valueOf(refusal.getEntity())))) {
            return reader.readObject();
        }
    }

    private static void writeJson(HttpServletResponse response, JsonObject answer) throws IOException {
        byte[] body = answer.toString().getBytes(StandardCharsets.UTF_8);
        response.setContentType("application/json");
        response.setContentLength(body.length);
        response.getOutputStream().write(body);
    }

    /** What the JAX-RS resources answer for the same refusal (the same exception mappers). */
    private static Response refusal(RuntimeException e) {
        if (e instanceof PublishRefusedException refused) {
            return new PublishRefusedMapper().toResponse(refused);
        } else if (e instanceof ChannelRefusedException refused) {
            return new ChannelRefusedMapper().toResponse(refused);
        } else if (e instanceof BrokerUnavailableException unavailable) {
            return new BrokerUnavailableMapper().toResponse(unavailable);
        } else if (e instanceof WebApplicationException refused) {
            return Problems.of(refused.getResponse().getStatus(), refused.getMessage());
        }
        return new UnexpectedExceptionMapper().toResponse(e);
    }

    static boolean isJson(String contentType) {
        if (contentType == null) {
            return false;
        }
        int parameters = contentType.indexOf(';');
        String type = (parameters < 0 ? contentType : contentType.substring(0, parameters)).strip();
        return type.equalsIgnoreCase("application/json");
    }

    static boolean hasTokenInUrl(String query) {
        if (query == null) {
            return false;
        }
        for (String parameter : query.split("&")) {
            if (parameter.equals("access_token") || parameter.startsWith("access_token=")) {
                return true;
            }
        }
        return false;
    }
}
