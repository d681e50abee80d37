package io.switchboard.yjs;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class YjsFileStoreTest {
    @TempDir
    Path dir;

    @Test
    void appendedUpdatesSurviveReopenAndATornTailIsDropped() throws Exception {
        for (String policy : List.of("batch", "always", "never")) {
            Path d = dir.resolve(policy);
            try (YjsFileStore s = new YjsFileStore(() -> d, () -> policy)) {
                s.append("doc", new byte[]{1, 2, 3}).get();
                s.append("doc", new byte[]{4}).get();
            }
            Path log;
            try (var files = Files.list(d)) {
                log = files.filter(p -> p.toString().endsWith(".log")).findFirst().orElseThrow();
            }
            Files.write(log, new byte[]{0, 0, 0, 9, 1, 2}, StandardOpenOption.APPEND); // a torn record
            try (YjsFileStore s = new YjsFileStore(() -> d, () -> policy)) {
                List<byte[]> got = s.load("doc");
                assertEquals(2, got.size(), policy);
                assertArrayEquals(new byte[]{1, 2, 3}, got.get(0));
                s.append("doc", new byte[]{5}).get(); // the writer cuts the torn tail before appending
                assertEquals(3, s.load("doc").size(), policy);
            }
        }
    }

    @Test
    void compactionKeepsTheMergedStateAndEmptiesTheLog() throws Exception {
        byte[] empty = YUpdates.empty();
        try (YjsFileStore s = new YjsFileStore(() -> dir, () -> "batch")) {
            for (int i = 0; i < 3; i++) s.append("d", empty).get();
            s.compact("d").get();
            List<byte[]> after = s.load("d");
            assertEquals(1, after.size(), "one snapshot, empty log");
            s.append("d", empty).get();
            assertEquals(2, s.load("d").size());
            s.delete("d").get();
            assertTrue(s.load("d").isEmpty());
        }
    }
}
