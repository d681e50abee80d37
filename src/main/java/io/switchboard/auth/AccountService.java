package io.switchboard.auth;

import com.fasterxml.jackson.databind.JsonNode;
import io.switchboard.config.Config;
import io.switchboard.config.ConfigKeys;
import io.switchboard.entity.EntityEvent;
import io.switchboard.entity.EntityException;
import io.switchboard.entity.EntityRow;
import io.switchboard.entity.EntityStore;
import io.switchboard.entity.MembershipService;
import io.switchboard.store.Database;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Sign-up, sign-in, becoming the first administrator, and turning credentials (a JWT, or an
 * email and password for DAV/FTP) into a {@link Principal}. Verified principals are cached for
 * {@code auth.cache.seconds} so a hash is not recomputed per request; membership changes clear
 * the cache.
 */
public final class AccountService {
    /** Sign-in refused: wrong credentials, or locked out for a while. */
    public static final class SignInFailed extends Exception {
        private final long retryAfterSeconds;

        public SignInFailed(String message, long retryAfterSeconds) {
            super(message, null, false, false);
            this.retryAfterSeconds = retryAfterSeconds;
        }

        public long retryAfterSeconds() {
            return retryAfterSeconds;
        }
    }

    /**
     * An address may fail this many times more often than one account before it is locked out:
     * many honest users can share one address (NAT), while one account is one person.
     */
    private static final int IP_FACTOR = 10;

    private record Cached(Principal principal, long expiresAtMillis) {
    }

    private final Database db;
    private final EntityStore store;
    private final MembershipService memberships;
    private final PasswordHasher hasher;
    private final TokenService tokens;
    private final LoginThrottle throttle;
    private final Config config;
    private final Map<String, Cached> byUser = new ConcurrentHashMap<>();
    private final Map<String, Cached> byPassword = new ConcurrentHashMap<>();

    public AccountService(Database db, EntityStore store, MembershipService memberships, PasswordHasher hasher,
                          TokenService tokens, Config config) {
        this.db = db;
        this.store = store;
        this.memberships = memberships;
        this.hasher = hasher;
        this.tokens = tokens;
        this.throttle = new LoginThrottle(config);
        this.config = config;
    }

    public TokenService tokens() {
        return tokens;
    }

    /** Forget cached principals (after a membership or account change). */
    public void invalidateCache() {
        byUser.clear();
        byPassword.clear();
    }

    // ------------------------------------------------------------------ sign-up / sign-in

    public EntityRow signUp(JsonNode attrs) throws SQLException {
        String name = text(attrs, "name");
        String email = text(attrs, "email").trim().toLowerCase(Locale.ROOT);
        String password = text(attrs, "password");
        String confirm = attrs.has("passwordConfirm") ? text(attrs, "passwordConfirm") : text(attrs, "password_confirm");
        if (email.isEmpty()) throw EntityException.badRequest("email is required");
        if (password.length() < 8) throw EntityException.badRequest("password must have at least 8 characters");
        if (!password.equals(confirm)) throw EntityException.badRequest("password and passwordConfirm differ");
        if (name.isBlank()) name = email.substring(0, Math.max(1, email.indexOf('@')));
        String id = UUID.randomUUID().toString();
        Map<String, Object> values = new LinkedHashMap<>();
        values.put("name", name.length() > 200 ? name.substring(0, 200) : name);
        values.put("email", email);
        String mobile = text(attrs, "mobile");
        if (!mobile.isEmpty()) values.put("mobile", mobile.length() > 50 ? mobile.substring(0, 50) : mobile);
        if (!email.matches("[^@\\s]{1,64}@[^@\\s]{1,255}")) throw EntityException.badRequest("email is not an email address");
        values.put("password", hasher.hash(password));
        EntityRow[] membership = new EntityRow[1];
        EntityRow user = db.inTransaction(c -> {
            if (findUserId(c, email) != null) throw EntityException.conflict("an account with this email exists");
            EntityRow u = store.insert(c, store.registry().require("user_account"), id, id,
                    store.registry().require("user_account").defaultPermission(), values, List.of());
            membership[0] = memberships.addAsSystem(c, id, Principal.USERS_GROUP, id);
            return u;
        });
        store.publish(new EntityEvent("user_account", EntityEvent.Type.CREATE, user, null, id, Instant.now()));
        if (membership[0] != null) {
            store.publish(new EntityEvent("user_account_has_usergroup", EntityEvent.Type.CREATE, membership[0], null, id, Instant.now()));
        }
        return user;
    }

    /** Checks the password and returns a fresh JWT; throttled per account and per client IP. */
    public String signIn(String email, String password, String clientIp) throws SQLException, SignInFailed {
        String account = "acct:" + (email == null ? "" : email.trim().toLowerCase(Locale.ROOT));
        String ip = "ip:" + clientIp;
        Principal p = throttled(account, ip, () -> checkPassword(email, password));
        return tokens.issue(p.userId(), p.email(), p.name());
    }

