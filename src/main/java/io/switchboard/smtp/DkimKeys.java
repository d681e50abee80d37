package io.switchboard.smtp;

import io.switchboard.store.StoredConfig;

import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.interfaces.RSAPrivateCrtKey;
import java.security.spec.RSAPublicKeySpec;
import java.util.Base64;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * One RSA-2048 DKIM key per sending domain, generated on first use and kept as a server secret
 * (so every node of a cluster signs with the same key). The public half is what the admin
 * publishes as {@code selector._domainkey.domain TXT}.
 */
final class DkimKeys {
    private final StoredConfig stored;
    private final Map<String, PrivateKey> cache = new ConcurrentHashMap<>();

    DkimKeys(StoredConfig stored) {
        this.stored = stored;
    }

    PrivateKey privateKey(String domain) throws Exception {
        String d = domain.toLowerCase(Locale.ROOT);
        PrivateKey k = cache.get(d);
        if (k != null) return k;
        String b64 = stored.secret("dkim.key." + d, DkimKeys::generate);
        k = Dkim.privateKey(Base64.getDecoder().decode(b64));
        cache.put(d, k);
        return k;
    }

    PublicKey publicKey(String domain) throws Exception {
        RSAPrivateCrtKey k = (RSAPrivateCrtKey) privateKey(domain);
        return KeyFactory.getInstance("RSA").generatePublic(new RSAPublicKeySpec(k.getModulus(), k.getPublicExponent()));
    }

    private static String generate() {
        try {
            KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
            g.initialize(2048);
            KeyPair kp = g.generateKeyPair();
            return Base64.getEncoder().encodeToString(kp.getPrivate().getEncoded());
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
