package dev.jury.api;

import dev.jury.api.auth.Accounts;
import dev.jury.api.auth.RateLimiter;
import dev.jury.api.auth.Role;
import dev.jury.api.auth.TokenAuth;
import dev.jury.api.auth.Tokens;
import dev.jury.api.items.ItemImporter;
import dev.jury.api.outbox.OutboxRelay;
import dev.jury.api.projects.ProjectEntity;
import dev.jury.api.projects.ProjectService;
import dev.jury.api.readmodels.ReadModelConfig;
import dev.jury.api.readmodels.ReadModels;
import dev.jury.api.work.Assignments;
import dev.jury.api.work.LabelSubmission;
import dev.jury.api.work.LeaseSweeper;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.micrometer.MicrometerMetricsOptions;
import io.vertx.micrometer.VertxPrometheusOptions;
import io.vertx.pgclient.PgBuilder;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.PoolOptions;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.flywaydb.core.Flyway;
import org.hibernate.boot.registry.StandardServiceRegistry;
import org.hibernate.cfg.Configuration;
import org.hibernate.reactive.provider.ReactiveServiceRegistryBuilder;
import org.hibernate.reactive.stage.Stage;
import org.hibernate.reactive.vertx.VertxInstance;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One running task API: migrates the database, opens the pools, starts the outbox relay and the
 * lease sweeper, and deploys one {@link ApiVerticle} per event loop. {@link #start} returns once
 * the server listens; {@link #close} stops everything it started.
 */
public final class TaskApi implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(TaskApi.class);

    private final Vertx vertx;
    private final ApiServices services;
    private final Stage.SessionFactory sessions;
    private final List<AutoCloseable> closeables;
    private final ReadModels readModels;

    private TaskApi(
            Vertx vertx,
            ApiServices services,
            Stage.SessionFactory sessions,
            List<AutoCloseable> closeables,
            ReadModels readModels) {
        this.vertx = vertx;
        this.services = services;
        this.sessions = sessions;
        this.closeables = closeables;
        this.readModels = readModels;
    }

    /**
     * Starts the API and blocks until it listens.
     *
     * @param config the configuration
     * @return the running API
     * @throws Exception if the database cannot be migrated or the server cannot bind
     */
    public static TaskApi start(ApiConfig config) throws Exception {
        return start(config, ReadModelConfig.defaults());
    }

    /**
     * Starts the API with explicit read-model consumer settings and blocks until it listens.
     *
     * @param config the configuration
     * @param readModelConfig how the read-model tables are fed from Kafka
     * @return the running API
     * @throws Exception if the database cannot be migrated or the server cannot bind
     */
    public static TaskApi start(ApiConfig config, ReadModelConfig readModelConfig)
            throws Exception {
        migrate(config);
        bootstrapAdmin(config);
        Files.createDirectories(config.dataDir());

        String registry = "jury-api-" + UUID.randomUUID();
        Vertx vertx =
                Vertx.vertx(
                        new VertxOptions()
                                .setEventLoopPoolSize(config.eventLoops())
                                .setMetricsOptions(
                                        new MicrometerMetricsOptions()
                                                .setEnabled(true)
                                                .setRegistryName(registry)
                                                .setPrometheusOptions(
                                                        new VertxPrometheusOptions()
                                                                .setEnabled(true))));
        List<AutoCloseable> closeables = new ArrayList<>();
        try {
            Pool pool = pool(vertx, config);
            closeables.add(
                    () ->
                            pool.close()
                                    .toCompletionStage()
                                    .toCompletableFuture()
                                    .get(10, TimeUnit.SECONDS));
            Stage.SessionFactory sessions = sessionFactory(vertx, config);
            closeables.add(sessions::close);

            OutboxRelay relay =
                    config.kafkaBootstrap() == null
                            ? null
                            : new OutboxRelay(
                                    pool, config.kafkaBootstrap(), config.relayInterval());
            if (relay != null) {
                closeables.add(0, relay);
            } else {
                LOG.warn(
                        "JURY_KAFKA_BOOTSTRAP is not set: labels are stored and their events wait in the outbox");
            }
            int port = config.httpPort() == 0 ? freePort(config.httpHost()) : config.httpPort();
            CopyOnWriteArrayList<Runnable> itemListeners = new CopyOnWriteArrayList<>();
            List<ApiVerticle.ExtraRoutes> extras = ApiServices.noExtras();
            ApiServices services =
                    new ApiServices(
                            config,
                            port,
                            pool,
                            new TokenAuth(pool, new RateLimiter(config.requestsPerSecond())),
                            new Accounts(pool),
                            new ProjectService(vertx, sessions),
                            new ItemImporter(pool),
                            new Assignments(vertx, pool),
                            new LabelSubmission(pool, relay == null ? () -> {} : relay::wake),
                            relay,
                            registry,
                            extras,
                            itemListeners);
            extras.add(new dev.jury.api.openapi.OpenApiRoutes());
            extras.add(dev.jury.api.signin.SignInRoutes.create(services));
            extras.add(new dev.jury.api.items.AssignmentListRoutes(services));

            ReadModels readModels = ReadModels.install(vertx, services, readModelConfig, extras);
            closeables.add(0, readModels);
            closeables.add(0, dev.jury.api.results.ResultsFeatures.install(services));

            LeaseSweeper sweeper = new LeaseSweeper(pool);
            long timer =
                    vertx.setPeriodic(
                            1_000,
                            id ->
                                    sweeper.sweep()
                                            .onFailure(
                                                    e ->
                                                            LOG.warn(
                                                                    "lease sweep failed: {}",
                                                                    e.toString())));
            closeables.add(0, () -> vertx.cancelTimer(timer));

            vertx.deployVerticle(
                            () -> new ApiVerticle(services),
                            new DeploymentOptions().setInstances(config.eventLoops()))
                    .toCompletionStage()
                    .toCompletableFuture()
                    .get(30, TimeUnit.SECONDS);
            LOG.info("task API listening on http://{}:{}", config.httpHost(), port);
            return new TaskApi(vertx, services, sessions, closeables, readModels);
        } catch (Exception e) {
            closeAll(closeables);
            vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
            throw e;
        }
    }

    /** Applies the Flyway migrations; runs before anything else touches the database. */
    static void migrate(ApiConfig config) {
        ApiConfig.Database db = config.database();
        Flyway.configure()
                .dataSource(db.jdbcUrl(), db.user(), db.password())
                .locations("classpath:db/migration")
                .load()
                .migrate();
    }

    /** Makes the configured admin token usable: an {@code admin} account holding it. */
    private static void bootstrapAdmin(ApiConfig config) throws Exception {
        if (config.adminToken() == null) {
            return;
        }
        ApiConfig.Database db = config.database();
        Properties props = new Properties();
        props.setProperty("user", db.user());
        props.setProperty("password", db.password());
        try (Connection c = DriverManager.getConnection(db.jdbcUrl(), props)) {
            byte[] hash = Tokens.hash(config.adminToken());
            try (PreparedStatement check =
                    c.prepareStatement("SELECT 1 FROM api_tokens WHERE token_hash = ?")) {
                check.setBytes(1, hash);
                try (ResultSet rs = check.executeQuery()) {
                    if (rs.next()) {
                        return;
                    }
                }
            }
            c.setAutoCommit(false);
            long id;
            try (PreparedStatement insert =
                    c.prepareStatement(
                            "INSERT INTO accounts (name, role) VALUES ('admin', ?) RETURNING id")) {
                insert.setString(1, Role.ADMIN.dbName());
                try (ResultSet rs = insert.executeQuery()) {
                    rs.next();
                    id = rs.getLong(1);
                }
            }
            try (PreparedStatement token =
                    c.prepareStatement(
                            "INSERT INTO api_tokens (token_hash, account_id) VALUES (?, ?)")) {
                token.setBytes(1, hash);
                token.setLong(2, id);
                token.executeUpdate();
            }
            c.commit();
        }
    }

    private static Pool pool(Vertx vertx, ApiConfig config) {
        ApiConfig.Database db = config.database();
        PgConnectOptions connect =
                new PgConnectOptions()
                        .setHost(db.host())
                        .setPort(db.port())
                        .setDatabase(db.name())
                        .setUser(db.user())
                        .setPassword(db.password())
                        .setCachePreparedStatements(true)
                        .setPipeliningLimit(256);
        PoolOptions options =
                new PoolOptions()
                        .setMaxSize(Math.max(8, 8 * config.eventLoops()))
                        .setMaxWaitQueueSize(10_000);
        return PgBuilder.pool().with(options).connectingTo(connect).using(vertx).build();
    }

    private static Stage.SessionFactory sessionFactory(Vertx vertx, ApiConfig config) {
        ApiConfig.Database db = config.database();
        Configuration cfg = new Configuration();
        cfg.addAnnotatedClass(ProjectEntity.class);
        cfg.setProperty(
                "hibernate.connection.url",
                "postgresql://" + db.host() + ":" + db.port() + "/" + db.name());
        cfg.setProperty("hibernate.connection.username", db.user());
        cfg.setProperty("hibernate.connection.password", db.password());
        cfg.setProperty("hibernate.connection.pool_size", "4");
        // Flyway owns the schema; Hibernate only checks that the mapping matches it.
        cfg.setProperty("hibernate.hbm2ddl.auto", "validate");
        cfg.setProperty("hibernate.show_sql", "false");
        StandardServiceRegistry registry =
                new ReactiveServiceRegistryBuilder()
                        .applySettings(cfg.getProperties())
                        // Share the application's Vert.x, or Hibernate starts a second one.
                        .addService(VertxInstance.class, (VertxInstance) () -> vertx)
                        .build();
        return cfg.buildSessionFactory(registry).unwrap(Stage.SessionFactory.class);
    }

    private static int freePort(String host) throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 50, InetAddress.getByName(host))) {
            return socket.getLocalPort();
        }
    }

    /** The port the server listens on. */
    public int port() {
        return services.port();
    }

    /** {@code http://host:port}. */
    public String baseUrl() {
        return "http://" + services.config().httpHost() + ":" + services.port();
    }

    /** The shared services, for tests and the features wired at start. */
    public ApiServices services() {
        return services;
    }

    @Override
    public void close() {
        closeAll(closeables);
        try {
            vertx.close().toCompletionStage().toCompletableFuture().get(15, TimeUnit.SECONDS);
        } catch (Exception e) {
            LOG.warn("Vert.x did not close cleanly: {}", e.toString());
        }
    }

    private static void closeAll(List<AutoCloseable> closeables) {
        for (AutoCloseable c : closeables) {
            try {
                c.close();
            } catch (Exception e) {
                LOG.warn("close failed: {}", e.toString());
            }
        }
    }

    /** The read models: the consumers' readiness and counters. */
    public ReadModels readModels() {
        return readModels;
    }

    /** Stage session factory; exposed for features that map further entities. */
    Stage.SessionFactory sessions() {
        return sessions;
    }
}
