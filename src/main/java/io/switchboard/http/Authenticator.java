package io.switchboard.http;

import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.cookie.Cookie;
import io.netty.handler.codec.http.cookie.ServerCookieDecoder;
import io.switchboard.auth.AccountService;
import io.switchboard.auth.Principal;
import io.switchboard.auth.TokenService;

import java.nio.charset.StandardCharsets;
import java.sql.SQLException;
import java.util.Base64;
import java.util.Map;

/**
 * Credentials of an HTTP request, in the order config.md gives: {@code Authorization: Bearer},
 * then {@code ?token=}, then the {@code token} cookie; HTTP Basic (email and password) too.
 * Invalid credentials are 401, never a silent fall-back to guest.
 */
public final class Authenticator {
    private final AccountService accounts;

    public Authenticator(AccountService accounts) {
        this.accounts = accounts;
    }

    public Principal authenticate(ApiRequest req) {
        String auth = req.header(HttpHeaderNames.AUTHORIZATION);
        try {
            if (auth != null && !auth.isBlank()) {
                String a = auth.trim();
                if (a.regionMatches(true, 0, "Bearer", 0, 6)) {
                    String token = a.substring(6).trim();
                    if (token.isEmpty()) throw unauthorized("empty bearer token");
                    return byToken(token);
                }
                if (a.regionMatches(true, 0, "Basic ", 0, 6)) return byBasic(a.substring(6).trim(), req.clientIp());
                throw unauthorized("unsupported Authorization scheme");
            }
            String token = req.queryParam("token");
            if (token != null && !token.isEmpty()) return byToken(tokenPart(token));
            String cookies = req.header(HttpHeaderNames.COOKIE);
            if (cookies != null) {
                for (Cookie c : ServerCookieDecoder.LAX.decode(cookies)) {
                    if (c.name().equals("token") && !c.value().isEmpty()) return byToken(c.value());
                }
            }
            return Principal.GUEST;
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The bearer token a request carries (header, ?token=, cookie), or null; not verified. */
    public static String tokenOf(ApiRequest req) {
        String auth = req.header(HttpHeaderNames.AUTHORIZATION);
        if (auth != null && auth.trim().regionMatches(true, 0, "Bearer", 0, 6)) return auth.trim().substring(6).trim();
        String token = req.queryParam("token");
        if (token != null && !token.isEmpty()) return tokenPart(token);
        String cookies = req.header(HttpHeaderNames.COOKIE);
        if (cookies != null) {
            for (Cookie c : ServerCookieDecoder.LAX.decode(cookies)) {
                if (c.name().equals("token") && !c.value().isEmpty()) return c.value();
            }
        }
        return null;
    }

    /** A JWT never contains '/': y-websocket appends "/room" after a token given in the URL (yjs.md). */
    public static String tokenPart(String token) {
        int slash = token.indexOf('/');
        return slash >= 0 ? token.substring(0, slash) : token;
    }

    private Principal byToken(String token) throws SQLException {
        try {
            return accounts.authenticateToken(token);
        } catch (TokenService.InvalidTokenException e) {
            throw unauthorized("invalid or expired token");
        }
    }

    private Principal byBasic(String encoded, String ip) throws SQLException {
        String decoded;
        try {
            decoded = new String(Base64.getDecoder().decode(encoded), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw unauthorized("malformed Basic credentials");
        }
        int colon = decoded.indexOf(':');
        if (colon < 0) throw unauthorized("malformed Basic credentials");
        try {
            return accounts.authenticatePassword(decoded.substring(0, colon), decoded.substring(colon + 1), ip);
        } catch (AccountService.SignInFailed e) {
            throw e.retryAfterSeconds() > 0
                    ? new ApiException(HttpResponseStatus.TOO_MANY_REQUESTS, e.getMessage(),
                    Map.of("Retry-After", Long.toString(e.retryAfterSeconds())))
                    : unauthorized(e.getMessage());
        }
    }

    private static ApiException unauthorized(String detail) {
        return new ApiException(HttpResponseStatus.UNAUTHORIZED, detail, Map.of("WWW-Authenticate", "Bearer realm=\"switchboard\""));
    }
}
