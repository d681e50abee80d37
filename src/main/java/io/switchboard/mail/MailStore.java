package io.switchboard.mail;

import io.switchboard.entity.EntityEvent;
import io.switchboard.entity.EntityRow;
import io.switchboard.entity.EntityStore;
import io.switchboard.store.BlobStore;
import io.switchboard.store.Database;

import java.io.IOException;
import java.io.InputStream;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Durable mail storage: the raw message goes to blob storage (fsynced) first, then one
 * transaction adds a {@code mail} row per recipient folder with the next UID of that folder.
 * Only after both return may SMTP answer 250. UIDs are taken from {@code mail_box.nextuid} under a
 * row lock, so they are durable, unique and strictly increasing per folder (RFC 3501 §2.3.1.1).
 */
public final class MailStore {
    /** What the mail table records besides folder and uid. */
    public record Meta(String messageId, String from, String to, String replyTo, String subject, String body,
                       double spamScore, boolean spam, String hash, String contentType, boolean hasAttachment,
                       String ip, String returnPath, boolean tls, long size) {
    }

    /** One destination: the account (owner = its user) and folder name. */
    public record Target(String accountId, String ownerUserId, String folder) {
    }

    private static final DateTimeFormatter KEY_DAY = DateTimeFormatter.ofPattern("yyyy/MM/dd").withZone(ZoneOffset.UTC);

    private final Database db;
    private final EntityStore entities;
    private final BlobStore blobs;
    private final GroupCommitter committer;
    /** Where new messages go when present (group-flushed segments); else one blob per message. */
    private final MailSpool spool;

    /** A store that writes one blob per message (readers, and writers that need no throughput). */
    public MailStore(Database db, EntityStore entities, BlobStore blobs) {
        this(db, entities, blobs, null);
    }

    /** A store whose new messages go to {@code spool} (null: one blob per message). */
    public MailStore(Database db, EntityStore entities, BlobStore blobs, MailSpool spool) {
        this.db = db;
        this.entities = entities;
        this.blobs = blobs;
        this.spool = spool;
        this.committer = new GroupCommitter(db);
    }

    /** Where writes of mail rows go: one transaction for all deliveries waiting at that moment. */
    public GroupCommitter committer() {
        return committer;
    }

    public void close() {
        committer.close();
        if (spool != null) spool.close();
    }

    public BlobStore blobs() {
        return blobs;
    }

    /** Writes the raw message durably and returns its blob key. */
    public String putRaw(byte[] raw) throws IOException {
        return putRaw(new byte[][]{raw});
    }

    /** Writes the parts as one message (e.g. trace headers, then the message as received) without joining them first. */
    public String putRaw(byte[][] parts) throws IOException {
        if (spool != null) return spool.append(parts);
        String key = "mail/" + KEY_DAY.format(Instant.now()) + "/" + UUID.randomUUID();
        java.io.InputStream in = new java.io.SequenceInputStream(java.util.Collections.enumeration(
                java.util.Arrays.stream(parts).map(p -> (java.io.InputStream) new java.io.ByteArrayInputStream(p)).toList()));
        blobs.put(key, in);
        return key;
    }

    /** The raw message under a key from {@link #putRaw} (a spool range or a blob of its own). */
    public byte[] readRaw(String key) throws IOException {
        return read(blobs, key);
    }

    /** The same through any blob store (every reader of stored mail can use it). */
    public static byte[] read(BlobStore blobs, String key) throws IOException {
        if (MailSpool.isSpoolKey(key)) {
            byte[] b = MailSpool.read(blobs, key);
            if (b == null) throw new IOException("no blob " + key);
            return b;
        }
        var in = blobs.open(key).orElseThrow(() -> new IOException("no blob " + key));
        try (in) {
            return in.readAllBytes();
        }
    }

    /** The raw message under a key from {@link #putRaw} as a stream (read in chunks, never whole). */
    public InputStream openRaw(String key) throws IOException {
        InputStream in = MailSpool.isSpoolKey(key) ? MailSpool.open(blobs, key) : blobs.open(key).orElse(null);
        if (in == null) throw new IOException("no blob " + key);
        return in;
    }

    /** The raw message's length in octets. */
    public long rawSize(String key) throws IOException {
        return MailSpool.isSpoolKey(key) ? MailSpool.size(key) : blobs.size(key);
    }

    /** Forgets a message nothing refers to (a spool range simply stays unused in its segment). */
    public void discard(String key) throws IOException {
        if (key != null && !MailSpool.isSpoolKey(key)) blobs.delete(key);
    }

    /** Bytes of mail the account holds now (the sum of the size column over its folders). */
    public long usage(String accountId) throws SQLException {
        return db.withConnection(c -> usage(c, accountId));
    }

