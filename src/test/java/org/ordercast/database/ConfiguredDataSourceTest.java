package org.ordercast.database;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.SQLException;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ConfiguredDataSourceTest {

    private static ConfiguredDataSource withSettings(Map<String, String> settings) {
        var dataSource = new ConfiguredDataSource(key -> Optional.ofNullable(settings.get(key)));
        dataSource.setURL("jdbc:h2:file:./data/ordercast");
        dataSource.setUser("ordercast");
        dataSource.setPassword("ordercast");
        return dataSource;
    }

    @Test
    void theDefinitionsUrlServesUnlessOneIsConfigured() {
        assertEquals("jdbc:h2:file:./data/ordercast", withSettings(Map.of()).getUrl());
        assertEquals("jdbc:postgresql://db:5432/ordercast",
                withSettings(Map.of("url", "jdbc:postgresql://db:5432/ordercast")).getUrl());
    }

    @Test
    void theDriversDataSourceFollowsTheUrlUnlessOneIsNamed() {
        var dataSource = withSettings(Map.of());
        assertEquals(Optional.of("org.h2.jdbcx.JdbcDataSource"), dataSource.vendorClass("jdbc:h2:mem:x"));
        assertEquals(Optional.of("org.postgresql.ds.PGSimpleDataSource"),
                dataSource.vendorClass("jdbc:postgresql://db/ordercast"));
        assertEquals(Optional.empty(), dataSource.vendorClass("jdbc:mysql://db/ordercast"));
        assertEquals(Optional.of("com.example.PooledDataSource"),
                withSettings(Map.of("class", "com.example.PooledDataSource")).vendorClass("jdbc:h2:mem:x"));
    }

    @Test
    void anUnknownDatabaseOrAMissingDriverIsAClearError() {
        SQLException unknown = assertThrows(SQLException.class,
                () -> withSettings(Map.of("url", "jdbc:mysql://db/ordercast")).getConnection());
        assertTrue(unknown.getMessage().contains("ORDERCAST_DB_CLASS"), unknown.getMessage());

        SQLException missing = assertThrows(SQLException.class,
                () -> withSettings(Map.of("class", "com.example.Missing")).getConnection());
        assertTrue(missing.getMessage().contains("com.example.Missing"), missing.getMessage());
    }

    @Test
    void aConfiguredDataSourceReceivesTheConfiguredUrlAndCredentials() throws SQLException {
        var dataSource = withSettings(Map.of("class", RecordingDataSource.class.getName(),
                "url", "jdbc:test:configured", "user", "svc"));
        dataSource.getConnection("ordercast", "secret");
        RecordingDataSource vendor = dataSource.unwrap(RecordingDataSource.class);
        assertEquals("jdbc:test:configured", vendor.url);
        assertEquals("svc", vendor.user);
        assertEquals("ordercast", vendor.password, "the definition's password stays where none is configured");
        assertEquals("svc/secret", vendor.lastLogin, "a pool's login gives way to the configured user");
    }
}
