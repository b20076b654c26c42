package org.ordercast.auth.boundary;

import static org.junit.jupiter.api.Assertions.assertThrows;

import jakarta.ws.rs.NotFoundException;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.ordercast.auth.control.DevTokenIssuer;
import org.ordercast.auth.entity.TokenRequest;

class DevTokensResourceTest {

    @Test
    void answers404WhenTheDevelopmentIssuerIsOff() {
        var resource = new DevTokensResource();
        resource.issuer = new DevTokenIssuer();
        assertThrows(NotFoundException.class,
                () -> resource.issue(new TokenRequest("alice", List.of("admin"), List.of(), null)));
    }
}
