package io.switchboard;

import io.switchboard.auth.AccountActions;
import io.switchboard.auth.AccountService;
import io.switchboard.auth.PasswordHasher;
import io.switchboard.auth.TokenService;
import io.switchboard.config.Config;
import io.switchboard.config.ConfigKeys;
import io.switchboard.entity.ActionRegistry;
import io.switchboard.entity.EntityStore;
import io.switchboard.entity.EventBus;
import io.switchboard.entity.LocalEventBus;
import io.switchboard.entity.MembershipService;
import io.switchboard.entity.SchemaRegistry;
import io.switchboard.entity.SchemaService;
import io.switchboard.http.ActionRoutes;
import io.switchboard.http.Authenticator;
import io.switchboard.http.ConfigRoutes;
import io.switchboard.http.EntityRoutes;
import io.switchboard.http.HttpContext;
import io.switchboard.http.HttpServer;
import io.switchboard.http.OperationsRoutes;
import io.switchboard.log.LogLevel;
import io.switchboard.net.BlockingExecutor;
import io.switchboard.net.ConnectionStats;
import io.switchboard.net.EventLoops;
import io.switchboard.net.RateMeter;
import io.switchboard.net.StatsRegistry;
import io.switchboard.store.BlobStore;
import io.switchboard.store.Database;
import io.switchboard.store.LocalBlobStore;
import io.switchboard.store.Migrations;
import io.switchboard.store.StoredConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.net.BindException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.Base64;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * The composition root: opens storage, wires the cores (auth, entities, events) and starts the
 * protocol servers on the shared event loops. {@link #close()} drains: stop accepting, let
 * in-flight requests finish (up to {@code shutdown.grace.seconds}), close connections, close the pool.
 */
public final class Server implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(Server.class);

    private final Config config;
    private final Path dataDir;
    private final String nodeId;
    private final EventLoops loops;
    private final BlockingExecutor blocking;
    private final Database db;
    private final StoredConfig storedConfig;
    private final BlobStore blobs;
    private final SchemaRegistry registry = new SchemaRegistry();
    private final EventBus bus = new LocalEventBus();
    private final EntityStore store;
    private final SchemaService schemas;
    private final MembershipService memberships;
    private final AccountService accounts;
    private final ActionRegistry actions = new ActionRegistry();
    private final ConnectionStats connectionStats = new ConnectionStats();
    private final StatsRegistry stats = new StatsRegistry();
    private final HttpContext http;
    private final HttpServer httpServer;
    private final io.switchboard.net.TlsContexts tls;
    private final java.util.List<Module> modules = new java.util.ArrayList<>();
    private final java.util.List<io.switchboard.net.ProtocolServer> toggledServers = new java.util.concurrent.CopyOnWriteArrayList<>();
    private final CountDownLatch closed = new CountDownLatch(1);
    private volatile boolean closing;

    private Server(Config config) throws StartupException {
        this.config = config;
        LogLevel.set(config.get(ConfigKeys.LOG_LEVEL));
        this.dataDir = Path.of(config.get(ConfigKeys.DATA_DIR)).toAbsolutePath().normalize();
        try {
            Files.createDirectories(dataDir);
            this.nodeId = nodeId(config, dataDir);
            this.blobs = new LocalBlobStore(dataDir.resolve("blobs"));
        } catch (IOException e) {
            throw new StartupException(StartupException.EXIT_IOERR, "cannot use data directory " + dataDir + ": " + e.getMessage(), e);
        }
        try {
            this.db = new Database(config, dataDir);
        } catch (Exception e) {
            throw new StartupException(StartupException.EXIT_IOERR, "cannot open database: " + rootMessage(e), e);
        }
        this.tls = new io.switchboard.net.TlsContexts(config, dataDir);
        this.loops = new EventLoops(config.getInt(ConfigKeys.WORKER_THREADS));
        this.blocking = new BlockingExecutor(config.getInt(ConfigKeys.BLOCKING_THREADS), config.getInt(ConfigKeys.BLOCKING_QUEUE));
        this.storedConfig = new StoredConfig(db);
        PasswordHasher hasher = new PasswordHasher(() -> config.getInt(ConfigKeys.PBKDF2_ITERATIONS));
        this.store = new EntityStore(db, registry, bus, hasher);
        this.schemas = new SchemaService(db, store);
        this.memberships = new MembershipService(db, store);
        TokenService tokens;
        try {
            Migrations.apply(db);
            config.loadStored(storedConfig.loadAll());
            for (java.util.function.Supplier<Module> m : Modules.all()) modules.add(m.get());
            java.util.List<io.switchboard.entity.EntitySchema> moduleTables = new java.util.ArrayList<>();
            for (Module m : modules) moduleTables.addAll(m.builtinTables());
            long b0 = System.nanoTime();
            schemas.bootstrap(moduleTables);
            log.debug("schema bootstrap of {} built-in tables took {} ms", moduleTables.size() + 4, (System.nanoTime() - b0) / 1_000_000);
            tokens = new TokenService(storedConfig.secret("jwt.secret", Server::newSecret), config);
        } catch (Exception e) {
            closeQuietly();
            throw new StartupException(StartupException.EXIT_IOERR, "cannot prepare database: " + rootMessage(e), e);
        }
        this.accounts = new AccountService(db, store, memberships, hasher, tokens, config);
        // cached principals carry group membership: forget them when it changes
        bus.subscribe(ev -> {
            if (ev.table().equals("user_account_has_usergroup") || ev.table().equals("user_account")) accounts.invalidateCache();
        });
        AccountActions.register(actions, accounts);
        this.http = new HttpContext(config, new Authenticator(accounts), blocking);
        this.httpServer = new HttpServer(http);
        RateMeter eventRate = new RateMeter(bus::publishedCount);
        new EntityRoutes(store, schemas, memberships, actions).register(http.router());
        new ActionRoutes(actions).register(http.router());
        new ConfigRoutes(config, storedConfig, (k, v) -> { }).register(http.router());
        new OperationsRoutes(new OperationsRoutes.NodeInfo(nodeId, Instant.now(), loops.transportName()), connectionStats,
                http.requestStats(), bus, eventRate, db, stats, store, actions).register(http.router());
        config.addListener((key, value) -> {
            if (key.equals(ConfigKeys.LOG_LEVEL.name())) LogLevel.set(value);
            log.info("config {} is now {}", key, ConfigKeys.find(key) != null && ConfigKeys.find(key).secret() ? "***" : value);
        });
        loops.workers().next().scheduleAtFixedRate(() -> {
            eventRate.sample();
            http.rateLimiter().sweep();
        }, 1, 1, TimeUnit.SECONDS);
    }

    /** Opens storage and starts listening; the returned server is serving. */
    public static Server start(Config config) throws StartupException {
        long t0 = System.nanoTime();
        Server s = new Server(config);
        for (Module m : s.modules) {
            try {
                long m0 = System.nanoTime();
                m.start(s);
                log.debug("module {} started in {} ms", m.name(), (System.nanoTime() - m0) / 1_000_000);
            } catch (Exception e) {
                s.close();
                throw new StartupException(isBindFailure(e) ? StartupException.EXIT_UNAVAILABLE : StartupException.EXIT_SOFTWARE,
                        "module " + m.name() + " failed to start: " + rootMessage(e), e);
            }
        }
        try {
            s.httpServer.start(s.loops, s.connectionStats);
        } catch (Exception e) {
            s.close();
            int code = isBindFailure(e) ? StartupException.EXIT_UNAVAILABLE : StartupException.EXIT_SOFTWARE;
            throw new StartupException(code, "cannot listen on HTTP port " + config.get(ConfigKeys.HTTP_PORT) + ": " + rootMessage(e), e);
        }
        log.info("Switchboard node {} ready in {} ms: http://{}:{}/ ({} transport, {} database)", s.nodeId,
                (System.nanoTime() - t0) / 1_000_000, config.get(ConfigKeys.HTTP_BIND), s.httpPort(), s.loops.transportName(),
                s.db.dialect().name().toLowerCase(java.util.Locale.ROOT));
        return s;
    }

    public int httpPort() {
        return httpServer.boundPort(0);
    }

    public Config config() {
        return config;
    }

    public Path dataDir() {
        return dataDir;
    }

    public EventLoops loops() {
        return loops;
    }

    public BlockingExecutor blocking() {
        return blocking;
    }

    public Database database() {
        return db;
    }

    public BlobStore blobs() {
        return blobs;
    }

    public EventBus eventBus() {
        return bus;
    }

    public EntityStore entities() {
        return store;
    }

    public AccountService accounts() {
        return accounts;
    }

    public ActionRegistry actions() {
        return actions;
    }

    public HttpContext http() {
        return http;
    }

    public StatsRegistry stats() {
        return stats;
    }

    public ConnectionStats connectionStats() {
        return connectionStats;
    }

    public io.switchboard.net.TlsContexts tls() {
        return tls;
    }

    public EntityStore store() {
        return store;
    }

    public SchemaService schemas() {
        return schemas;
    }

    public MembershipService memberships() {
        return memberships;
    }

    public StoredConfig storedConfig() {
        return storedConfig;
    }

    public String nodeId() {
        return nodeId;
    }

    /**
     * Starts the protocol server while {@code enableKey} is "true" and stops it when it turns
     * false, now and on every change (hot config). Start and stop run off the event loops.
     */
    public void toggle(io.switchboard.net.ProtocolServer server, io.switchboard.config.ConfigKey enableKey) {
        config.watch(enableKey, value -> {
            boolean on = "true".equalsIgnoreCase(value.trim());
            Runnable change = () -> {
                try {
                    if (on && !closing) server.start(loops, connectionStats);
                    else if (!on) server.stop();
                } catch (Exception e) {
                    log.error("cannot {} {}: {}", on ? "start" : "stop", server.name(), rootMessage(e));
                }
            };
            if (Thread.currentThread().getName().startsWith("sb-io")) blocking.execute(change);
            else change.run();
        });
        toggledServers.add(server);
    }


    /** The running module of this type (tests and tools use it to reach a protocol's listener). */
    public <T extends Module> T module(Class<T> type) {
        for (Module m : modules) if (type.isInstance(m)) return type.cast(m);
        throw new IllegalStateException("module " + type.getSimpleName() + " is not loaded: is it listed in Modules.all()?");
    }

    /** Blocks until {@link #close()} has finished. */
    public void awaitClosed() throws InterruptedException {
        closed.await();
    }

    @Override
    public void close() {
        if (closing) return;
        closing = true;
        log.info("shutting down: draining connections");
        http.startDraining();
        httpServer.stopAccepting();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(config.getLong(ConfigKeys.SHUTDOWN_GRACE));
        while ((blocking.active() > 0 || blocking.queued() > 0) && System.nanoTime() < deadline) {
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        for (io.switchboard.net.ProtocolServer ps : toggledServers) ps.stop();
        httpServer.closeConnections(2, TimeUnit.SECONDS);
        for (int i = modules.size() - 1; i >= 0; i--) {
            try {
                modules.get(i).stop();
            } catch (RuntimeException e) {
                log.warn("module {} did not stop cleanly", modules.get(i).name(), e);
            }
        }
        closeQuietly();
        log.info("stopped");
        closed.countDown();
    }

    private void closeQuietly() {
        if (loops != null) loops.close();
        if (blocking != null) blocking.close();
        if (db != null) db.close();
    }

    private static String newSecret() {
        byte[] b = new byte[48];
        new SecureRandom().nextBytes(b);
        return Base64.getEncoder().encodeToString(b);
    }

    private static String nodeId(Config config, Path dataDir) throws IOException {
        String configured = config.get(ConfigKeys.NODE_ID).trim();
        if (!configured.isEmpty()) return configured;
        Path f = dataDir.resolve("node-id");
        if (Files.isRegularFile(f)) return Files.readString(f, StandardCharsets.UTF_8).trim();
        String id = UUID.randomUUID().toString();
        Files.writeString(f, id + "\n", StandardCharsets.UTF_8);
        return id;
    }

    /** A listener could not bind (NIO throws BindException, the epoll transport its own exception). */
    static boolean isBindFailure(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof BindException) return true;
            String m = t.getMessage();
            if (m != null && (m.contains("Address already in use") || m.contains("bind(..) failed"))) return true;
        }
        return false;
    }

    static String rootMessage(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) t = t.getCause();
        return t.getMessage() == null ? t.toString() : t.getMessage();
    }
}
