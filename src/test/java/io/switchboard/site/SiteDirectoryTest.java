package io.switchboard.site;

import io.switchboard.auth.Permission;
import io.switchboard.auth.Principal;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The storage API FTP and DAV share: path resolution that never leaves a site, and its permission rule. */
class SiteDirectoryTest {
    @TempDir
    Path tmp;

    private Site site(String host, int permission) {
        return new Site("id-" + host, host, host, tmp.resolve("sites").resolve(host), true, true, "owner", permission, List.of("g1"));
    }

    @Test
    void resolvesInsideTheRootAndCreatesIt() throws Exception {
        Site s = site("alpha", Permission.DEFAULT_ROW);
        Path p = SiteDirectory.resolve(s, List.of("a", "b.txt"));
        assertTrue(Files.isDirectory(s.root()));
        assertEquals(s.root().toRealPath().resolve("a").resolve("b.txt"), p);
    }

    @Test
    void refusesDotDotControlCharactersAndBackslashes() {
        Site s = site("alpha", Permission.DEFAULT_ROW);
        for (List<String> bad : List.of(List.of(".."), List.of("a", "..", ".."), List.of("."), List.of(""), List.of("a\u0000b"),
                List.of("a\\..\\b"), List.of("x".repeat(256)), List.of("a/b"))) {
            assertThrows(SitePathException.class, () -> SiteDirectory.resolve(s, bad), bad.toString());
        }
    }

    @Test
    void refusesSymlinksLeavingTheSiteButFollowsOnesInside() throws Exception {
        Site s = site("alpha", Permission.DEFAULT_ROW);
        Files.createDirectories(s.root());
        Path outside = Files.createDirectories(tmp.resolve("outside"));
        Files.createSymbolicLink(s.root().resolve("out"), outside);
        Files.createSymbolicLink(s.root().resolve("dangling"), tmp.resolve("nowhere"));
        Files.createDirectories(s.root().resolve("real"));
        Files.createSymbolicLink(s.root().resolve("in"), s.root().resolve("real"));
        assertThrows(SitePathException.class, () -> SiteDirectory.resolve(s, List.of("out")));
        assertThrows(SitePathException.class, () -> SiteDirectory.resolve(s, List.of("out", "new-file")));
        assertThrows(SitePathException.class, () -> SiteDirectory.resolve(s, List.of("dangling")));
        assertEquals(s.root().toRealPath().resolve("in/x"), SiteDirectory.resolve(s, List.of("in", "x")));
        assertTrue(SiteDirectory.escapes(s, s.root().resolve("out")));
        assertFalse(SiteDirectory.escapes(s, s.root().resolve("in")));
    }

    @Test
    void readNeedsReadWriteNeedsCreateAndGuestsNeverWrite() {
        Principal member = new Principal("u1", "u@example.com", "U", Set.of("g1"));
        Principal stranger = new Principal("u2", "s@example.com", "S", Set.of("g2"));
        int groupRead = Permission.group(Permission.Op.PEEK) | Permission.group(Permission.Op.READ);
        Site readOnly = site("docs", groupRead);
        Site writable = site("alpha", groupRead | Permission.group(Permission.Op.CREATE));
        Site updatable = site("beta", groupRead | Permission.group(Permission.Op.UPDATE));
        Site guestAll = site("pub", Permission.guest(Permission.Op.READ) | Permission.guest(Permission.Op.CREATE));
        assertTrue(SiteDirectory.allows(member, readOnly, SiteAccess.READ));
        assertFalse(SiteDirectory.allows(member, readOnly, SiteAccess.WRITE));
        assertTrue(SiteDirectory.allows(member, writable, SiteAccess.WRITE));
        assertFalse(SiteDirectory.allows(member, updatable, SiteAccess.WRITE));
        assertFalse(SiteDirectory.allows(stranger, writable, SiteAccess.READ));
        assertTrue(SiteDirectory.allows(Principal.GUEST, guestAll, SiteAccess.READ));
        assertFalse(SiteDirectory.allows(Principal.GUEST, guestAll, SiteAccess.WRITE));
    }
}
