package io.switchboard.smtp;

import io.switchboard.config.Config;
import io.switchboard.config.ConfigKeys;
import io.switchboard.entity.EntityStore;
import io.switchboard.mail.MailDirectory;
import io.switchboard.mail.MailStore;
import io.switchboard.mail.ParsedMessage;
import io.switchboard.net.BlockingExecutor;
import io.switchboard.store.Database;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;

/**
 * The durable outbox: one {@code outbox} row per remote recipient, written in the same
 * transaction that accepts the message. A sweep (every second, and at once when woken) sends due
 * rows through the smart host or the recipient domain's MX; temporary failures are retried after
 * the delays of {@code smtp.retry.schedule}; a permanent failure, or the last retry failing,
 * sends a delivery status notification (RFC 3464) to the sender and ends the row.
 */
final class OutboundQueue {
    private static final Logger log = LoggerFactory.getLogger(OutboundQueue.class);
    private static final int BATCH = 20;

    private final Config config;
    private final Database db;
    private final EntityStore entities;
    private final MailStore store;
    private final MailDirectory directory;
    private final BlockingExecutor blocking;
    private final Supplier<DnsResolver> dns;
    private final AtomicBoolean sweeping = new AtomicBoolean();
    final java.util.concurrent.atomic.AtomicLong sent = new java.util.concurrent.atomic.AtomicLong();
    final java.util.concurrent.atomic.AtomicLong deferred = new java.util.concurrent.atomic.AtomicLong();
    final java.util.concurrent.atomic.AtomicLong bounced = new java.util.concurrent.atomic.AtomicLong();
    private volatile String heloName = "localhost";

    OutboundQueue(Config config, Database db, EntityStore entities, MailStore store, MailDirectory directory,
                  BlockingExecutor blocking, Supplier<DnsResolver> dns) {
        this.config = config;
        this.db = db;
        this.entities = entities;
        this.store = store;
        this.directory = directory;
        this.blocking = blocking;
        this.dns = dns;
    }

    void heloName(String name) {
        if (name != null && !name.isBlank()) heloName = name;
    }

    /**
     * One message for one remote recipient: the envelope, the blob, the row's owner, the DSN
     * parameters as received (null when absent) and the mail_server hostname to speak as (null:
     * the default name).
     */
    record Submission(String from, String to, String blobKey, String owner, String dsnNotify, String orcpt, String ret,
                      String envid, String heloName) {
        static Submission plain(String from, String to, String blobKey, String owner) {
            return new Submission(from, to, blobKey, owner, null, null, null, null, null);
        }
    }

    /** Adds the outbox row inside the caller's transaction; returns its id. */
    String enqueue(Connection c, Submission m) throws SQLException {
        Map<String, Object> v = new LinkedHashMap<>();
        v.put("from_address", m.from());
        v.put("to_address", m.to());
        v.put("to_host", ParsedMessage.domain(m.to()));
        v.put("mail", m.blobKey());
        v.put("sent", false);
        v.put("retry_count", 0L);
        v.put("last_error", null);
        v.put("next_retry_at", OffsetDateTime.now(ZoneOffset.UTC));
        v.put("dsn_notify", m.dsnNotify());
        v.put("dsn_orcpt", m.orcpt());
        v.put("dsn_ret", m.ret());
        v.put("dsn_envid", m.envid());
        v.put("mail_server_hostname", m.heloName());
        String id = UUID.randomUUID().toString();
        entities.insert(c, io.switchboard.mail.MailTables.OUTBOX, id, m.owner(),
                io.switchboard.mail.MailTables.OUTBOX.defaultPermission(), v, List.of());
        return id;
    }

    /** Asks for a sweep now (after enqueueing). */
    void wake() {
        try {
            blocking.execute(this::sweep);
        } catch (BlockingExecutor.BusyException e) {
            // the periodic sweep will pick the rows up
        }
    }

    private record Due(String id, String from, String to, String blob, long retries, String dsnNotify, String orcpt, String ret,
                       String envid, String heloName, OffsetDateTime created) {
        SmtpClient.Envelope envelope() {
            return new SmtpClient.Envelope(from, to, dsnNotify, orcpt, ret, envid);
        }
    }

    private static final String DUE_COLUMNS = "\"reference_id\", \"from_address\", \"to_address\", \"mail\", \"retry_count\", "
            + "\"dsn_notify\", \"dsn_orcpt\", \"dsn_ret\", \"dsn_envid\", \"mail_server_hostname\", \"created_at\"";

    private static Due due(ResultSet rs) throws SQLException {
        return new Due(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getLong(5), rs.getString(6),
                rs.getString(7), rs.getString(8), rs.getString(9), rs.getString(10), rs.getObject(11, OffsetDateTime.class));
    }

