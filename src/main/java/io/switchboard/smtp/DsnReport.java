package io.switchboard.smtp;

import io.switchboard.mail.ParsedMessage;

import java.nio.charset.StandardCharsets;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A delivery status notification (RFC 3464) as a multipart/report message: a human-readable
 * part, the machine-readable message/delivery-status part (per-message fields, then one block
 * per recipient), and the original message (RET=FULL, failures only) or its headers (RFC 3461
 * §4.3, and whenever the report is not a failure). Sent with the null reverse-path, so a report is
 * never answered with another report (RFC 3461 §6.2).
 */
final class DsnReport {
    /** RFC 3464 §2.3.3 actions. */
    enum Action {
        FAILED("failed", "Undelivered Mail Returned to Sender", "could not be delivered to"),
        DELAYED("delayed", "Delayed Mail (still being retried)", "has not yet been delivered to"),
        DELIVERED("delivered", "Successful Mail Delivery Report", "was delivered to"),
        RELAYED("relayed", "Mail Relayed (no further reports)", "was relayed, without delivery reports, to");

        final String field;
        final String subject;
        final String phrase;

        Action(String field, String subject, String phrase) {
            this.field = field;
            this.subject = subject;
            this.phrase = phrase;
        }
    }

    /** One recipient's block: {@code orcpt} as received (xtext) or null, {@code diagnostic} an SMTP reply or null. */
    record Recipient(String address, String orcpt, Action action, String status, String remoteMta, String diagnostic) {
    }

    private static final Pattern ENHANCED = Pattern.compile("\\b([245])\\.(\\d{1,3})\\.(\\d{1,3})\\b");
    private static final DateTimeFormatter DATE = DateTimeFormatter.RFC_1123_DATE_TIME;

    private DsnReport() {
    }

    /**
     * The enhanced status code (RFC 3463) of an SMTP reply text, else the class of its action:
     * 5.0.0 failed, 4.0.0 delayed, 2.0.0 delivered or relayed.
     */
    static String status(String reply, Action action) {
        if (reply != null) {
            Matcher m = ENHANCED.matcher(reply);
            if (m.find()) return m.group(1) + "." + m.group(2) + "." + m.group(3);
        }
        return switch (action) {
            case FAILED -> "5.0.0";
            case DELAYED -> "4.0.0";
            default -> "2.0.0";
        };
    }

    /**
     * Builds the report to {@code sender} about {@code original}. {@code envid} and {@code ret} are
     * the MAIL parameters as received (null when absent); {@code arrival} when the message came in.
     */
    static byte[] build(String reportingMta, String sender, String envid, String ret, ZonedDateTime arrival, byte[] original,
                        List<Recipient> recipients) {
        Action headline = recipients.get(0).action();
        String boundary = "dsn-" + UUID.randomUUID();
        StringBuilder b = new StringBuilder(2048);
        b.append("From: Mail Delivery System <MAILER-DAEMON@").append(reportingMta).append(">\r\n");
        b.append("To: <").append(sender).append(">\r\n");
        b.append("Subject: ").append(headline.subject).append("\r\n");
        b.append("Date: ").append(ZonedDateTime.now().format(DATE)).append("\r\n");
        b.append("Message-ID: <").append(UUID.randomUUID()).append('@').append(reportingMta).append(">\r\n");
        b.append("Auto-Submitted: auto-replied\r\n"); // RFC 3834 §5
        b.append("MIME-Version: 1.0\r\n");
        b.append("Content-Type: multipart/report; report-type=delivery-status; boundary=\"").append(boundary).append("\"\r\n\r\n");

        b.append("--").append(boundary).append("\r\nContent-Type: text/plain; charset=utf-8\r\n\r\n");
        b.append("This is the mail system at ").append(reportingMta).append(".\r\n\r\n");
        for (Recipient r : recipients) {
            b.append("Your message ").append(r.action().phrase).append(' ').append(r.address()).append('.');
            if (r.diagnostic() != null) b.append("\r\n    ").append(oneLine(r.diagnostic()));
            b.append("\r\n");
        }
        b.append("\r\n");

        // RFC 3464 §2.2 per-message fields, §2.3 per-recipient fields
        b.append("--").append(boundary).append("\r\nContent-Type: message/delivery-status\r\n\r\n");
        b.append("Reporting-MTA: dns; ").append(reportingMta).append("\r\n");
        if (envid != null) b.append("Original-Envelope-Id: ").append(DsnParameters.decodeXtext(envid)).append("\r\n");
        if (arrival != null) b.append("Arrival-Date: ").append(arrival.format(DATE)).append("\r\n");
        for (Recipient r : recipients) {
            b.append("\r\n");
            if (r.orcpt() != null) b.append("Original-Recipient: ").append(DsnParameters.originalRecipientField(r.orcpt())).append("\r\n");
            b.append("Final-Recipient: rfc822; ").append(r.address()).append("\r\n");
            b.append("Action: ").append(r.action().field).append("\r\n");
            b.append("Status: ").append(r.status()).append("\r\n");
            if (r.remoteMta() != null) b.append("Remote-MTA: dns; ").append(r.remoteMta()).append("\r\n");
            if (r.diagnostic() != null) b.append("Diagnostic-Code: smtp; ").append(oneLine(r.diagnostic())).append("\r\n");
            b.append("Last-Attempt-Date: ").append(ZonedDateTime.now().format(DATE)).append("\r\n");
        }
        b.append("\r\n");

        boolean full = "FULL".equals(ret) && headline == Action.FAILED;
        b.append("--").append(boundary).append("\r\nContent-Type: ").append(full ? "message/rfc822" : "text/rfc822-headers").append("\r\n\r\n");
        byte[] head = b.toString().getBytes(StandardCharsets.UTF_8);
        byte[] returned;
        if (full) {
            returned = original;
        } else {
            ParsedMessage om = ParsedMessage.parse(original);
            returned = java.util.Arrays.copyOf(original, Math.max(0, Math.min(original.length, om.bodyOffset())));
        }
        String tail = (returned.length > 0 && returned[returned.length - 1] != '\n' ? "\r\n" : "") + "\r\n--" + boundary + "--\r\n";
        byte[] t = tail.getBytes(StandardCharsets.US_ASCII);
        byte[] out = new byte[head.length + returned.length + t.length];
        System.arraycopy(head, 0, out, 0, head.length);
        System.arraycopy(returned, 0, out, head.length, returned.length);
        System.arraycopy(t, 0, out, head.length + returned.length, t.length);
        return out;
    }

    private static String oneLine(String s) {
        return s.replaceAll("[\\r\\n]+", " ").trim();
    }
}