    /** One password verification: the principal, or null when wrong. */
    @FunctionalInterface
    private interface PasswordCheck {
        Principal run() throws SQLException;
    }

    /** A password check under the account and IP lockout; the principal, or SignInFailed. */
    private Principal throttled(String account, String ip, PasswordCheck check) throws SQLException, SignInFailed {
        long wait = Math.max(throttle.retryAfterSeconds(account, 1), throttle.retryAfterSeconds(ip, IP_FACTOR));
        if (wait > 0) throw new SignInFailed("Too many failed attempts, try again later", wait);
        Principal p = check.run();
        if (p == null) {
            throttle.failed(account);
            throttle.failed(ip);
            throw new SignInFailed("Invalid username or password", 0);
        }
        throttle.succeeded(account);
        return p;
    }

    /** The user for an email and password, or null. Runs a full hash even for unknown emails. */
    private Principal checkPassword(String email, String password) throws SQLException {
        if (email == null || password == null) return null;
        String normalized = email.trim().toLowerCase(Locale.ROOT);
        String[] hash = new String[1];
        String userId = db.withConnection(c -> {
            String id = findUserId(c, normalized);
            if (id != null) hash[0] = store.passwordHash(c, "user_account", "password", id);
            return id;
        });
        if (!hasher.verify(password, hash[0]) || userId == null) return null;
        return loadPrincipal(userId);
    }

    /** HTTP Basic / FTP: email and password to principal, cached so repeated requests skip the hash. */
    public Principal authenticatePassword(String email, String password, String clientIp) throws SQLException, SignInFailed {
        String key = PasswordHasher.fingerprint(String.valueOf(email).toLowerCase(Locale.ROOT) + "\0" + password);
        Cached cached = byPassword.get(key);
        if (cached != null && cached.expiresAtMillis > System.currentTimeMillis()) return cached.principal;
        String account = "acct:" + String.valueOf(email).trim().toLowerCase(Locale.ROOT);
        Principal p = throttled(account, "ip:" + clientIp, () -> checkPassword(email, password));
        byPassword.put(key, new Cached(p, System.currentTimeMillis() + cacheMillis()));
        return p;
    }

    /** A verified JWT to principal; InvalidTokenException when the token or its user is not valid. */
    public Principal authenticateToken(String token) throws TokenService.InvalidTokenException, SQLException {
        TokenService.Claims claims = tokens.verify(token);
        Cached cached = byUser.get(claims.userId());
        if (cached != null && cached.expiresAtMillis > System.currentTimeMillis()) return cached.principal;
        Principal p = loadPrincipal(claims.userId());
        if (p == null) throw new TokenService.InvalidTokenException("the token's account no longer exists");
        byUser.put(claims.userId(), new Cached(p, System.currentTimeMillis() + cacheMillis()));
        return p;
    }

    private long cacheMillis() {
        return config.getLong(ConfigKeys.AUTH_CACHE_SECONDS) * 1000L;
    }

    /** The principal of a user id, or null when there is no such user. */
    public Principal loadPrincipal(String userId) throws SQLException {
        return db.withConnection(c -> {
            String email;
            String name;
            try (PreparedStatement ps = c.prepareStatement("SELECT \"email\", \"name\" FROM \"user_account\" WHERE \"reference_id\" = ?")) {
                ps.setString(1, userId);
                try (ResultSet rs = ps.executeQuery()) {
                    if (!rs.next()) return null;
                    email = rs.getString(1);
                    name = rs.getString(2);
                }
            }
            return new Principal(userId, email, name, MembershipService.groupsOf(c, userId));
        });
    }

    /** Makes the caller an administrator, only while there is none. */
    public void becomeAdministrator(Principal who) throws SQLException {
        if (who.isGuest()) throw EntityException.unauthorized("sign in first");
        EntityRow row = db.inTransaction(c -> {
            // lock the group row so two concurrent callers cannot both become the first administrator
            try (PreparedStatement ps = c.prepareStatement("SELECT \"reference_id\" FROM \"usergroup\" WHERE \"reference_id\" = ? FOR UPDATE")) {
                ps.setString(1, Principal.ADMINISTRATORS_GROUP);
                ps.executeQuery().close();
            }
            if (MembershipService.memberCount(c, Principal.ADMINISTRATORS_GROUP) > 0) {
                throw EntityException.forbidden("an administrator already exists");
            }
            return memberships.addAsSystem(c, who.userId(), Principal.ADMINISTRATORS_GROUP, who.userId());
        });
        invalidateCache();
        if (row != null) {
            store.publish(new EntityEvent("user_account_has_usergroup", EntityEvent.Type.CREATE, row, null, who.userId(), Instant.now()));
        }
    }

    private static String findUserId(java.sql.Connection c, String email) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT \"reference_id\" FROM \"user_account\" WHERE \"email\" = ?")) {
            ps.setString(1, email);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? rs.getString(1) : null;
            }
        }
    }

    private static String text(JsonNode attrs, String field) {
        JsonNode v = attrs == null ? null : attrs.get(field);
        return v == null || v.isNull() ? "" : v.asText();
    }
}
