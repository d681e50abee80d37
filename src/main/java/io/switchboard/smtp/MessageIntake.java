package io.switchboard.smtp;

import io.switchboard.config.Config;
import io.switchboard.config.ConfigKeys;
import io.switchboard.entity.EntityEvent;
import io.switchboard.entity.EntityRow;
import io.switchboard.entity.EntityStore;
import io.switchboard.mail.MailDirectory;
import io.switchboard.mail.MailStore;
import io.switchboard.mail.ParsedMessage;
import io.switchboard.store.Database;

import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import java.util.function.Supplier;

/**
 * What happens after the end of DATA: authentication checks (SPF, DKIM) and the spam score for
 * unauthenticated mail, trace headers, then durable storage (blob fsynced, then one transaction
 * for the mail rows and outbox rows). It returns the reply; 250 only once all of that returned.
 */
final class MessageIntake {
    private static final org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(MessageIntake.class);
    /** The transaction as the session saw it at the end of DATA. */
    record Envelope(String hostname, String helo, boolean esmtp, String ip, boolean tls, MailDirectory.Account authenticated,
                    String mailFrom, List<SmtpSession.Recipient> recipients, String dsnRet, String dsnEnvid) {
    }

    /** What the storing transaction did: rows added, and local recipients refused for their quota. */
    private record Stored(List<EntityRow> rows, List<SmtpSession.Recipient> overQuota) {
    }

    private final Config config;
    private final Database db;
    private final EntityStore entities;
    private final MailStore store;
    private final Supplier<DnsResolver> dns;
    private final DkimKeys keys;
    private final OutboundQueue outbox;
    private final MailDirectory directory;
    final java.util.concurrent.atomic.AtomicLong accepted = new java.util.concurrent.atomic.AtomicLong();
    final java.util.concurrent.atomic.AtomicLong junked = new java.util.concurrent.atomic.AtomicLong();
    final java.util.concurrent.atomic.AtomicLong refused = new java.util.concurrent.atomic.AtomicLong();

    MessageIntake(Config config, Database db, EntityStore entities, MailStore store, MailDirectory directory,
                  Supplier<DnsResolver> dns, DkimKeys keys, OutboundQueue outbox) {
        this.config = config;
        this.db = db;
        this.entities = entities;
        this.store = store;
        this.directory = directory;
        this.dns = dns;
        this.keys = keys;
        this.outbox = outbox;
    }

    /** A bare CR or LF in BDAT content, or a NUL: the reply refusing it, else null. */
    static String lineEndProblem(byte[] b) {
        for (int i = 0; i < b.length; i++) {
            byte c = b[i];
            if (c == 0) return SmtpReplies.NUL_BYTE;
            if (c == '\n' && (i == 0 || b[i - 1] != '\r')) return SmtpReplies.BARE_LF;
            if (c == '\r' && (i + 1 >= b.length || b[i + 1] != '\n')) return SmtpReplies.BARE_LF;
        }
        return null;
    }

