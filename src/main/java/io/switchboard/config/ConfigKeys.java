package io.switchboard.config;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Every configuration key the server knows, with its default. The single source for
 * {@code conf/switchboard.conf}, {@code /_config} and the environment-variable names
 * (see shared/protocols/config.md, which is canonical for the names).
 */
public final class ConfigKeys {
    private static final Map<String, ConfigKey> KEYS = new LinkedHashMap<>();

    // node
    public static final ConfigKey HTTP_BIND = cold("http.bind", "0.0.0.0", "address the HTTP API listens on");
    public static final ConfigKey HTTP_PORT = cold("http.port", "6336", "HTTP API port");
    public static final ConfigKey PUBLIC_URL = hot("public.url", "http://localhost:6336", "absolute base URL used in feeds and DAV links");
    public static final ConfigKey DATA_DIR = cold("data.dir", "./data", "data directory (H2 database, blobs, TLS, Yjs documents)");
    public static final ConfigKey NODE_ID = cold("node.id", "", "node identity; empty = generated once per data directory");
    public static final ConfigKey LOG_LEVEL = hot("log.level", "info", "log level: trace, debug, info, warn, error");
    public static final ConfigKey SHUTDOWN_GRACE = cold("shutdown.grace.seconds", "10", "how long SIGTERM waits for in-flight requests");
    public static final ConfigKey WORKER_THREADS = cold("net.worker.threads", "0", "event-loop threads; 0 = 2 x cores");
    public static final ConfigKey BLOCKING_THREADS = cold("blocking.threads", "16", "threads for JDBC, hashing and disk work");
    public static final ConfigKey BLOCKING_QUEUE = cold("blocking.queue", "2048", "queued blocking tasks before requests get 503 busy");

    // database
    public static final ConfigKey DB_URL = cold("db.url", "", "JDBC URL; empty = embedded H2 file under data.dir");
    public static final ConfigKey DB_USER = cold("db.user", "", "database user");
    public static final ConfigKey DB_PASSWORD = new ConfigKey("db.password", "", false, true, "database password");
    public static final ConfigKey DB_POOL_SIZE = cold("db.pool.size", "10", "HikariCP maximum pool size");

    // HTTP
    public static final ConfigKey HTTP_MAX_BODY = hot("http.max_body", "10485760", "largest request body in bytes (413 above)");
    public static final ConfigKey HTTP_CORS_ORIGINS = hot("http.cors.origins", "*", "allowed CORS origins, comma separated, * = any");
    public static final ConfigKey RATELIMIT_ENABLED = hot("ratelimit.enabled", "true", "per-client rate limiting");
    public static final ConfigKey RATELIMIT_PER_SECOND = hot("ratelimit.per_second", "500", "requests per second per client IP and route");

    // auth
    public static final ConfigKey JWT_EXPIRY_HOURS = hot("jwt.expiry.hours", "72", "lifetime of issued tokens");
    public static final ConfigKey JWT_ISSUER = hot("jwt.issuer", "switchboard", "iss claim of issued tokens");
    public static final ConfigKey PBKDF2_ITERATIONS = hot("password.pbkdf2.iterations", "210000", "PBKDF2-HMAC-SHA256 iterations for new hashes");
    public static final ConfigKey AUTH_CACHE_SECONDS = hot("auth.cache.seconds", "60", "how long verified credentials and user lookups are cached");
    public static final ConfigKey AUTH_LOCKOUT_ATTEMPTS = hot("auth.lockout.attempts", "5", "failed sign-ins per account or IP before a lockout");
    public static final ConfigKey AUTH_LOCKOUT_MINUTES = hot("auth.lockout.minutes", "5", "lockout length");

    // WebSocket
    public static final ConfigKey WS_MAX_MESSAGE = hot("ws.max_message", "1048576", "largest WebSocket message in bytes");
    public static final ConfigKey WS_HEARTBEAT_SECONDS = hot("ws.heartbeat.seconds", "30", "/ws heartbeat interval");
    public static final ConfigKey WS_OUTBOUND_LIMIT = hot("ws.outbound.limit", "1024", "queued outbound messages per connection");
    public static final ConfigKey WS_SLOW_CONSUMER = hot("ws.slow_consumer", "close", "what happens past the outbound limit: close or drop");
    public static final ConfigKey WS_ORIGINS = hot("ws.origins", "*", "allowed WebSocket Origin values, comma separated, * = any");
    public static final ConfigKey WS_RESUME_SECONDS = hot("ws.resume.seconds", "60", "how long a /ws session can be resumed");
    public static final ConfigKey WS_RESUME_BUFFER = hot("ws.resume.buffer", "1000", "events kept for a resumable /ws session");

