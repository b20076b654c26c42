package org.ordercast.auth.boundary;

import jakarta.inject.Inject;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.time.Instant;
import java.util.Optional;
import org.ordercast.auth.control.BrowserSignIn;
import org.ordercast.auth.control.RequestIdentity;
import org.ordercast.auth.entity.Identity;

/**
 * What a browser page needs to sign in through the identity provider ({@code GET /api/v1/auth/sign-in}: the issuer,
 * the public client's id and the scopes of the authorization-code flow with PKCE, or {@code enabled: false}), and who
 * the server takes the caller for ({@code GET /api/v1/auth/me}: the user id, roles and stores after ordercast's
 * claim mapping, which the page cannot know by itself).
 */
@Path("auth")
@Produces(MediaType.APPLICATION_JSON)
public class SignInResource {

    @Inject
    BrowserSignIn browser;

    @Inject
    RequestIdentity identities;

    @GET
    @Path("sign-in")
    public JsonObject signIn() {
        Optional<String> issuer = browser.issuer();
        JsonObjectBuilder answer = Json.createObjectBuilder().add("enabled", issuer.isPresent());
        issuer.ifPresent(from -> answer.add("issuer", from).add("clientId", browser.clientId().orElseThrow())
                .add("scope", browser.scope()));
        return answer.build();
    }

    @GET
    @Path("me")
    public JsonObject me() {
        Identity who = identities.user();
        return Json.createObjectBuilder()
                .add("user", who.userId())
                .add("roles", Json.createArrayBuilder(who.roles().stream().sorted().toList()))
                .add("stores", Json.createArrayBuilder(who.stores().stream().sorted().toList()))
                .add("expiresIn", who.expiresIn(Instant.now()))
                .build();
    }
}