    /** The same inside the caller's transaction (a quota check next to the insert it guards). */
    public long usage(Connection c, String accountId) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT COALESCE(SUM(m.\"size\"), 0) FROM \"mail\" m JOIN \"mail_box\" b "
                + "ON b.\"reference_id\" = m.\"mail_box\" WHERE b.\"mail_account\" = ?")) {
            ps.setString(1, accountId);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    /** Adds the rows in one transaction, then publishes a create event per row. */
    public List<EntityRow> deliver(String blobKey, Meta meta, List<Target> targets) throws SQLException {
        List<EntityRow> rows;
        try {
            rows = insertAll(blobKey, meta, targets);
        } catch (Exception firstTry) {
            // another writer created the same default folder at the same moment: the unique
            // index refused ours, so the folder exists now and a second attempt finds it
            try {
                rows = insertAll(blobKey, meta, targets);
            } catch (SQLException | RuntimeException e) {
                throw e;
            } catch (Exception e) {
                throw new SQLException(e);
            }
        }
        for (EntityRow r : rows) {
            entities.publish(new EntityEvent("mail", EntityEvent.Type.CREATE, r, null, null, Instant.now()));
        }
        return rows;
    }

    private List<EntityRow> insertAll(String blobKey, Meta meta, List<Target> targets) throws Exception {
        return committer.run(c -> {
            List<EntityRow> out = new ArrayList<>();
            for (Target t : targets) out.add(insertMail(c, blobKey, meta, t));
            return out;
        });
    }

    /** Inserts inside the caller's transaction (e.g. together with outbox rows). */
    public EntityRow insertMail(Connection c, String blobKey, Meta meta, Target t) throws SQLException {
        String boxId = null;
        long uid = 1;
        // the folder row, locked: concurrent deliveries (other nodes too) take UIDs one after another
        for (int attempt = 0; attempt < 2 && boxId == null; attempt++) {
            try (PreparedStatement ps = c.prepareStatement("SELECT \"reference_id\", \"nextuid\" FROM \"mail_box\" "
                    + "WHERE \"mail_account\" = ? AND \"name\" = ? FOR UPDATE")) {
                ps.setString(1, t.accountId());
                ps.setString(2, t.folder());
                try (ResultSet rs = ps.executeQuery()) {
                    if (rs.next()) {
                        boxId = rs.getString(1);
                        uid = Math.max(1, rs.getLong(2));
                    }
                }
            }
            if (boxId == null) ensureFolder(c, t.accountId(), t.ownerUserId(), t.folder());
        }
        if (boxId == null) throw new SQLException("cannot create folder " + t.folder());
        try (PreparedStatement ps = c.prepareStatement("UPDATE \"mail_box\" SET \"nextuid\" = ? WHERE \"reference_id\" = ?")) {
            ps.setLong(1, uid + 1);
            ps.setString(2, boxId);
            ps.executeUpdate();
        }
        Map<String, Object> v = new LinkedHashMap<>();
        v.put("message_id", cut(meta.messageId(), 1000));
        v.put("from_address", cut(meta.from(), 1000));
        v.put("to_address", meta.to());
        v.put("reply_to_address", cut(meta.replyTo(), 1000));
        v.put("subject", meta.subject());
        v.put("body", meta.body());
        v.put("mail", blobKey);
        v.put("spam_score", meta.spamScore());
        v.put("spam", meta.spam());
        v.put("hash", meta.hash());
        v.put("content_type", cut(meta.contentType(), 500));
        v.put("has_attachment", meta.hasAttachment());
        v.put("ip_addr", meta.ip());
        v.put("return_path", cut(meta.returnPath(), 1000));
        v.put("is_tls", meta.tls());
        v.put("seen", false);
        v.put("recent", true);
        v.put("deleted", false);
        v.put("uid", uid);
        v.put("modseq", MailModSeq.next(c, boxId)); // RFC 7162: a new message gets a new mod-sequence
        v.put("size", meta.size());
        v.put("flags", "");
        v.put("internal_date", OffsetDateTime.now(ZoneOffset.UTC));
        v.put("mail_box", boxId);
        return entities.insert(c, MailTables.MAIL, UUID.randomUUID().toString(), t.ownerUserId(),
                MailTables.MAIL.defaultPermission(), v, List.of());
    }

    /** The folder's id, creating the account's default folders when missing. */
    public String ensureFolder(Connection c, String accountId, String owner, String folder) throws SQLException {
        String id = findFolder(c, accountId, folder);
        if (id != null) return id;
        ensureDefaultFolders(c, accountId, owner);
        id = findFolder(c, accountId, folder);
        if (id != null) return id;
        return createFolder(c, accountId, owner, folder);
    }

    public void ensureDefaultFolders(Connection c, String accountId, String owner) throws SQLException {
        for (String name : MailTables.DEFAULT_BOXES) {
            if (findFolder(c, accountId, name) == null) createFolder(c, accountId, owner, name);
        }
    }

    private String createFolder(Connection c, String accountId, String owner, String name) throws SQLException {
        Map<String, Object> v = new LinkedHashMap<>();
        v.put("name", name);
        v.put("subscribed", true);
        v.put("uidvalidity", Instant.now().getEpochSecond());
        v.put("nextuid", 1L);
        v.put("attributes", switch (name) {
            case "Sent" -> "\\Sent";
            case "Drafts" -> "\\Drafts";
            case "Trash" -> "\\Trash";
            case "Junk" -> "\\Junk";
            default -> "";
        });
        v.put("flags", "\\Answered \\Flagged \\Deleted \\Seen \\Draft");
        v.put("permanent_flags", "\\Answered \\Flagged \\Deleted \\Seen \\Draft \\*");
        v.put("mail_account", accountId);
        String id = UUID.randomUUID().toString();
        entities.insert(c, MailTables.MAIL_BOX, id, owner, MailTables.MAIL_BOX.defaultPermission(), v, List.of());
        return id;
    }

    private static String findFolder(Connection c, String accountId, String name) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "SELECT \"reference_id\" FROM \"mail_box\" WHERE \"mail_account\" = ? AND \"name\" = ?")) {
            ps.setString(1, accountId);
            ps.setString(2, name);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? rs.getString(1) : null;
            }
        }
    }

    private static String cut(String s, int max) {
        return s == null || s.length() <= max ? s : s.substring(0, max);
    }
}
