package org.ordercast;

import jakarta.annotation.security.DeclareRoles;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.ApplicationPath;
import jakarta.ws.rs.core.Application;
import org.eclipse.microprofile.auth.LoginConfig;

/**
 * The REST API under {@code /api/v1}. A CDI bean so that {@code @Inject JsonWebToken} resolves on Payara.
 */
@ApplicationScoped
@ApplicationPath("api/v1")
@LoginConfig(authMethod = "MP-JWT")
@DeclareRoles({"admin", "publisher", "staff", "kitchen", "manager", "operator", "customer"})
public class OrdercastApplication extends Application {
}
