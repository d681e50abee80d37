package io.switchboard.store;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class LocalBlobStoreTest {
    @TempDir
    Path dir;

    @Test
    void storesReplacesAndDeletes() throws Exception {
        LocalBlobStore s = new LocalBlobStore(dir);
        s.put("mail/a/b.eml", new byte[]{1, 2, 3});
        assertTrue(s.exists("mail/a/b.eml"));
        assertEquals(3, s.size("mail/a/b.eml"));
        s.put("mail/a/b.eml", new byte[]{9});
        try (var in = s.open("mail/a/b.eml").orElseThrow()) {
            assertArrayEquals(new byte[]{9}, in.readAllBytes());
        }
        assertTrue(s.delete("mail/a/b.eml"));
        assertFalse(s.open("mail/a/b.eml").isPresent());
        try (var files = Files.walk(dir)) {
            assertEquals(0, files.filter(p -> p.getFileName().toString().endsWith(".tmp")).count(), "no temp files left");
        }
    }

    @Test
    void keysCannotEscapeTheRoot() throws Exception {
        LocalBlobStore s = new LocalBlobStore(dir);
        for (String bad : new String[]{"../x", "a/../../x", "/etc/passwd", "a//b", "a\\b", ""}) {
            assertThrows(IllegalArgumentException.class, () -> s.put(bad, new byte[0]), bad);
        }
    }

    @Test
    void migrationScriptsSplitIntoStatements() {
        var parts = Migrations.split("-- c\nCREATE TABLE a (x INT);\n\nCREATE INDEX i ON a (x);\n");
        assertEquals(2, parts.size());
        assertEquals("CREATE TABLE a (x INT)", parts.get(0));
    }
}