    String accept(Envelope env, byte[] content) throws Exception {
        ParsedMessage parsed = ParsedMessage.parse(content);
        ParsedMessage.Content body = parsed.content();
        String id = UUID.randomUUID().toString().replace("-", "").substring(0, 16).toUpperCase(Locale.ROOT);
        StringBuilder trace = new StringBuilder();
        double score = 0;
        String host = env.hostname();
        if (env.authenticated() == null) {
            String senderDomain = env.mailFrom().isEmpty() ? env.helo() : ParsedMessage.domain(env.mailFrom());
            InetAddress ip = InetAddress.getByName(env.ip());
            SpfEvaluator.Evaluation spfEval = new SpfEvaluator(dns.get(), host).evaluate(ip, env.mailFrom(), env.helo());
            SpfEvaluator.Result spf = spfEval.result();
            Dkim.Verification dkim = Dkim.verify(parsed, dns.get());
            SpamScorer.Score s = SpamScorer.score(parsed, spf, dkim.outcome(), body.htmlOnly());
            score = s.points();
            if (score >= config.getDouble(ConfigKeys.SMTP_SPAM_REJECT)) {
                refused.incrementAndGet();
                return SmtpReplies.SPAM_REJECTED;
            }
            // RFC 7208 §9.1 and RFC 8601
            trace.append("Received-SPF: ").append(spf.lower()).append(" (").append(host).append(": ").append(env.ip())
                    .append(switch (spf) {
                        case PASS -> " is permitted by ";
                        case FAIL, SOFTFAIL -> " is not permitted by ";
                        default -> " has no definite SPF answer from ";
                    }).append(senderDomain)
                    .append(spfEval.explanation() == null ? "" : ": " + spfEval.explanation().replaceAll("[\\r\\n()]", " "))
                    .append(") client-ip=").append(env.ip()).append("; envelope-from=\"")
                    .append(env.mailFrom()).append("\"; helo=").append(env.helo()).append(";\r\n");
            trace.append("Authentication-Results: ").append(host).append(";\r\n\tspf=").append(spf.lower())
                    .append(" smtp.mailfrom=").append(env.mailFrom().isEmpty() ? env.helo() : env.mailFrom())
                    .append(";\r\n\tdkim=").append(dkim.outcome().lower());
            if (dkim.domain() != null) trace.append(" header.d=").append(dkim.domain());
            trace.append("\r\n");
            trace.append("X-Spam-Score: ").append(s.header()).append("\r\n");
            if (score >= config.getDouble(ConfigKeys.SMTP_SPAM_JUNK)) trace.append("X-Spam-Flag: YES\r\n");
        } else {
            trace.append("Authentication-Results: ").append(host).append("; auth=pass smtp.auth=")
                    .append(env.authenticated().address()).append("\r\n");
        }
        // RFC 5321 §4.4 trace field, with the RFC 3848 protocol keyword
        String with = (env.esmtp() ? "ESMTP" : "SMTP") + (env.tls() ? "S" : "") + (env.authenticated() != null ? "A" : "");
        String received = "Received: from " + env.helo() + " ([" + env.ip() + "])\r\n\tby " + host + " (Switchboard) with "
                + with + " id " + id + ";\r\n\t" + ZonedDateTime.now().format(DateTimeFormatter.RFC_1123_DATE_TIME) + "\r\n";
        boolean spam = env.authenticated() == null && score >= config.getDouble(ConfigKeys.SMTP_SPAM_JUNK);

        List<SmtpSession.Recipient> local = new ArrayList<>();
        List<SmtpSession.Recipient> remote = new ArrayList<>();
        for (SmtpSession.Recipient r : env.recipients()) (r.local() != null ? local : remote).add(r);
        String localKey = null;
        byte[] localCopy = content;
        if (!local.isEmpty()) {
            byte[] prefix = ("Return-Path: <" + env.mailFrom() + ">\r\n" + trace + received).getBytes(StandardCharsets.UTF_8);
            localKey = store.putRaw(new byte[][]{prefix, content});
            localCopy = concat(prefix, content);
        }
        String remoteKey = null;
        if (!remote.isEmpty()) {
            byte[] out = concat(received.getBytes(StandardCharsets.UTF_8), content);
            remoteKey = store.putRaw(signIfLocal(out, env.mailFrom()));
        }
        MailStore.Meta meta = meta(parsed, body, score, spam, env.ip(), env.mailFrom(), env.tls(), localCopy);
        String lk = localKey;
        String rk = remoteKey;
        String owner = env.authenticated() == null ? null : env.authenticated().mailOwner();
        String folder = spam ? "Junk" : "INBOX";
        Stored stored = store.committer().run(c -> {
            List<EntityRow> rows = new ArrayList<>();
            List<SmtpSession.Recipient> full = new ArrayList<>();
            for (SmtpSession.Recipient r : local) {
                // quota (mail_account.quota, bytes, 0 = none), checked in the transaction that adds the row
                long quota = r.local().quota();
                if (quota > 0 && store.usage(c, r.local().id()) + meta.size() > quota) {
                    full.add(r);
                    continue;
                }
                rows.add(store.insertMail(c, lk, meta, new MailStore.Target(r.local().id(), r.local().mailOwner(), folder)));
            }
            if (rows.isEmpty() && remote.isEmpty()) return new Stored(rows, full);
            for (SmtpSession.Recipient r : remote) {
                outbox.enqueue(c, new OutboundQueue.Submission(env.mailFrom(), r.address(), rk, owner, r.dsnNotify(), r.orcpt(),
                        env.dsnRet(), env.dsnEnvid(), host)); // relayed under the name of the listener it came in on
            }
            return new Stored(rows, full);
        });
        if (stored.rows().isEmpty() && remote.isEmpty()) {
            // every recipient's mailbox would overflow: nothing is stored, the sender is told (RFC 3463 5.2.2)
            store.discard(lk);
            refused.incrementAndGet();
            return SmtpReplies.mailboxFullAtData(stored.overQuota().get(0).address());
        }
        for (EntityRow r : stored.rows()) entities.publish(new EntityEvent("mail", EntityEvent.Type.CREATE, r, null, null, java.time.Instant.now()));
        if (!remote.isEmpty()) outbox.wake();
        accepted.incrementAndGet();
        if (spam) junked.incrementAndGet();
        reportLocalOutcomes(env, host, localCopy, local, stored.overQuota());
        return SmtpReplies.queued(id);
    }

