package org.ordercast.testing;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.io.IOException;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.net.HttpURLConnection;
import java.net.Proxy;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/** Plain HTTP calls against the deployment, with an optional bearer token. */
public final class Http {

    private static final HttpClient CLIENT = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

    private Http() {
    }

    public static HttpResponse<String> post(URL base, String path, String token, String json) {
        return send(request(base, path, token).POST(HttpRequest.BodyPublishers.ofString(json))
                .header("Content-Type", "application/json").build());
    }

    public static HttpResponse<String> put(URL base, String path, String token, String json) {
        return send(request(base, path, token).PUT(HttpRequest.BodyPublishers.ofString(json))
                .header("Content-Type", "application/json").build());
    }

    /** Any method, any content type (none when null), any body (none when null). */
    public static HttpResponse<String> send(URL base, String path, String token, String method, String contentType,
            String body) {
        var builder = request(base, path, token).method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                : HttpRequest.BodyPublishers.ofString(body));
        if (contentType != null) {
            builder.header("Content-Type", contentType);
        }
        return send(builder.build());
    }

    /** A POST of raw bytes, with headers given as name, value, name, value... */
    public static HttpResponse<String> post(URL base, String path, String token, byte[] body, String... headers) {
        return send(request(base, path, token).POST(HttpRequest.BodyPublishers.ofByteArray(body)).headers(headers)
                .build());
    }

    public static HttpResponse<String> get(URL base, String path, String token) {
        return send(request(base, path, token).GET().build());
    }

    /**
     * A GET in HTTP/1.1 only, without the h2c offer Java's HttpClient makes by default: on Payara, whose h2c is off
     * (server-config/payara), Grizzly answers such an offer as an upgrade and may leave out the Content-Type.
     */
    public static HttpResponse<String> getHttp1(URL base, String path, String token) {
        return send(request(base, path, token).version(HttpClient.Version.HTTP_1_1).GET().build());
    }

    public static HttpResponse<String> delete(URL base, String path, String token) {
        return send(request(base, path, token).DELETE().build());
    }

    /**
     * The status a GET of {@code uri} gets on a connection of its own, closed afterwards; -1 when none comes within
     * two seconds. For waiting on a server that is starting: Payara Micro now and then accepts a connection while it
     * starts and never reads from it, and a pooled client would send every later probe down that one connection.
     */
    public static int probe(URI uri) {
        HttpURLConnection connection = null;
        try {
            connection = (HttpURLConnection) uri.toURL().openConnection(Proxy.NO_PROXY);
            connection.setConnectTimeout(2000);
            connection.setReadTimeout(2000);
            connection.setUseCaches(false);
            connection.setRequestProperty("Connection", "close");
            return connection.getResponseCode();
        } catch (IOException e) {
            return -1;
        } finally {
            if (connection != null) {
                connection.disconnect();
            }
        }
    }

    public static JsonObject json(HttpResponse<String> response) {
        return json(response.body());
    }

    public static JsonObject json(String body) {
        return Json.createReader(new StringReader(body)).readObject();
    }

    private static HttpRequest.Builder request(URL base, String path, String token) {
        var builder = HttpRequest.newBuilder(URI.create(base.toString() + path)).timeout(Duration.ofSeconds(30));
        if (token != null) {
            builder.header("Authorization", "Bearer " + token);
        }
        return builder;
    }

    private static HttpResponse<String> send(HttpRequest request) {
        try {
            return CLIENT.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
