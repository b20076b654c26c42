package org.ordercast;

import jakarta.annotation.security.DeclareRoles;
import jakarta.annotation.sql.DataSourceDefinition;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.ApplicationPath;
import jakarta.ws.rs.core.Application;
import org.ordercast.database.ConfiguredDataSource;

/**
 * The REST API under {@code /api/v1}. Bearer tokens are verified by ordercast's own filter, not the container's
 * MP-JWT (no {@code @LoginConfig}): one verifier for REST, SSE and WebSocket, with problem+json refusals.
 * The database is an embedded H2 file under {@code ./data} unless {@code ORDERCAST_DB_URL} (with
 * {@code ORDERCAST_DB_USER}, {@code ORDERCAST_DB_PASSWORD}) names another, e.g. PostgreSQL: see
 * {@link ConfiguredDataSource}, which keeps this definition free of any one server's expression syntax.
 */
@ApplicationScoped
@ApplicationPath("api/v1")
@DeclareRoles({"admin", "publisher", "staff", "kitchen", "manager", "operator", "customer"})
@DataSourceDefinition(
        name = "java:app/jdbc/ordercast",
        className = "org.ordercast.database.ConfiguredDataSource",
        url = "jdbc:h2:file:./data/ordercast",
        user = "ordercast",
        password = "ordercast",
        minPoolSize = 1,
        maxPoolSize = 32)
public class OrdercastApplication extends Application {
}
