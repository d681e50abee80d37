package io.switchboard.mail;

import io.switchboard.store.LocalBlobStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The group-flushed mail spool: concurrent appends read back exactly, through any blob store reader. */
class MailSpoolTest {
    @TempDir
    Path root;

    @Test
    void concurrentAppendsAreReadBackByteForByteThroughTheBlobStore() throws Exception {
        LocalBlobStore blobs = new LocalBlobStore(root);
        MailSpool spool = MailSpool.open(root, blobs);
        assertNotNull(spool);
        ExecutorService pool = Executors.newFixedThreadPool(16);
        try {
            List<Future<String>> keys = new ArrayList<>();
            for (int i = 0; i < 200; i++) {
                int n = i;
                keys.add(pool.submit(() -> spool.append(new byte[][]{("Header-" + n + ": x\r\n").getBytes(StandardCharsets.US_ASCII),
                        ("body " + n + "\r\n").repeat(n * 10 + 1).getBytes(StandardCharsets.US_ASCII)})));
            }
            for (int i = 0; i < 200; i++) {
                String key = keys.get(i).get();
                assertTrue(MailSpool.isSpoolKey(key), key);
                byte[] expected = ("Header-" + i + ": x\r\n" + ("body " + i + "\r\n").repeat(i * 10 + 1)).getBytes(StandardCharsets.US_ASCII);
                assertArrayEquals(expected, MailStore.read(blobs, key), key);
                // a reader that knows only the blob store, as IMAP's MailStore does
                assertArrayEquals(expected, MailStore.read(new LocalBlobStore(root), key));
            }
        } finally {
            pool.shutdown();
            spool.close();
        }
        assertThrows(java.io.IOException.class, () -> spool.append(new byte[][]{{1}}));
    }

    @Test
    void aBlobStoreThatDoesNotSeeTheSpoolGetsNoSpool(@TempDir Path elsewhere) throws Exception {
        assertNull(MailSpool.open(root, new LocalBlobStore(elsewhere)));
    }

    @Test
    void plainBlobKeysStillWork() throws Exception {
        LocalBlobStore blobs = new LocalBlobStore(root);
        blobs.put("mail/2026/01/01/abc", "plain".getBytes(StandardCharsets.US_ASCII));
        assertEquals("plain", new String(MailStore.read(blobs, "mail/2026/01/01/abc"), StandardCharsets.US_ASCII));
    }
}
