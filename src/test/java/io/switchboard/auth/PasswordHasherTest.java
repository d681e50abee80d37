package io.switchboard.auth;

import io.switchboard.config.Config;
import io.switchboard.config.ConfigKeys;
import org.junit.jupiter.api.Test;

import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PasswordHasherTest {
    @Test
    void defaultIterationCountIsAtLeast210000() {
        Config c = Config.of(Map.of());
        PasswordHasher h = new PasswordHasher(() -> c.getInt(ConfigKeys.PBKDF2_ITERATIONS));
        String hash = h.hash("correct horse");
        assertTrue(Integer.parseInt(hash.split("\\$")[1]) >= 210_000, hash);
        assertTrue(h.verify("correct horse", hash));
        assertFalse(h.verify("correct horsf", hash));
    }

    @Test
    void saltsDifferAndMalformedHashesNeverVerify() {
        PasswordHasher h = new PasswordHasher(() -> 1000);
        assertNotEquals(h.hash("pw"), h.hash("pw"));
        assertFalse(h.verify("pw", "garbage"));
        assertFalse(h.verify("pw", "pbkdf2-sha256$x$y$z"));
        assertFalse(h.verify("pw", null));
        // a hash made with other iterations still verifies: the count travels with the hash
        String old = new PasswordHasher(() -> 500).hash("pw");
        assertTrue(h.verify("pw", old));
    }

    @Test
    void permissionBitsFollowTheDocumentedLayout() {
        assertEquals(16256, Permission.OWNER_ALL);
        assertEquals(65408, Permission.DEFAULT_ROW);
        assertEquals(2, Permission.guest(Permission.Op.READ));
        assertEquals(256, Permission.owner(Permission.Op.READ));
        assertEquals(32768, Permission.group(Permission.Op.READ));
        Principal owner = new Principal("u1", "a@b", "A", Set.of("g1"));
        Principal member = new Principal("u2", "c@d", "C", Set.of("g1"));
        Principal stranger = new Principal("u3", "e@f", "E", Set.of());
        int mask = Permission.DEFAULT_ROW;
        assertTrue(Permission.allows(owner, mask, "u1", Set.of(), Permission.Op.DELETE));
        assertTrue(Permission.allows(member, mask, "u1", Set.of("g1"), Permission.Op.READ));
        assertFalse(Permission.allows(member, mask, "u1", Set.of("g1"), Permission.Op.UPDATE));
        assertFalse(Permission.allows(stranger, mask, "u1", Set.of("g1"), Permission.Op.PEEK));
        assertFalse(Permission.allows(Principal.GUEST, mask, "u1", Set.of(), Permission.Op.PEEK));
        assertTrue(Permission.allows(Principal.GUEST, mask | 2, "u1", Set.of(), Permission.Op.READ));
        Principal admin = new Principal("u4", "x@y", "X", Set.of(Principal.ADMINISTRATORS_GROUP));
        assertTrue(Permission.allows(admin, 0, "u1", Set.of(), Permission.Op.DELETE));
    }
}
