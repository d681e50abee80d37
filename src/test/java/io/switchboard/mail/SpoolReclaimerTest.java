package io.switchboard.mail;

import io.switchboard.Server;
import io.switchboard.store.LocalBlobStore;
import io.switchboard.support.TestServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.sql.PreparedStatement;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Spool segments come back as disk space once no mail or outbox row names them, and only then. */
class SpoolReclaimerTest {
    @TempDir
    Path blobRoot;

    @Test
    void onlySegmentsNoRowNamesAreDeletedAndLiveMailStaysReadable() throws Exception {
        try (TestServer ts = TestServer.h2()) {
            Server server = ts.server();
            LocalBlobStore blobs = new LocalBlobStore(blobRoot); // apart from the server's own spool
            // three spools = three segments of their own
            MailSpool a = MailSpool.open(blobRoot, blobs);
            MailSpool b = MailSpool.open(blobRoot, blobs);
            MailSpool c = MailSpool.open(blobRoot, blobs);
            String inMail = a.append(new byte[][]{"Subject: kept\r\n\r\nbody\r\n".getBytes(StandardCharsets.US_ASCII)});
            String inOutbox = b.append(new byte[][]{"Subject: queued\r\n\r\nbody\r\n".getBytes(StandardCharsets.US_ASCII)});
            String deleted = c.append(new byte[][]{"Subject: deleted\r\n\r\nbody\r\n".getBytes(StandardCharsets.US_ASCII)});
            MailSpool open = MailSpool.open(blobRoot, blobs); // still being written: never touched
            a.close();
            b.close();
            c.close();
            insert(server, "mail", inMail);
            insert(server, "outbox", inOutbox);

            SpoolReclaimer reclaimer = new SpoolReclaimer(server.database(), a.directory(), open::writing);
            assertEquals(0, reclaimer.reclaim(Instant.now()), "fresh segments are left alone: a row may be about to name them");

            Instant later = Instant.now().plus(SpoolReclaimer.QUIET).plusSeconds(60);
            assertEquals(1, reclaimer.reclaim(later), "exactly the segment nobody refers to (the open one is being written)");
            assertFalse(Files.exists(segmentFile(blobRoot, deleted)));
            assertTrue(Files.exists(segmentFile(blobRoot, inMail)));
            assertTrue(Files.exists(segmentFile(blobRoot, inOutbox)));
            assertArrayEquals("Subject: kept\r\n\r\nbody\r\n".getBytes(StandardCharsets.US_ASCII), MailStore.read(blobs, inMail));

            open.close();
            Files.setLastModifiedTime(segmentFile(blobRoot, inMail), FileTime.from(Instant.now()));
            assertEquals(1, reclaimer.reclaim(later), "the closed probe-only segment goes; the other two are still named");
            assertEquals(0, reclaimer.reclaim(later));
        }
    }

    private static Path segmentFile(Path blobRoot, String key) {
        return blobRoot.resolve(key.substring(0, key.indexOf('@')));
    }

    private static void insert(Server server, String table, String key) throws Exception {
        server.database().withConnection(c -> {
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO \"" + table
                    + "\" (\"reference_id\", \"permission\", \"created_at\", \"updated_at\", \"mail\") VALUES (?, 0, ?, ?, ?)")) {
                ps.setString(1, UUID.randomUUID().toString());
                ps.setObject(2, OffsetDateTime.now());
                ps.setObject(3, OffsetDateTime.now());
                ps.setString(4, key);
                ps.executeUpdate();
            }
            return null;
        });
    }
}
