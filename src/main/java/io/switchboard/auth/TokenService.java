package io.switchboard.auth;

import com.auth0.jwt.JWT;
import com.auth0.jwt.JWTVerifier;
import com.auth0.jwt.algorithms.Algorithm;
import com.auth0.jwt.exceptions.JWTVerificationException;
import com.auth0.jwt.interfaces.DecodedJWT;
import io.switchboard.config.Config;
import io.switchboard.config.ConfigKeys;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.UUID;

/** Issues and verifies HS256 JWTs (claims as in shared/protocols/api.md). */
public final class TokenService {
    /** The token is malformed, forged, expired or from another issuer. */
    public static final class InvalidTokenException extends Exception {
        public InvalidTokenException(String message) {
            super(message, null, false, false);
        }
    }

    /** What a verified token says. */
    public record Claims(String userId, String email, String name, Instant expiresAt) {
    }

    private final Algorithm algorithm;
    private final Config config;

    public TokenService(String secret, Config config) {
        this.algorithm = Algorithm.HMAC256(secret);
        this.config = config;
    }

    public String issue(String userId, String email, String name) {
        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        return JWT.create()
                .withSubject(userId)
                .withClaim("email", email)
                .withClaim("name", name)
                .withIssuedAt(now)
                .withNotBefore(now)
                .withExpiresAt(now.plus(config.getLong(ConfigKeys.JWT_EXPIRY_HOURS), ChronoUnit.HOURS))
                .withIssuer(config.get(ConfigKeys.JWT_ISSUER))
                .withJWTId(UUID.randomUUID().toString())
                .sign(algorithm);
    }

    public Claims verify(String token) throws InvalidTokenException {
        try {
            JWTVerifier verifier = JWT.require(algorithm)
                    .withIssuer(config.get(ConfigKeys.JWT_ISSUER))
                    .acceptLeeway(5)
                    .build();
            DecodedJWT jwt = verifier.verify(token);
            if (jwt.getSubject() == null || jwt.getExpiresAtAsInstant() == null) {
                throw new InvalidTokenException("token lacks sub or exp");
            }
            return new Claims(jwt.getSubject(), jwt.getClaim("email").asString(), jwt.getClaim("name").asString(),
                    jwt.getExpiresAtAsInstant());
        } catch (JWTVerificationException e) {
            throw new InvalidTokenException(e.getMessage());
        }
    }
}
