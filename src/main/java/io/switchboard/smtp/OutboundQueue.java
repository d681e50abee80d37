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

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
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

    void enqueue(Connection c, String from, String to, String blobKey, String owner) throws SQLException {
        Map<String, Object> v = new LinkedHashMap<>();
        v.put("from_address", from);
        v.put("to_address", to);
        v.put("to_host", ParsedMessage.domain(to));
        v.put("mail", blobKey);
        v.put("sent", false);
        v.put("retry_count", 0L);
        v.put("last_error", null);
        v.put("next_retry_at", OffsetDateTime.now(ZoneOffset.UTC));
        entities.insert(c, io.switchboard.mail.MailTables.OUTBOX, UUID.randomUUID().toString(), owner,
                io.switchboard.mail.MailTables.OUTBOX.defaultPermission(), v, List.of());
    }

    /** Asks for a sweep now (after enqueueing). */
    void wake() {
        try {
            blocking.execute(this::sweep);
        } catch (BlockingExecutor.BusyException e) {
            // the periodic sweep will pick the rows up
        }
    }

    private record Due(String id, String from, String to, String blob, long retries) {
    }

    void sweep() {
        if (!sweeping.compareAndSet(false, true)) return;
        try {
            List<Due> due = db.withConnection(c -> {
                List<Due> out = new ArrayList<>();
                try (PreparedStatement ps = c.prepareStatement("SELECT \"reference_id\", \"from_address\", \"to_address\", \"mail\", "
                        + "\"retry_count\" FROM \"outbox\" WHERE \"sent\" = FALSE AND \"next_retry_at\" <= ? ORDER BY \"next_retry_at\" LIMIT " + BATCH)) {
                    ps.setObject(1, OffsetDateTime.now(ZoneOffset.UTC));
                    try (ResultSet rs = ps.executeQuery()) {
                        while (rs.next()) out.add(new Due(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getLong(5)));
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

    private void attempt(Due d) throws Exception {
        if (!claim(d)) return; // another node took it
        byte[] message = store.readRaw(d.blob());
        try {
            deliver(d.from(), d.to(), message);
            update(d.id(), true, d.retries(), null, null);
            sent.incrementAndGet();
            log.info("outbox: delivered {} to {}", d.id(), d.to());
        } catch (SmtpClient.DeliveryException e) {
            long[] schedule = schedule();
            long retries = d.retries() + 1;
            if (e.permanent || retries > schedule.length) {
                update(d.id(), false, retries, "failed permanently: " + e.getMessage(), null);
                bounced.incrementAndGet();
                bounce(d, message, e.getMessage());
            } else {
                deferred.incrementAndGet();
                update(d.id(), false, retries, e.getMessage(), OffsetDateTime.now(ZoneOffset.UTC).plusSeconds(schedule[(int) retries - 1]));
            }
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

    private void deliver(String from, String to, byte[] message) throws SmtpClient.DeliveryException {
        String relay = config.get(ConfigKeys.SMTP_RELAY_HOST).trim();
        if (!relay.isEmpty()) {
            String port = config.get(ConfigKeys.SMTP_RELAY_PORT).trim();
            SmtpClient.send(relay, port.isEmpty() ? 587 : Integer.parseInt(port), heloName, config.get(ConfigKeys.SMTP_RELAY_USER),
                    config.get(ConfigKeys.SMTP_RELAY_PASSWORD), from, to, message);
            return;
        }
        String domain = ParsedMessage.domain(to);
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
                SmtpClient.send(h, 25, heloName, null, null, from, to, message);
                return;
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

    /** RFC 3464 delivery status notification to the envelope sender (never for a null sender). */
    private void bounce(Due d, byte[] original, String error) throws Exception {
        if (d.from() == null || d.from().isEmpty()) return;
        String boundary = "dsn-" + UUID.randomUUID();
        String date = ZonedDateTime.now().format(DateTimeFormatter.RFC_1123_DATE_TIME);
        ParsedMessage om = ParsedMessage.parse(original);
        StringBuilder headers = new StringBuilder();
        for (ParsedMessage.Header h : om.headers()) headers.append(h.raw()).append("\r\n");
        String dsn = "From: Mail Delivery System <MAILER-DAEMON@" + heloName + ">\r\n"
                + "To: <" + d.from() + ">\r\n"
                + "Subject: Undelivered Mail Returned to Sender\r\n"
                + "Date: " + date + "\r\n"
                + "Message-ID: <" + UUID.randomUUID() + "@" + heloName + ">\r\n"
                + "Auto-Submitted: auto-replied\r\n"
                + "MIME-Version: 1.0\r\n"
                + "Content-Type: multipart/report; report-type=delivery-status; boundary=\"" + boundary + "\"\r\n\r\n"
                + "--" + boundary + "\r\nContent-Type: text/plain; charset=utf-8\r\n\r\n"
                + "Your message could not be delivered to " + d.to() + ".\r\n\r\n" + error + "\r\n\r\n"
                + "--" + boundary + "\r\nContent-Type: message/delivery-status\r\n\r\n"
                + "Reporting-MTA: dns; " + heloName + "\r\n\r\n"
                + "Final-Recipient: rfc822; " + d.to() + "\r\nAction: failed\r\nStatus: 5.0.0\r\n"
                + "Diagnostic-Code: smtp; " + error.replaceAll("[\\r\\n]+", " ") + "\r\n\r\n"
                + "--" + boundary + "\r\nContent-Type: text/rfc822-headers\r\n\r\n" + headers + "\r\n"
                + "--" + boundary + "--\r\n";
        byte[] raw = dsn.getBytes(StandardCharsets.UTF_8);
        MailDirectory.Account local = directory.account(d.from());
        String key = store.putRaw(raw);
        if (local != null) {
            ParsedMessage pm = ParsedMessage.parse(raw);
            store.deliver(key, MessageIntake.meta(pm, pm.content(), 0, false, null, "", false, raw),
                    List.of(new MailStore.Target(local.id(), local.mailOwner(), "INBOX")));
        } else {
            db.inTransaction(c -> {
                enqueue(c, "", d.from(), key, null);
                return null;
            });
        }
        log.info("outbox: bounced {} to {}", d.id(), d.from());
    }
}