    // Yjs
    public static final ConfigKey YJS_ENABLED = hot("yjs.enabled", "true", "Yjs collaboration endpoints");
    public static final ConfigKey YJS_STORAGE_PATH = hot("yjs.storage.path", "", "Yjs document directory; empty = {data.dir}/yjs-documents");
    public static final ConfigKey YJS_MAX_MESSAGE = hot("yjs.max_message", "10485760", "largest Yjs message in bytes");
    public static final ConfigKey YJS_MAX_DOCUMENT = hot("yjs.max_document", "52428800", "largest Yjs document in bytes");
    public static final ConfigKey YJS_FSYNC = hot("yjs.fsync", "batch", "Yjs durability: batch (group commit within 10 ms), always, never");

    // TLS
    public static final ConfigKey TLS_CERT = cold("tls.cert", "", "PEM certificate chain; empty = self-signed under {data.dir}/tls");
    public static final ConfigKey TLS_KEY = new ConfigKey("tls.key", "", false, true, "PEM private key");

    // SMTP
    public static final ConfigKey SMTP_ENABLE = hot("smtp.enable", "false", "SMTP service");
    public static final ConfigKey SMTP_LISTEN_OVERRIDE = hot("smtp.listen.override", "", "host:port replacing every mail_server listen_interface on this node");
    public static final ConfigKey SMTP_AUTH_REQUIRE_TLS = hot("smtp.auth.require_tls", "true", "AUTH only after TLS");
    public static final ConfigKey SMTP_LOCAL_DOMAINS = hot("smtp.local_domains", "", "local domains; empty = all mail_server hostnames");
    public static final ConfigKey SMTP_SPAM_JUNK = hot("smtp.spam.junk", "5.0", "spam score that files mail into Junk");
    public static final ConfigKey SMTP_SPAM_REJECT = hot("smtp.spam.reject", "10.0", "spam score rejected at DATA");
    public static final ConfigKey SMTP_RELAY_HOST = hot("smtp.relay.host", "", "smart host; empty = deliver by MX");
    public static final ConfigKey SMTP_RELAY_PORT = hot("smtp.relay.port", "", "smart host port");
    public static final ConfigKey SMTP_RELAY_USER = hot("smtp.relay.user", "", "smart host user");
    public static final ConfigKey SMTP_RELAY_PASSWORD = new ConfigKey("smtp.relay.password", "", true, true, "smart host password");
    public static final ConfigKey SMTP_RETRY_SCHEDULE = hot("smtp.retry.schedule", "60,300,1800,7200,21600,86400", "outgoing retry delays in seconds");
    public static final ConfigKey SMTP_DNS_SERVERS = hot("smtp.dns.servers", "", "DNS servers for MX/SPF; empty = system");
    public static final ConfigKey MAIL_DKIM_SELECTOR = hot("mail.dkim.selector", "d1", "DKIM selector");

    // IMAP
    public static final ConfigKey IMAP_ENABLED = hot("imap.enabled", "false", "IMAP service");
    public static final ConfigKey IMAP_PORT = cold("imap.port", "143", "IMAP port (STARTTLS)");
    public static final ConfigKey IMAPS_PORT = cold("imaps.port", "993", "IMAP implicit-TLS port");
    public static final ConfigKey IMAP_AUTH_REQUIRE_TLS = hot("imap.auth.require_tls", "true", "LOGIN only after TLS");
    public static final ConfigKey IMAP_MAX_LITERAL = hot("imap.max_literal", "52428800", "largest IMAP literal in bytes");
    public static final ConfigKey IMAP_AUTOLOGOUT_SECONDS = hot("imap.autologout.seconds", "1860",
            "inactivity before a logged-in IMAP session (IDLE included) gets BYE; RFC 3501 asks at least 30 minutes");
    public static final ConfigKey IMAP_LOGIN_TIMEOUT_SECONDS = hot("imap.login.timeout.seconds", "60",
            "inactivity before an IMAP connection that has not logged in gets BYE");
    public static final ConfigKey IMAP_COMMAND_TIMEOUT_SECONDS = hot("imap.command.timeout.seconds", "60",
            "how long a half-sent IMAP command or literal may stall before BYE");
    public static final ConfigKey IMAP_EXECUTION_TIMEOUT_SECONDS = hot("imap.execution.timeout.seconds", "300.0",
            "how long one IMAP command (a SEARCH, a FETCH streaming to a slow client) may run: then it gets NO [LIMIT], or BYE when the client is not reading its output; decimals allowed, 0 = no limit");
    public static final ConfigKey IMAP_VANISHED_DAYS = hot("imap.vanished.days", "30",
            "days expunged UIDs are remembered for QRESYNC; older clients are told every UID not present instead; 0 = no age limit");
    public static final ConfigKey IMAP_VANISHED_MAX_PER_MAILBOX = hot("imap.vanished.max_per_mailbox", "10000",
            "expunged UIDs remembered per folder for QRESYNC (newest kept); 0 = no count limit");