    void sweep() {
        if (!sweeping.compareAndSet(false, true)) return;
        try {
            List<Due> due = db.withConnection(c -> {
                List<Due> out = new ArrayList<>();
                try (PreparedStatement ps = c.prepareStatement("SELECT " + DUE_COLUMNS
                        + " FROM \"outbox\" WHERE \"sent\" = FALSE AND \"next_retry_at\" <= ? ORDER BY \"next_retry_at\" LIMIT " + BATCH)) {
                    ps.setObject(1, OffsetDateTime.now(ZoneOffset.UTC));
                    try (ResultSet rs = ps.executeQuery()) {
                        while (rs.next()) out.add(due(rs));
                    }
                }
                return out;
            });
            for (Due d : due) attempt(d);
        } catch (Exception e) {
            log.warn("outbox sweep failed: {}", e.toString());
        } finally {
            sweeping.set(false);
        }
    }

    /** What one attempt came to, for callers that wait for it ({@code send_immediately}). */
    record AttemptResult(String to, boolean delivered, boolean willRetry, String error) {
    }

    /**
     * Tries the rows now (they are due at once after enqueueing), for a caller that wants the
     * outcome before answering; rows another sweep holds already are reported as queued.
     */
    List<AttemptResult> attemptNow(List<String> ids) throws Exception {
        List<AttemptResult> out = new ArrayList<>();
        for (String id : ids) {
            Due d = db.withConnection(c -> {
                try (PreparedStatement ps = c.prepareStatement("SELECT " + DUE_COLUMNS + " FROM \"outbox\" WHERE \"reference_id\" = ?")) {
                    ps.setString(1, id);
                    try (ResultSet rs = ps.executeQuery()) {
                        return rs.next() ? due(rs) : null;
                    }
                }
            });
            if (d == null) continue;
            AttemptResult r = attempt(d);
            out.add(r != null ? r : new AttemptResult(d.to(), false, true, "being delivered by the queue"));
        }
        return out;
    }

    /** One delivery attempt of a leased row; null when another sweep holds the row. */
    private AttemptResult attempt(Due d) throws Exception {
        if (!claim(d)) return null; // another node took it
        byte[] message = store.readRaw(d.blob());
        String helo = d.heloName() != null && !d.heloName().isBlank() ? d.heloName() : heloName;
        try {
            SmtpClient.Delivered done = deliver(helo, d.envelope(), message);
            update(d.id(), true, d.retries(), null, null);
            sent.incrementAndGet();
            log.info("outbox: delivered {} to {}", d.id(), d.to());
            // RFC 3461 §5.2.2.1: a next hop without DSN ends our reporting: say "relayed" when success was asked for
            if (!done.dsnPassedOn() && DsnParameters.wants(d.dsnNotify(), DsnParameters.Event.SUCCESS)) {
                report(d, helo, message, new DsnReport.Recipient(d.to(), d.orcpt(), DsnReport.Action.RELAYED, "2.0.0", done.host(), null));
            }
            return new AttemptResult(d.to(), true, false, null);
        } catch (SmtpClient.DeliveryException e) {
            long[] schedule = schedule();
            long retries = d.retries() + 1;
            if (e.permanent || retries > schedule.length) {
                update(d.id(), false, retries, "failed permanently: " + e.getMessage(), null);
                bounced.incrementAndGet();
                if (DsnParameters.wants(d.dsnNotify(), DsnParameters.Event.FAILURE)) {
                    report(d, helo, message, new DsnReport.Recipient(d.to(), d.orcpt(), DsnReport.Action.FAILED,
                            DsnReport.status(e.getMessage(), DsnReport.Action.FAILED), null, e.getMessage()));
                }
                return new AttemptResult(d.to(), false, false, e.getMessage());
            }
            deferred.incrementAndGet();
            update(d.id(), false, retries, e.getMessage(), OffsetDateTime.now(ZoneOffset.UTC).plusSeconds(schedule[(int) retries - 1]));
            // one delay notice, at the first deferral, and only when asked for (RFC 3461 §4.1)
            if (retries == 1 && DsnParameters.wants(d.dsnNotify(), DsnParameters.Event.DELAY)) {
                report(d, helo, message, new DsnReport.Recipient(d.to(), d.orcpt(), DsnReport.Action.DELAYED,
                        DsnReport.status(e.getMessage(), DsnReport.Action.DELAYED), null, e.getMessage()));
            }
            return new AttemptResult(d.to(), false, true, e.getMessage());
        }
    }

