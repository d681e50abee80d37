package io.switchboard.imap;

import io.switchboard.entity.EntityEvent;
import io.switchboard.entity.EntityRow;
import io.switchboard.entity.EntityStore;
import io.switchboard.mail.MailModSeq;
import io.switchboard.mail.MailStore;
import io.switchboard.mail.ParsedMessage;
import io.switchboard.store.Database;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The IMAP view of the SMTP engineer's mail tables (mail_account, mail_box, mail): folders by name,
 * messages by UID, flags in the {@code seen}/{@code deleted} columns plus the other flags in
 * {@code flags}. New rows go through {@link MailStore#insertMail} so UIDs come from the same
 * locked {@code nextuid} as deliveries. Runs on the blocking executor only.
 */
final class ImapStore {
    record Account(String id, String address, String owner, String userId) {
    }

    record Box(String id, String name, boolean subscribed, long uidValidity, long uidNext, String attributes) {
    }

    /** One message row as IMAP needs it; {@code flags} holds the system and keyword flags. */
    record Msg(String id, long uid, long size, Instant internalDate, String blob, java.util.Set<String> flags, long modseq) {
        Msg withFlags(java.util.Set<String> newFlags, long newModseq) {
            return new Msg(id, uid, size, internalDate, blob, newFlags, newModseq);
        }
    }

    private final Database db;
    private final EntityStore entities;
    private final MailStore mail;
    private final ExpungeLog expunges;

    ImapStore(Database db, EntityStore entities, MailStore mail, ExpungeLog expunges) {
        this.db = db;
        this.entities = entities;
        this.mail = mail;
        this.expunges = expunges;
    }

    MailStore mail() {
        return mail;
    }

    Account account(String address) throws SQLException {
        return db.withConnection(c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT \"reference_id\", \"username\", \"owner\", \"user_account\" "
                    + "FROM \"mail_account\" WHERE LOWER(\"username\") = ?")) {
                ps.setString(1, address.trim().toLowerCase(Locale.ROOT));
                try (ResultSet rs = ps.executeQuery()) {
                    return rs.next() ? new Account(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4)) : null;
                }
            }
        });
    }

    List<Box> boxes(Account a) throws SQLException {
        return db.inTransaction(c -> {
            mail.ensureDefaultFolders(c, a.id(), a.owner());
            List<Box> out = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement("SELECT \"reference_id\", \"name\", \"subscribed\", \"uidvalidity\", \"nextuid\", "
                    + "\"attributes\" FROM \"mail_box\" WHERE \"mail_account\" = ? ORDER BY \"name\"")) {
                ps.setString(1, a.id());
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) out.add(box(rs));
                }
            }
            return out;
        });
    }

    private static Box box(ResultSet rs) throws SQLException {
        return new Box(rs.getString(1), rs.getString(2), rs.getBoolean(3), rs.getLong(4), Math.max(1, rs.getLong(5)), rs.getString(6));
    }

    /** The folder of that name (INBOX in any case), or null. */
    Box box(Account a, String name) throws SQLException {
        String n = canonical(name);
        // one lookup for a folder that exists (every SELECT); the default folders are made
        // and the full list read only when it does not
        Box found = db.withConnection(c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT \"reference_id\", \"name\", \"subscribed\", \"uidvalidity\", "
                    + "\"nextuid\", \"attributes\" FROM \"mail_box\" WHERE \"mail_account\" = ? AND \"name\" = ?")) {
                ps.setString(1, a.id());
                ps.setString(2, n);
                try (ResultSet rs = ps.executeQuery()) {
                    return rs.next() ? box(rs) : null;
                }
            }
        });
        if (found != null) return found;
        for (Box b : boxes(a)) if (b.name().equals(n)) return b;
        return null;
    }

    static String canonical(String name) {
        return name.equalsIgnoreCase("INBOX") ? "INBOX" : name;
    }

    /** Every message of the folder, by ascending UID (STATUS, and SELECT through {@link #snapshot}). */
    List<Msg> messages(String boxId) throws SQLException {
        return messages(boxId, -1);
    }

    /** A folder's message list as of a HIGHESTMODSEQ: every message with a mod-sequence up to it is in the list as it is now. */
    record Snapshot(long highestModseq, List<Msg> msgs) {
    }

    /** The last snapshot read per folder, shared by the sessions that select it (records are immutable). */
    private final java.util.concurrent.ConcurrentHashMap<String, Snapshot> snapshots = new java.util.concurrent.ConcurrentHashMap<>();
    private static final int MAX_SNAPSHOTS = 256;

    /**
     * The folder's messages for SELECT/EXAMINE with the HIGHESTMODSEQ they are current to. When the
     * folder's mod-sequence has not moved since the last listing, that listing is reused (one key
     * lookup instead of reading every row): every change raises the mod-sequence, so an unchanged
     * value means unchanged rows. HIGHESTMODSEQ is read before the rows, so a change committed in
     * between shows in the rows and is merely looked at again by the session's next catch-up.
     * The caller gets its own mutable copy.
     */
    Snapshot snapshot(String boxId) throws SQLException {
        long highest = highestModseq(boxId);
        Snapshot s = snapshots.get(boxId);
        if (s == null || s.highestModseq() != highest) {
            s = new Snapshot(highest, java.util.Collections.unmodifiableList(messages(boxId)));
            if (snapshots.size() >= MAX_SNAPSHOTS) snapshots.clear();
            snapshots.put(boxId, s);
        }
        return new Snapshot(s.highestModseq(), new ArrayList<>(s.msgs()));
    }

    /**
     * The folder's messages with a mod-sequence above {@code since} (all when negative), by
     * ascending UID: what a selected session must look at to catch up (RFC 7162 makes every change
     * raise the mod-sequence, so nothing else can have changed).
     */
    List<Msg> messagesChangedSince(String boxId, long since) throws SQLException {
        return messages(boxId, since);
    }

    private List<Msg> messages(String boxId, long since) throws SQLException {
        return db.withConnection(c -> {
            List<Msg> out = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement("SELECT \"reference_id\", \"uid\", \"size\", \"internal_date\", \"mail\", "
                    + "\"seen\", \"deleted\", \"flags\", \"modseq\" FROM \"mail\" WHERE \"mail_box\" = ?"
                    + (since >= 0 ? " AND \"modseq\" > ?" : "") + " ORDER BY \"uid\"")) {
                ps.setString(1, boxId);
                if (since >= 0) ps.setLong(2, since);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        Timestamp t = rs.getTimestamp(4);
                        out.add(new Msg(rs.getString(1), rs.getLong(2), rs.getLong(3), t == null ? Instant.EPOCH : t.toInstant(),
                                rs.getString(5), Flags.fromColumns(rs.getBoolean(6), rs.getBoolean(7), rs.getString(8)), rs.getLong(9)));
                    }
                }
            }
            return out;
        });
    }

    void createBox(Account a, String name) throws SQLException {
        db.inTransaction(c -> mail.ensureFolder(c, a.id(), a.owner(), name));
    }

    void deleteBox(Box b) throws SQLException {
        db.inTransaction(c -> {
            exec(c, "DELETE FROM \"mail\" WHERE \"mail_box\" = ?", b.id());
            exec(c, "DELETE FROM \"mail_box\" WHERE \"reference_id\" = ?", b.id());
            MailModSeq.forget(c, b.id());
            snapshots.remove(b.id());
            return null;
        });
    }

    void renameBox(Box b, String newName) throws SQLException {
        db.inTransaction(c -> {
            try (PreparedStatement ps = c.prepareStatement("UPDATE \"mail_box\" SET \"name\" = ? WHERE \"reference_id\" = ?")) {
                ps.setString(1, newName);
                ps.setString(2, b.id());
                ps.executeUpdate();
            }
            return null;
        });
    }

    /**
     * RENAME INBOX (RFC 3501 §6.3.5, RFC 9051 §6.3.6) in one transaction: a new folder {@code to} is
     * made (with its own UIDVALIDITY), every INBOX row moves to it keeping its UID, and INBOX stays,
     * empty, with its UIDVALIDITY and UIDNEXT, so no UID of INBOX is ever used twice. The moved UIDs
     * are recorded as expunged from INBOX under one new mod-sequence (sessions selected on it see
     * EXPUNGE/VANISHED); the moved rows share one mod-sequence of the new folder. A failure anywhere
     * rolls all of it back. Returns the new folder, or null when a folder of that name exists.
     */
    Box renameInbox(Account a, Box inbox, String to) throws SQLException {
        Box made = db.inTransaction(c -> {
            lockBox(c, inbox.id());
            try (PreparedStatement ps = c.prepareStatement("SELECT 1 FROM \"mail_box\" WHERE \"mail_account\" = ? AND \"name\" = ?")) {
                ps.setString(1, a.id());
                ps.setString(2, to);
                try (ResultSet rs = ps.executeQuery()) {
                    if (rs.next()) return null;
                }
            }
            String newId = mail.ensureFolder(c, a.id(), a.owner(), to);
            lockBox(c, newId);
            long inboxNext;
            try (PreparedStatement ps = c.prepareStatement("SELECT \"nextuid\" FROM \"mail_box\" WHERE \"reference_id\" = ?")) {
                ps.setString(1, inbox.id());
                try (ResultSet rs = ps.executeQuery()) {
                    inboxNext = rs.next() ? Math.max(1, rs.getLong(1)) : 1;
                }
            }
            long inboxModseq = MailModSeq.next(c, inbox.id());
            // a UID that left INBOX and came back through the JSON API may be remembered already: once is enough
            try (PreparedStatement ps = c.prepareStatement("DELETE FROM mail_vanished WHERE mail_box = ? "
                    + "AND uid IN (SELECT \"uid\" FROM \"mail\" WHERE \"mail_box\" = ?)")) {
                ps.setString(1, inbox.id());
                ps.setString(2, inbox.id());
                ps.executeUpdate();
            }
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO mail_vanished (mail_box, uid, modseq) "
                    + "SELECT ?, \"uid\", ? FROM \"mail\" WHERE \"mail_box\" = ?")) {
                ps.setString(1, inbox.id());
                ps.setLong(2, inboxModseq);
                ps.setString(3, inbox.id());
                ps.executeUpdate();
            }
            int moved;
            try (PreparedStatement ps = c.prepareStatement("UPDATE \"mail\" SET \"mail_box\" = ? WHERE \"mail_box\" = ?")) {
                ps.setString(1, newId);
                ps.setString(2, inbox.id());
                moved = ps.executeUpdate();
            }
            if (moved > 0) {
                long newModseq = MailModSeq.next(c, newId);
                try (PreparedStatement ps = c.prepareStatement("UPDATE \"mail\" SET \"modseq\" = ? WHERE \"mail_box\" = ?")) {
                    ps.setLong(1, newModseq);
                    ps.setString(2, newId);
                    ps.executeUpdate();
                }
            }
            // the moved rows keep their UIDs: the new folder's next UID follows them
            try (PreparedStatement ps = c.prepareStatement("UPDATE \"mail_box\" SET \"nextuid\" = ? WHERE \"reference_id\" = ?")) {
                ps.setLong(1, inboxNext);
                ps.setString(2, newId);
                ps.executeUpdate();
            }
            try (PreparedStatement ps = c.prepareStatement("SELECT \"reference_id\", \"name\", \"subscribed\", \"uidvalidity\", "
                    + "\"nextuid\", \"attributes\" FROM \"mail_box\" WHERE \"reference_id\" = ?")) {
                ps.setString(1, newId);
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    return box(rs);
                }
            }
        });
        snapshots.remove(inbox.id());
        if (made != null) expunges.grew(inbox.id());
        return made;
    }

    void subscribe(Box b, boolean on) throws SQLException {
        db.inTransaction(c -> {
            try (PreparedStatement ps = c.prepareStatement("UPDATE \"mail_box\" SET \"subscribed\" = ? WHERE \"reference_id\" = ?")) {
                ps.setBoolean(1, on);
                ps.setString(2, b.id());
                ps.executeUpdate();
            }
            return null;
        });
    }

    /** HIGHESTMODSEQ of the folder (RFC 7162 §3.1.2.1). */
    long highestModseq(String boxId) throws SQLException {
        return db.withConnection(c -> MailModSeq.highest(c, boxId));
    }

    /** Takes the folder's row lock for the rest of the transaction: changes to one folder's messages take turns. */
    private static void lockBox(Connection c, String boxId) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT \"reference_id\" FROM \"mail_box\" WHERE \"reference_id\" = ? FOR UPDATE")) {
            ps.setString(1, boxId);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
            }
        }
    }

    /**
     * Writes the new flag sets of these messages (the \\Seen a FETCH of a body implies) in one
     * transaction under one new mod-sequence; returns the messages as stored now.
     */
    List<Msg> setFlags(String boxId, List<Msg> changed) throws SQLException {
        if (changed.isEmpty()) return changed;
        return db.inTransaction(c -> {
            lockBox(c, boxId);
            long modseq = MailModSeq.next(c, boxId);
            List<Msg> out = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement("UPDATE \"mail\" SET \"seen\" = ?, \"deleted\" = ?, \"flags\" = ?, "
                    + "\"modseq\" = ? WHERE \"reference_id\" = ?")) {
                for (Msg m : changed) {
                    ps.setBoolean(1, m.flags().contains(Flags.SEEN));
                    ps.setBoolean(2, m.flags().contains(Flags.DELETED));
                    ps.setString(3, Flags.otherColumn(m.flags()));
                    ps.setLong(4, modseq);
                    ps.setString(5, m.id());
                    ps.addBatch();
                    out.add(m.withFlags(m.flags(), modseq));
                }
                ps.executeBatch();
            }
            return out;
        });
    }

    /** How STORE changes a flag set (RFC 3501 §6.4.6). */
    enum FlagOp { REPLACE, ADD, REMOVE }

    /**
     * What a STORE did: the messages with their flags now (those expunged meanwhile are left out),
     * the ids whose flags really changed, and the ids refused by UNCHANGEDSINCE (RFC 7162 §3.1.3).
     */
    record FlagResult(List<Msg> now, java.util.Set<String> changedIds, java.util.Set<String> modifiedIds) {
    }

    /**
     * Applies a STORE to the current rows under the folder's row lock, so concurrent sessions adding
     * different flags never lose each other's change and mod-sequences are taken in order. All
     * messages the STORE changes share one new mod-sequence. {@code unchangedSince} &lt; 0 means none.
     */
    FlagResult applyFlags(String boxId, List<Msg> targets, FlagOp op, java.util.Set<String> given, long unchangedSince) throws SQLException {
        return db.inTransaction(c -> {
            lockBox(c, boxId);
            List<Msg> out = new ArrayList<>();
            java.util.Set<String> changed = new java.util.HashSet<>();
            java.util.Set<String> modified = new java.util.HashSet<>();
            long modseq = -1;
            try (PreparedStatement sel = c.prepareStatement("SELECT \"seen\", \"deleted\", \"flags\", \"modseq\" FROM \"mail\" "
                    + "WHERE \"reference_id\" = ?");
                 PreparedStatement upd = c.prepareStatement("UPDATE \"mail\" SET \"seen\" = ?, \"deleted\" = ?, \"flags\" = ?, "
                         + "\"modseq\" = ? WHERE \"reference_id\" = ?")) {
                for (Msg m : targets) {
                    sel.setString(1, m.id());
                    java.util.Set<String> cur;
                    long curModseq;
                    try (ResultSet rs = sel.executeQuery()) {
                        if (!rs.next()) continue;
                        cur = Flags.fromColumns(rs.getBoolean(1), rs.getBoolean(2), rs.getString(3));
                        curModseq = rs.getLong(4);
                    }
                    if (unchangedSince >= 0 && curModseq > unchangedSince) {
                        modified.add(m.id());
                        out.add(m.withFlags(cur, curModseq));
                        continue;
                    }
                    java.util.Set<String> nf = new java.util.LinkedHashSet<>(op == FlagOp.REPLACE ? java.util.Set.of() : cur);
                    if (op == FlagOp.REMOVE) nf.removeAll(given);
                    else nf.addAll(given);
                    nf.remove("\\Recent");
                    if (nf.equals(cur)) {
                        out.add(m.withFlags(cur, curModseq));
                        continue;
                    }
                    if (modseq < 0) modseq = MailModSeq.next(c, boxId);
                    upd.setBoolean(1, nf.contains(Flags.SEEN));
                    upd.setBoolean(2, nf.contains(Flags.DELETED));
                    upd.setString(3, Flags.otherColumn(nf));
                    upd.setLong(4, modseq);
                    upd.setString(5, m.id());
                    upd.executeUpdate();
                    changed.add(m.id());
                    out.add(m.withFlags(nf, modseq));
                }
            }
            return new FlagResult(out, changed, modified);
        });
    }

    /**
     * Deletes these messages and remembers their UIDs with the mod-sequence of the expunge, so a
     * QRESYNC client learns of them later (RFC 7162 §3.2.5.2). Returns that mod-sequence (0 if none).
     */
    long expunge(String boxId, List<Msg> gone) throws SQLException {
        if (gone.isEmpty()) return 0;
        long expungedAt = db.inTransaction(c -> {
            lockBox(c, boxId);
            long modseq = MailModSeq.next(c, boxId);
            try (PreparedStatement del = c.prepareStatement("DELETE FROM \"mail\" WHERE \"reference_id\" = ?");
                 PreparedStatement rem = c.prepareStatement("INSERT INTO mail_vanished (mail_box, uid, modseq) VALUES (?, ?, ?)")) {
                for (Msg m : gone) {
                    del.setString(1, m.id());
                    // another session may have expunged it first: remembered once, by whoever deleted it
                    if (del.executeUpdate() == 0) continue;
                    rem.setString(1, boxId);
                    rem.setLong(2, m.uid());
                    rem.setLong(3, modseq);
                    rem.addBatch();
                }
                rem.executeBatch();
            }
            return modseq;
        });
        expunges.grew(boxId);
        return expungedAt;
    }

    /**
     * UIDs expunged from the folder with a mod-sequence above {@code since}, with whether the
     * history still reaches back that far (see {@link ExpungeLog}).
     */
    ExpungeLog.Since expungedSince(String boxId, long since) throws SQLException {
        return db.withConnection(c -> ExpungeLog.since(c, boxId, since));
    }

    /** The UIDs now in the folder, ascending. */
    List<Long> uids(String boxId) throws SQLException {
        return db.withConnection(c -> {
            List<Long> out = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement("SELECT \"uid\" FROM \"mail\" WHERE \"mail_box\" = ? ORDER BY \"uid\"")) {
                ps.setString(1, boxId);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) out.add(rs.getLong(1));
                }
            }
            return out;
        });
    }

    /**
     * The VANISHED (EARLIER) answer for "expunged since {@code since}" limited to the UID set
     * {@code wanted} (null: all), where {@code *} is {@code star}: the recorded expunges while the
     * history reaches back to {@code since}; once it has been trimmed past it, every UID from 1 to
     * {@code star} that is not in the folder now (RFC 7162 §3.2.5.2 lets the server name UIDs the
     * client never knew; it must never leave out one that went). Empty when there is nothing to say.
     */
    UidRanges vanishedEarlier(String boxId, long since, String wanted, long star) throws Exception {
        UidRanges scope = wanted == null ? UidRanges.between(1, star) : UidRanges.parse(wanted, star);
        ExpungeLog.Since gone = expungedSince(boxId, since);
        if (gone.complete()) return UidRanges.ofSorted(gone.uids()).intersect(scope);
        return UidRanges.between(1, star).minus(uids(boxId)).intersect(scope);
    }

    /** Stores a new message in the folder; returns its row (with its UID). */
    EntityRow append(Account a, Box box, byte[] raw, java.util.Set<String> flags, Instant date) throws Exception {
        String key = mail.putRaw(raw);
        ParsedMessage p = ParsedMessage.parse(raw);
        MailStore.Meta meta = new MailStore.Meta(p.header("Message-ID"), p.header("From"), p.header("To"), p.header("Reply-To"),
                p.header("Subject"), null, 0, false, null, p.mediaType(), false, null, null, false, raw.length);
        return insert(a, box, key, meta, flags, date);
    }

    /** Adds a row pointing at the same stored message in another folder (COPY/MOVE). */
    EntityRow copy(Account a, Msg m, Box dest) throws Exception {
        EntityRow src = entities.getAsSystem("mail", m.id());
        var v = src.attributes();
        MailStore.Meta meta = new MailStore.Meta((String) v.get("message_id"), (String) v.get("from_address"), (String) v.get("to_address"),
                (String) v.get("reply_to_address"), (String) v.get("subject"), (String) v.get("body"), 0, Boolean.TRUE.equals(v.get("spam")),
                (String) v.get("hash"), (String) v.get("content_type"), Boolean.TRUE.equals(v.get("has_attachment")), (String) v.get("ip_addr"),
                (String) v.get("return_path"), Boolean.TRUE.equals(v.get("is_tls")), m.size());
        return insert(a, dest, m.blob(), meta, m.flags(), m.internalDate());
    }

    private EntityRow insert(Account a, Box box, String key, MailStore.Meta meta, java.util.Set<String> flags, Instant date) throws Exception {
        EntityRow row = db.inTransaction(c -> {
            EntityRow r = mail.insertMail(c, key, meta, new MailStore.Target(a.id(), a.owner(), box.name()));
            try (PreparedStatement ps = c.prepareStatement("UPDATE \"mail\" SET \"seen\" = ?, \"deleted\" = ?, \"flags\" = ?, "
                    + "\"internal_date\" = ? WHERE \"reference_id\" = ?")) {
                ps.setBoolean(1, flags.contains(Flags.SEEN));
                ps.setBoolean(2, flags.contains(Flags.DELETED));
                ps.setString(3, Flags.otherColumn(flags));
                ps.setTimestamp(4, Timestamp.from(date));
                ps.setString(5, r.referenceId());
                ps.executeUpdate();
            }
            return r;
        });
        entities.publish(new EntityEvent("mail", EntityEvent.Type.CREATE, row, null, null, Instant.now()));
        return row;
    }

    byte[] raw(Msg m) throws java.io.IOException {
        return mail.readRaw(m.blob());
    }

    /** The stored message's length in octets, as the blob holds it (what a BODY[] literal announces). */
    long rawSize(Msg m) throws java.io.IOException {
        return mail.rawSize(m.blob());
    }

    /** The stored message as a stream, for FETCH answers written in chunks. */
    java.io.InputStream openRaw(Msg m) throws java.io.IOException {
        return mail.openRaw(m.blob());
    }

    /**
     * Index for the catch-up query of selected sessions ({@link #messagesChangedSince}); the mail
     * table is created from its schema after migrations, so the index is made here, idempotently.
     */
    void ensureIndexes() throws SQLException {
        db.withConnection(c -> {
            try (var st = c.createStatement()) {
                st.execute("CREATE INDEX IF NOT EXISTS mail_box_modseq_idx ON \"mail\" (\"mail_box\", \"modseq\")");
            }
            return null;
        });
    }

    /**
     * A {@code mail} row created, changed or deleted through the JSON API (IMAP's own writes publish
     * no such events): give it a new mod-sequence, or remember its UID as expunged, so selected
     * sessions and QRESYNC clients learn of it like of any IMAP change.
     */
    void recordApiChange(EntityEvent ev) throws SQLException {
        var now = ev.row().attributes();
        var before = ev.previous() == null ? null : ev.previous().attributes();
        db.inTransaction(c -> {
            if (ev.type() == EntityEvent.Type.DELETE) {
                vanish(c, (String) now.get("mail_box"), now.get("uid"));
            } else {
                String box = (String) now.get("mail_box");
                if (before != null && before.get("mail_box") instanceof String old && !old.equals(box)) vanish(c, old, before.get("uid"));
                if (box != null) {
                    lockBox(c, box);
                    try (PreparedStatement ps = c.prepareStatement("UPDATE \"mail\" SET \"modseq\" = ? WHERE \"reference_id\" = ?")) {
                        ps.setLong(1, MailModSeq.next(c, box));
                        ps.setString(2, ev.row().referenceId());
                        ps.executeUpdate();
                    }
                }
            }
            return null;
        });
        if (ev.type() == EntityEvent.Type.DELETE && now.get("mail_box") instanceof String box) expunges.grew(box);
        if (before != null && before.get("mail_box") instanceof String old && !old.equals(now.get("mail_box"))) expunges.grew(old);
    }

    private static void vanish(Connection c, String box, Object uid) throws SQLException {
        if (box == null || !(uid instanceof Number n)) return;
        lockBox(c, box);
        long modseq = MailModSeq.next(c, box);
        try (PreparedStatement del = c.prepareStatement("DELETE FROM mail_vanished WHERE mail_box = ? AND uid = ?");
             PreparedStatement ins = c.prepareStatement("INSERT INTO mail_vanished (mail_box, uid, modseq) VALUES (?, ?, ?)")) {
            del.setString(1, box);
            del.setLong(2, n.longValue());
            del.executeUpdate();
            ins.setString(1, box);
            ins.setLong(2, n.longValue());
            ins.setLong(3, modseq);
            ins.executeUpdate();
        }
    }

    private static void exec(Connection c, String sql, String arg) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setString(1, arg);
            ps.executeUpdate();
        }
    }
}
