package org.ordercast.database;

import java.io.PrintWriter;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Function;
import java.util.logging.Logger;
import javax.sql.DataSource;

/**
 * The data source behind {@code java:app/jdbc/ordercast}, the same on every server: the container's pool creates it
 * from {@code @DataSourceDefinition} and sets the definition's URL, user and password; the system properties
 * {@code ordercast.db.url}, {@code ordercast.db.user}, {@code ordercast.db.password}, {@code ordercast.db.class}
 * and then the environment variables {@code ORDERCAST_DB_URL}, ... override them when set. The driver's own
 * {@code DataSource} is chosen by the URL (H2, PostgreSQL) unless {@code ORDERCAST_DB_CLASS} names one.
 *
 * <p>Vendor expressions in the annotation ({@code ${ENV=...}} on Payara, {@code ${env....}} on WildFly) would tie
 * the WAR to one server, hence this class.
 */
public class ConfiguredDataSource implements DataSource {

    private static final System.Logger LOG = System.getLogger(ConfiguredDataSource.class.getName());

    private final Function<String, Optional<String>> settings;
    private String url;
    private String user;
    private String password;
    private PrintWriter logWriter;
    private int loginTimeout;
    private volatile DataSource delegate;

    public ConfiguredDataSource() {
        this(ConfiguredDataSource::setting);
    }

    ConfiguredDataSource(Function<String, Optional<String>> settings) {
        this.settings = settings;
    }

    /** {@code ordercast.db.<key>} as a system property, else {@code ORDERCAST_DB_<KEY>} from the environment. */
    private static Optional<String> setting(String key) {
        String property = System.getProperty("ordercast.db." + key);
        if (property == null || property.isBlank()) {
            property = System.getenv("ORDERCAST_DB_" + key.toUpperCase(Locale.ROOT));
        }
        return Optional.ofNullable(property).filter(s -> !s.isBlank()).map(String::strip);
    }

    public void setUrl(String url) {
        this.url = url;
    }

    public void setURL(String url) {
        this.url = url;
    }

    public String getUrl() {
        return url();
    }

    public void setUser(String user) {
        this.user = user;
    }

    public void setPassword(String password) {
        this.password = password;
    }

    String url() {
        return settings.apply("url").orElse(url);
    }

    private String user() {
        return settings.apply("user").orElse(user);
    }

    private String password() {
        return settings.apply("password").orElse(password);
    }

    /** The driver's data source class for {@code url}: the one configured, else H2's or PostgreSQL's. */
    Optional<String> vendorClass(String url) {
        Optional<String> named = settings.apply("class");
        if (named.isPresent()) {
            return named;
        }
        if (url.startsWith("jdbc:h2:")) {
            return Optional.of("org.h2.jdbcx.JdbcDataSource");
        }
        if (url.startsWith("jdbc:postgresql:")) {
            return Optional.of("org.postgresql.ds.PGSimpleDataSource");
        }
        return Optional.empty();
    }

    private DataSource delegate() throws SQLException {
        DataSource current = delegate;
        if (current == null) {
            synchronized (this) {
                current = delegate;
                if (current == null) {
                    current = create();
                    delegate = current;
                }
            }
        }
        return current;
    }

    private DataSource create() throws SQLException {
        String target = url();
        if (target == null || target.isBlank()) {
            throw new SQLException("no database URL: set ORDERCAST_DB_URL (or the system property ordercast.db.url)");
        }
        Optional<String> vendor = vendorClass(target);
        if (vendor.isEmpty()) {
            throw new SQLException("no data source class known for " + target
                    + ": set ORDERCAST_DB_CLASS to the JDBC driver's javax.sql.DataSource class");
        }
        LOG.log(System.Logger.Level.INFO, "database " + target + " through " + vendor.get());
        try {
            Object created = load(vendor.get()).getDeclaredConstructor().newInstance();
            if (!(created instanceof DataSource dataSource)) {
                throw new SQLException(vendor.get() + " is not a javax.sql.DataSource");
            }
            set(dataSource, "URL", target);
            set(dataSource, "User", user());
            set(dataSource, "Password", password());
            return dataSource;
        } catch (ReflectiveOperationException e) {
            throw new SQLException("cannot create the database's data source " + vendor.get() + ": " + e, e);
        }
    }

    private static Class<?> load(String name) throws ClassNotFoundException {
        try {
            return Class.forName(name, true, ConfiguredDataSource.class.getClassLoader());
        } catch (ClassNotFoundException e) {
            return Class.forName(name, true, Thread.currentThread().getContextClassLoader());
        }
    }

    /** Calls {@code set<property>(String)}, matching the name without regard to case ({@code setURL}, {@code setUrl}). */
    private static void set(Object target, String property, String value)
            throws IllegalAccessException, InvocationTargetException, NoSuchMethodException {
        if (value == null) {
            return;
        }
        for (Method method : target.getClass().getMethods()) {
            if (method.getName().equalsIgnoreCase("set" + property) && method.getParameterCount() == 1
                    && method.getParameterTypes()[0] == String.class) {
                method.invoke(target, value);
                return;
            }
        }
        throw new NoSuchMethodException(target.getClass().getName() + " has no set" + property + "(String)");
    }

    @Override
    public Connection getConnection() throws SQLException {
        return delegate().getConnection();
    }

    /** A pool passes the definition's user and password here; configured ones take their place. */
    @Override
    public Connection getConnection(String username, String password) throws SQLException {
        return delegate().getConnection(settings.apply("user").orElse(username), settings.apply("password").orElse(password));
    }

    @Override
    public PrintWriter getLogWriter() {
        return logWriter;
    }

    @Override
    public void setLogWriter(PrintWriter out) {
        this.logWriter = out;
    }

    @Override
    public void setLoginTimeout(int seconds) {
        this.loginTimeout = seconds;
    }

    @Override
    public int getLoginTimeout() {
        return loginTimeout;
    }

    @Override
    public Logger getParentLogger() throws SQLFeatureNotSupportedException {
        throw new SQLFeatureNotSupportedException("no parent logger");
    }

    @Override
    public <T> T unwrap(Class<T> type) throws SQLException {
        if (type.isInstance(this)) {
            return type.cast(this);
        }
        return delegate().unwrap(type);
    }

    @Override
    public boolean isWrapperFor(Class<?> type) throws SQLException {
        return type.isInstance(this) || delegate().isWrapperFor(type);
    }
}