    /** Leases the row for ten minutes: only the node whose update matched sends it (a crash retries after the lease). */
    private boolean claim(Due d) throws SQLException {
        return db.inTransaction(c -> {
            try (PreparedStatement ps = c.prepareStatement("UPDATE \"outbox\" SET \"next_retry_at\" = ? WHERE \"reference_id\" = ? "
                    + "AND \"sent\" = FALSE AND \"next_retry_at\" <= ?")) {
                OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC);
                ps.setObject(1, now.plusMinutes(10));
                ps.setString(2, d.id());
                ps.setObject(3, now);
                return ps.executeUpdate() == 1;
            }
        });
    }

    private SmtpClient.Delivered deliver(String helo, SmtpClient.Envelope env, byte[] message) throws SmtpClient.DeliveryException {
        String relay = config.get(ConfigKeys.SMTP_RELAY_HOST).trim();
        if (!relay.isEmpty()) {
            String port = config.get(ConfigKeys.SMTP_RELAY_PORT).trim();
            return SmtpClient.send(relay, port.isEmpty() ? 587 : Integer.parseInt(port), helo, config.get(ConfigKeys.SMTP_RELAY_USER),
                    config.get(ConfigKeys.SMTP_RELAY_PASSWORD), env, message);
        }
        String domain = ParsedMessage.domain(env.to());
        List<String> hosts;
        try {
            hosts = dns.get().mx(domain);
        } catch (DnsResolver.DnsException e) {
            throw new SmtpClient.DeliveryException("MX lookup for " + domain + " failed: " + e.getMessage(), false);
        }
        if (hosts.isEmpty()) hosts = List.of(domain); // RFC 5321 §5.1: the implicit MX
        SmtpClient.DeliveryException last = null;
        for (String h : hosts) {
            try {
                return SmtpClient.send(h, 25, helo, null, null, env, message);
            } catch (SmtpClient.DeliveryException e) {
                if (e.permanent) throw e;
                last = e;
            }
        }
        throw last;
    }

    private long[] schedule() {
        String[] parts = config.get(ConfigKeys.SMTP_RETRY_SCHEDULE).split(",");
        List<Long> out = new ArrayList<>();
        for (String p : parts) {
            try {
                if (!p.isBlank()) out.add(Long.parseLong(p.trim()));
            } catch (NumberFormatException ignored) {
                // skip a malformed entry
            }
        }
        return out.stream().mapToLong(Long::longValue).toArray();
    }

    private void update(String id, boolean sent, long retries, String error, OffsetDateTime next) throws SQLException {
        db.inTransaction(c -> {
            try (PreparedStatement ps = c.prepareStatement("UPDATE \"outbox\" SET \"sent\" = ?, \"retry_count\" = ?, \"last_error\" = ?, "
                    + "\"next_retry_at\" = ?, \"updated_at\" = ? WHERE \"reference_id\" = ?")) {
                ps.setBoolean(1, sent);
                ps.setLong(2, retries);
                ps.setString(3, error);
                ps.setObject(4, next);
                ps.setTimestamp(5, Timestamp.from(java.time.Instant.now()));
                ps.setString(6, id);
                ps.executeUpdate();
            }
            return null;
        });
    }

    /** A report about one outbox row to its envelope sender (never for the null sender: RFC 3461 §6.2). */
    private void report(Due d, String helo, byte[] original, DsnReport.Recipient about) throws Exception {
        ZonedDateTime arrival = d.created() == null ? null : d.created().atZoneSameInstant(ZoneOffset.UTC);
        sendReport(helo, d.from(), d.envid(), d.ret(), arrival, original, List.of(about));
        log.info("outbox: {} report on {} to {}", about.action().field, d.id(), d.from());
    }

    /**
     * Sends an RFC 3464 report to {@code sender}: into its local mailbox when it has one, else
     * through this queue with the null reverse-path. Does nothing for the null sender.
     */
    void sendReport(String helo, String sender, String envid, String ret, ZonedDateTime arrival, byte[] original,
                    List<DsnReport.Recipient> about) throws Exception {
        if (sender == null || sender.isEmpty() || about.isEmpty()) return;
        byte[] raw = DsnReport.build(helo == null ? heloName : helo, sender, envid, ret, arrival, original, about);
        MailDirectory.Account local = directory.account(sender);
        String key = store.putRaw(raw);
        if (local != null) {
            ParsedMessage pm = ParsedMessage.parse(raw);
            store.deliver(key, MessageIntake.meta(pm, pm.content(), 0, false, null, "", false, raw),
                    List.of(new MailStore.Target(local.id(), local.mailOwner(), "INBOX")));
        } else {
            db.inTransaction(c -> enqueue(c, Submission.plain("", sender, key, null)));
            wake();
        }
    }

    String heloName() {
        return heloName;
    }
}