    /**
     * RFC 3461 for local recipients: "delivered" to those who asked for SUCCESS, "failed" (5.2.2)
     * for mailboxes that were too full while others took the message. A report that cannot be
     * made is logged: the message itself is stored already.
     */
    private void reportLocalOutcomes(Envelope env, String host, byte[] message, List<SmtpSession.Recipient> local,
                                     List<SmtpSession.Recipient> overQuota) {
        if (env.mailFrom().isEmpty()) return;
        List<DsnReport.Recipient> failed = new ArrayList<>();
        List<DsnReport.Recipient> delivered = new ArrayList<>();
        for (SmtpSession.Recipient r : local) {
            if (overQuota.contains(r)) {
                if (DsnParameters.wants(r.dsnNotify(), DsnParameters.Event.FAILURE)) {
                    failed.add(new DsnReport.Recipient(r.address(), r.orcpt(), DsnReport.Action.FAILED, "5.2.2", null,
                            SmtpReplies.mailboxFullAtData(r.address())));
                }
            } else if (DsnParameters.wants(r.dsnNotify(), DsnParameters.Event.SUCCESS)) {
                delivered.add(new DsnReport.Recipient(r.address(), r.orcpt(), DsnReport.Action.DELIVERED, "2.0.0", null, null));
            }
        }
        ZonedDateTime arrival = ZonedDateTime.now();
        try {
            outbox.sendReport(host, env.mailFrom(), env.dsnEnvid(), env.dsnRet(), arrival, message, failed);
            outbox.sendReport(host, env.mailFrom(), env.dsnEnvid(), env.dsnRet(), arrival, message, delivered);
        } catch (Exception e) {
            log.warn("smtp: cannot send a delivery report to {}: {}", env.mailFrom(), e.toString());
        }
    }

    /** Bytes the account's mail takes now (RCPT's early quota check). */
    long usage(String accountId) throws java.sql.SQLException {
        return store.usage(accountId);
    }

    /** DKIM-signs when the From domain is one of ours (we hold its key). */
    byte[] signIfLocal(byte[] message, String envelopeFrom) throws Exception {
        ParsedMessage m = ParsedMessage.parse(message);
        String from = ParsedMessage.address(m.header("From"));
        String domain = ParsedMessage.domain(from == null ? envelopeFrom : from);
        if (domain.isEmpty() || !directory.isLocalDomain(domain, config.get(ConfigKeys.SMTP_LOCAL_DOMAINS))) return message;
        return Dkim.sign(message, domain, config.get(ConfigKeys.MAIL_DKIM_SELECTOR), keys.privateKey(domain));
    }

    static MailStore.Meta meta(ParsedMessage parsed, ParsedMessage.Content body, double score, boolean spam, String ip,
                               String returnPath, boolean tls, byte[] content) throws Exception {
        String to = join(parsed.header("To"), parsed.header("Cc"));
        return new MailStore.Meta(parsed.header("Message-ID"), parsed.header("From"), to, parsed.header("Reply-To"),
                parsed.header("Subject"), body.text(), score, spam,
                HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(content)),
                parsed.header("Content-Type") == null ? "text/plain" : parsed.header("Content-Type"), body.hasAttachment(),
                ip, returnPath, tls, content.length);
    }

    private static String join(String a, String b) {
        if (a == null) return b;
        if (b == null) return a;
        return a + ", " + b;
    }

    static byte[] concat(byte[] a, byte[] b) {
        byte[] out = new byte[a.length + b.length];
        System.arraycopy(a, 0, out, 0, a.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}
