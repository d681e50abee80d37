package io.switchboard.mail;

import io.switchboard.store.Database;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.function.Predicate;
import java.util.regex.Pattern;

/**
 * Gives back the disk space of spool segments no stored row names any more. Deleted mail leaves its
 * bytes inside a segment ({@link MailSpool} only appends); once every message of a segment is gone
 * from {@code mail} and {@code outbox}, the whole segment file is deleted. Space inside a segment
 * that still holds one live message is not reclaimed (that would need rewriting keys: compaction).
 *
 * <p>Only segments untouched for {@link #QUIET} are considered: a key is handed out after its bytes
 * are flushed but before the row naming it commits, and the segment being written (on this node or,
 * with a shared data directory, on another) is modified at every append. An hour is far beyond any
 * delivery transaction.
 */
public final class SpoolReclaimer {
    private static final Logger log = LoggerFactory.getLogger(SpoolReclaimer.class);
    static final Duration QUIET = Duration.ofHours(1);
    private static final Pattern SEGMENT = Pattern.compile("[0-9a-f\\-]{36}");

    private final Database db;
    private final Path spoolDir;
    private final Predicate<String> inUse;

    /** {@code inUse} says whether a segment name is open for appends in this process. */
    public SpoolReclaimer(Database db, Path spoolDir, Predicate<String> inUse) {
        this.db = db;
        this.spoolDir = spoolDir;
        this.inUse = inUse;
    }

    /** Deletes the segments no row refers to; returns how many. Safe to run at any time. */
    public int reclaim(Instant now) {
        if (!Files.isDirectory(spoolDir)) return 0;
        int deleted = 0;
        try (DirectoryStream<Path> files = Files.newDirectoryStream(spoolDir)) {
            for (Path file : files) {
                String name = file.getFileName().toString();
                if (!SEGMENT.matcher(name).matches() || inUse.test(name) || !Files.isRegularFile(file)) continue;
                if (Files.getLastModifiedTime(file).toInstant().isAfter(now.minus(QUIET))) continue;
                if (referenced(name)) continue;
                Files.deleteIfExists(file);
                deleted++;
            }
        } catch (IOException | SQLException e) {
            log.warn("mail spool reclaim stopped: {}", e.toString());
        }
        if (deleted > 0) log.info("mail spool: deleted {} segment(s) no message refers to", deleted);
        return deleted;
    }

    private boolean referenced(String segment) throws SQLException {
        String prefix = MailSpool.keyPrefix(segment);
        return db.withConnection(c -> {
            for (String table : new String[]{"mail", "outbox"}) {
                try (PreparedStatement ps = c.prepareStatement(
                        "SELECT 1 FROM \"" + table + "\" WHERE \"mail\" LIKE ? LIMIT 1")) {
                    ps.setString(1, prefix + "%");
                    try (ResultSet rs = ps.executeQuery()) {
                        if (rs.next()) return true;
                    }
                }
            }
            return false;
        });
    }
}
