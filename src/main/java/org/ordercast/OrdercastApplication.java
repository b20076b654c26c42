package org.ordercast;

import jakarta.annotation.security.DeclareRoles;
import jakarta.annotation.sql.DataSourceDefinition;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.ApplicationPath;
import jakarta.ws.rs.core.Application;
import org.eclipse.microprofile.auth.LoginConfig;

/**
 * The REST API under {@code /api/v1}. A CDI bean so that {@code @Inject JsonWebToken} resolves on Payara.
 * The database is an embedded H2 file under {@code ./data} unless {@code ORDERCAST_DB_URL} (with
 * {@code ORDERCAST_DB_CLASS}, {@code ORDERCAST_DB_USER}, {@code ORDERCAST_DB_PASSWORD}) names another, e.g.
 * PostgreSQL's {@code org.postgresql.ds.PGSimpleDataSource}.
 */
@ApplicationScoped
@ApplicationPath("api/v1")
@LoginConfig(authMethod = "MP-JWT")
@DeclareRoles({"admin", "publisher", "staff", "kitchen", "manager", "operator", "customer"})
@DataSourceDefinition(
        name = "java:app/jdbc/ordercast",
        className = "${ENV=ORDERCAST_DB_CLASS:org.h2.jdbcx.JdbcDataSource}",
        url = "${ENV=ORDERCAST_DB_URL:jdbc:h2:file:./data/ordercast}",
        user = "${ENV=ORDERCAST_DB_USER:ordercast}",
        password = "${ENV=ORDERCAST_DB_PASSWORD:ordercast}",
        minPoolSize = 1,
        maxPoolSize = 32)
public class OrdercastApplication extends Application {
}
