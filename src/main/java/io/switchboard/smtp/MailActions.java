package io.switchboard.smtp;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.switchboard.config.Config;
import io.switchboard.config.ConfigKeys;
import io.switchboard.entity.ActionRegistry;
import io.switchboard.entity.ClientInstructions;
import io.switchboard.entity.EntityEvent;
import io.switchboard.entity.EntityException;
import io.switchboard.entity.EntityRow;
import io.switchboard.entity.EntityStore;
import io.switchboard.mail.MailDirectory;
import io.switchboard.mail.MailStore;
import io.switchboard.mail.ParsedMessage;
import io.switchboard.store.Database;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.UUID;

/**
 * {@code POST /action/world/mail.send} (compose, DKIM-sign, store in the sender's Sent, deliver
 * locally, queue the rest) and {@code POST /action/mail_server/dkim_record} (the TXT record to
 * publish). Header injection is refused: no CR or LF in any field that becomes a header.
 */
final class MailActions {
    private final Config config;
    private final Database db;
    private final EntityStore entities;
    private final MailStore store;
    private final MailDirectory directory;
    private final MessageIntake intake;
    private final OutboundQueue outbox;
    private final DkimKeys keys;

    MailActions(Config config, Database db, EntityStore entities, MailStore store, MailDirectory directory, MessageIntake intake,
                OutboundQueue outbox, DkimKeys keys) {
        this.config = config;
        this.db = db;
        this.entities = entities;
        this.store = store;
        this.directory = directory;
        this.intake = intake;
        this.outbox = outbox;
        this.keys = keys;
    }

    void register(ActionRegistry actions) {
        actions.register(new ActionRegistry.Action("world", "mail.send", List.of("from", "to", "cc", "bcc", "subject", "body", "html",
                "attachments", "mail_server_hostname", "send_immediately", "attempt_delivery"), this::send));
        actions.register(new ActionRegistry.Action("mail_server", "dkim_record", List.of("hostname"), this::dkimRecord));
    }

    private ActionRegistry.Result dkimRecord(ActionRegistry.Call call) throws Exception {
        if (call.principal().isGuest()) throw EntityException.unauthorized("sign in first");
        if (!call.principal().isAdministrator()) throw EntityException.forbidden("only administrators manage DKIM keys");
        String host = call.attributes().path("hostname").asText("").trim().toLowerCase(java.util.Locale.ROOT);
        if (host.isEmpty() || !host.matches("[a-z0-9.\\-]{1,253}")) throw EntityException.badRequest("hostname is required");
        String name = config.get(ConfigKeys.MAIL_DKIM_SELECTOR) + "._domainkey." + host;
        String value = Dkim.txtRecord(keys.publicKey(host));
        ArrayNode out = ClientInstructions.notify(ClientInstructions.list(), "success", "DKIM record",
                "Publish TXT " + name + " with value " + value);
        ObjectNode rec = out.addObject();
        rec.put("ResponseType", "dns.record");
        rec.putObject("Attributes").put("type", "TXT").put("name", name).put("value", value);
        return ActionRegistry.Result.ok(out);
    }