    // DAV
    public static final ConfigKey CALDAV_ENABLE = hot("caldav.enable", "false", "WebDAV, CalDAV and CardDAV");
    public static final ConfigKey DAV_MAX_UPLOAD = hot("dav.max_upload", "104857600", "largest DAV upload in bytes");
    public static final ConfigKey STORAGE_QUOTA_PER_USER = hot("storage.quota.per_user", "0",
            "bytes each user may store in /dav/home/ and the sites they own (DAV and FTP); 0 = no limit; a storage_quota row's limit_bytes overrides it for one user");

    // FTP
    public static final ConfigKey FTP_ENABLE = hot("ftp.enable", "false", "FTP service");
    public static final ConfigKey FTP_PORT = cold("ftp.port", "21", "FTP port");
    public static final ConfigKey FTPS_PORT = cold("ftps.port", "990", "FTP implicit-TLS port");
    public static final ConfigKey FTP_PASSIVE_PORTS = hot("ftp.passive.ports", "30000-30999", "passive data port range");
    public static final ConfigKey FTP_PASSIVE_ADDRESS = hot("ftp.passive.address", "", "advertised passive address; empty = control connection's local address");
    public static final ConfigKey FTP_REQUIRE_TLS = hot("ftp.require_tls", "false", "refuse plain-text logins");
    public static final ConfigKey FTP_ANONYMOUS = hot("ftp.anonymous", "true", "anonymous (guest, read-only) FTP logins");
    public static final ConfigKey FTP_MAX_CLIENTS = hot("ftp.max_clients", "500", "FTP control connections at once; beyond: 421");
    public static final ConfigKey FTP_MAX_LINE = hot("ftp.max_line", "2048", "longest FTP command line in bytes (new connections)");
    public static final ConfigKey FTP_IDLE_SECONDS = hot("ftp.idle.seconds", "300", "idle FTP control connections are closed (new connections)");
    public static final ConfigKey FTP_DATA_CONNECT_SECONDS = hot("ftp.data.connect.seconds", "30", "how long a PASV/PORT data connection may take to open");
    public static final ConfigKey FTP_BANDWIDTH_SESSION = hot("ftp.bandwidth.session", "0", "bytes per second one FTP session may transfer (each direction); 0 = no limit");
    public static final ConfigKey FTP_BANDWIDTH_USER = hot("ftp.bandwidth.user", "0", "bytes per second all FTP sessions of one user may transfer together (each direction); 0 = no limit");
    public static final ConfigKey FTP_DATA_TIMEOUT_SECONDS = hot("ftp.data.timeout.seconds", "120", "a data connection without traffic for this long fails its transfer");

    // cluster
    public static final ConfigKey CLUSTER_ENABLED = cold("cluster.enabled", "", "cluster bus; empty = true when the database is PostgreSQL");
    public static final ConfigKey CLUSTER_EVENT_LOG_HOURS = hot("cluster.event_log.hours", "24", "how long the event log keeps events");
    public static final ConfigKey CLUSTER_EVENT_LOG_MAX_ROWS = hot("cluster.event_log.max_rows", "1000000", "most events the event log keeps (0 = no size limit); older ones are trimmed");

    private ConfigKeys() {
    }

    private static ConfigKey hot(String name, String def, String description) {
        return register(new ConfigKey(name, def, true, false, description));
    }

    private static ConfigKey cold(String name, String def, String description) {
        return register(new ConfigKey(name, def, false, false, description));
    }

    private static ConfigKey register(ConfigKey key) {
        KEYS.put(key.name(), key);
        return key;
    }

    static {
        // the secret keys built with the record constructor above
        register(DB_PASSWORD);
        register(TLS_KEY);
        register(SMTP_RELAY_PASSWORD);
    }

    /** The key with this name, or null when the name is not a known key. */
    public static ConfigKey find(String name) {
        return KEYS.get(name);
    }

    public static List<ConfigKey> all() {
        return List.copyOf(KEYS.values());
    }

    static Map<String, ConfigKey> byName() {
        return Collections.unmodifiableMap(KEYS);
    }
}