    private ActionRegistry.Result send(ActionRegistry.Call call) throws Exception {
        if (call.principal().isGuest()) throw EntityException.unauthorized("sign in to send mail");
        JsonNode a = call.attributes();
        String from = clean("from", a.path("from").asText("")).trim();
        if (from.isEmpty() || !from.contains("@")) throw EntityException.badRequest("from is required");
        MailDirectory.Account sender = directory.account(ParsedMessage.address(from));
        boolean owns = sender != null && (call.principal().userId().equals(sender.userId()) || call.principal().userId().equals(sender.owner()));
        if (!owns && !call.principal().isAdministrator()) throw EntityException.forbidden("you do not own the address " + from);
        List<String> to = addresses("to", a.path("to"));
        List<String> cc = addresses("cc", a.path("cc"));
        List<String> bcc = addresses("bcc", a.path("bcc"));
        if (to.isEmpty() && cc.isEmpty() && bcc.isEmpty()) throw EntityException.badRequest("at least one recipient is required");
        String subject = clean("subject", a.path("subject").asText(""));
        String text = a.path("body").asText("");
        String html = a.hasNonNull("html") ? a.path("html").asText() : null;
        String helo = serverHostname(a.path("mail_server_hostname"));
        boolean immediately = flag(a.path("send_immediately")) || flag(a.path("attempt_delivery"));
        String domain = ParsedMessage.domain(ParsedMessage.address(from));
        String messageId = "<" + UUID.randomUUID() + "@" + domain + ">";

        StringBuilder h = new StringBuilder();
        h.append("From: ").append(from).append("\r\n");
        if (!to.isEmpty()) h.append("To: ").append(String.join(", ", to)).append("\r\n");
        if (!cc.isEmpty()) h.append("Cc: ").append(String.join(", ", cc)).append("\r\n");
        h.append("Subject: ").append(encodeWord(subject)).append("\r\n");
        h.append("Date: ").append(ZonedDateTime.now().format(DateTimeFormatter.RFC_1123_DATE_TIME)).append("\r\n");
        h.append("Message-ID: ").append(messageId).append("\r\n");
        h.append("MIME-Version: 1.0\r\n");
        String alt = html == null ? textPart(text) : alternative(text, html);
        JsonNode atts = a.path("attachments");
        String body;
        if (atts.isArray() && atts.size() > 0) {
            String b = "mixed-" + UUID.randomUUID();
            StringBuilder m = new StringBuilder();
            m.append("Content-Type: multipart/mixed; boundary=\"").append(b).append("\"\r\n\r\n");
            m.append("--").append(b).append("\r\n").append(alt).append("\r\n");
            for (JsonNode att : atts) {
                String name = clean("attachment name", att.path("name").asText("attachment")).replace("\"", "");
                String type = clean("attachment type", att.path("type").asText("application/octet-stream"));
                if (!type.matches("[A-Za-z0-9.+\\-]+/[A-Za-z0-9.+\\-]+")) throw EntityException.badRequest("bad attachment type");
                byte[] data;
                try {
                    data = Base64.getDecoder().decode(att.path("contents").asText("").replaceAll("\\s", ""));
                } catch (IllegalArgumentException e) {
                    throw EntityException.badRequest("attachment contents must be base64");
                }
                m.append("--").append(b).append("\r\n");
                m.append("Content-Type: ").append(type).append("; name=\"").append(name).append("\"\r\n");
                m.append("Content-Disposition: attachment; filename=\"").append(name).append("\"\r\n");
                m.append("Content-Transfer-Encoding: base64\r\n\r\n");
                m.append(Base64.getMimeEncoder(76, "\r\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(data)).append("\r\n");
            }
            m.append("--").append(b).append("--\r\n");
            body = m.toString();
        } else {
            body = alt;
        }
        byte[] raw = (h + body).getBytes(StandardCharsets.UTF_8);
        byte[] signed = intake.signIfLocal(raw, ParsedMessage.address(from));
        String key = store.putRaw(signed);
        ParsedMessage parsed = ParsedMessage.parse(signed);
        MailStore.Meta meta = MessageIntake.meta(parsed, parsed.content(), 0, false, call.clientIp(), ParsedMessage.address(from), true, signed);
        List<String> all = new ArrayList<>(to);
        all.addAll(cc);
        all.addAll(bcc);
        String envelopeFrom = ParsedMessage.address(from);
        record Stored(List<EntityRow> rows, List<String> queued, List<String> overQuota) {
        }
        Stored stored = store.committer().run(c -> {
            List<EntityRow> out = new ArrayList<>();
            List<String> queued = new ArrayList<>();
            List<String> full = new ArrayList<>();
            if (sender != null) out.add(store.insertMail(c, key, meta, new MailStore.Target(sender.id(), sender.mailOwner(), "Sent")));
            for (String r : all) {
                String addr = ParsedMessage.address(r);
                MailDirectory.Account local = directory.account(addr);
                if (local != null) {
                    // a local mailbox over its quota does not take the copy: the sender gets a report instead
                    if (local.quota() > 0 && store.usage(c, local.id()) + meta.size() > local.quota()) full.add(local.address());
                    else out.add(store.insertMail(c, key, meta, new MailStore.Target(local.id(), local.mailOwner(), "INBOX")));
                } else {
                    queued.add(outbox.enqueue(c, new OutboundQueue.Submission(envelopeFrom, addr, key, call.principal().userId(),
                            null, null, null, null, helo)));
                }
            }
            return new Stored(out, queued, full);
        });
        for (EntityRow r : stored.rows()) entities.publish(new EntityEvent("mail", EntityEvent.Type.CREATE, r, null, call.principal().userId(), Instant.now()));
        ArrayNode out = ClientInstructions.list();
        if (!stored.overQuota().isEmpty()) {
            List<DsnReport.Recipient> failed = new ArrayList<>();
            for (String addr : stored.overQuota()) {
                failed.add(new DsnReport.Recipient(addr, null, DsnReport.Action.FAILED, "5.2.2", null, SmtpReplies.mailboxFullAtData(addr)));
                ClientInstructions.notify(out, "error", "Not delivered", "Mailbox full: " + addr);
            }
            outbox.sendReport(helo, envelopeFrom, null, null, ZonedDateTime.now(), signed, failed);
        }
        if (immediately && !stored.queued().isEmpty()) {
            // send_immediately: one attempt now, so the answer says what happened (the queue retries the rest)
            for (OutboundQueue.AttemptResult r : outbox.attemptNow(stored.queued())) {
                if (r.delivered()) ClientInstructions.notify(out, "success", "Delivered", "Delivered to " + r.to());
                else if (r.willRetry()) ClientInstructions.notify(out, "warning", "Queued", "Not delivered to " + r.to() + " yet, will retry: " + r.error());
                else ClientInstructions.notify(out, "error", "Not delivered", "Delivery to " + r.to() + " failed: " + r.error());
            }
        } else if (!stored.queued().isEmpty()) {
            outbox.wake();
        }
        ClientInstructions.notify(out, "success", "Sent", "Mail queued " + messageId);
        return ActionRegistry.Result.ok(out);
    }

    /** The mail_server row to speak as ({@code mail_server_hostname}), or null for the default name; 400 when unknown. */
    private String serverHostname(JsonNode n) {
        String h = n.asText("").trim();
        if (h.isEmpty()) return null;
        for (MailDirectory.ServerRow s : directory.servers()) if (h.equalsIgnoreCase(s.hostname())) return s.hostname();
        throw EntityException.badRequest("no mail_server with hostname " + h);
    }

    /** A boolean attribute given as JSON true or as the string "true". */
    private static boolean flag(JsonNode n) {
        return n.isBoolean() ? n.booleanValue() : n.isTextual() && n.asText().trim().equalsIgnoreCase("true");
    }

    private static String textPart(String text) {
        return "Content-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: base64\r\n\r\n"
                + Base64.getMimeEncoder(76, "\r\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(text.getBytes(StandardCharsets.UTF_8)) + "\r\n";
    }

    private static String alternative(String text, String html) {
        String b = "alt-" + UUID.randomUUID();
        return "Content-Type: multipart/alternative; boundary=\"" + b + "\"\r\n\r\n"
                + "--" + b + "\r\n" + textPart(text)
                + "--" + b + "\r\nContent-Type: text/html; charset=utf-8\r\nContent-Transfer-Encoding: base64\r\n\r\n"
                + Base64.getMimeEncoder(76, "\r\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(html.getBytes(StandardCharsets.UTF_8)) + "\r\n"
                + "--" + b + "--\r\n";
    }

    /** RFC 2047 encoded word for non-ASCII subjects. */
    private static String encodeWord(String s) {
        if (s.chars().allMatch(c -> c >= 32 && c < 127)) return s;
        return "=?UTF-8?B?" + Base64.getEncoder().encodeToString(s.getBytes(StandardCharsets.UTF_8)) + "?=";
    }

    /** Refuses CR, LF and NUL: they would start a new header (header injection). */
    private static String clean(String field, String v) {
        if (v.indexOf('\r') >= 0 || v.indexOf('\n') >= 0 || v.indexOf('\0') >= 0) {
            throw EntityException.badRequest(field + " must not contain line breaks");
        }
        return v;
    }

    private static List<String> addresses(String field, JsonNode n) {
        List<String> out = new ArrayList<>();
        if (n.isTextual()) {
            for (String p : n.asText().split(",")) if (!p.isBlank()) out.add(p.trim());
        } else if (n.isArray()) {
            for (JsonNode e : n) if (!e.asText("").isBlank()) out.add(e.asText().trim());
        }
        for (String a : out) {
            clean(field, a);
            if (!ParsedMessage.address(a).matches("[^\\s<>@\"]+@[A-Za-z0-9.\\-]+")) throw EntityException.badRequest("bad address in " + field + ": " + a);
        }
        return out;
    }
}
