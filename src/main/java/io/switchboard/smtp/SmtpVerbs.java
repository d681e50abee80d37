package io.switchboard.smtp;

import io.switchboard.mail.MailDirectory;
import io.switchboard.mail.ParsedMessage;
import io.switchboard.smtp.SmtpSession.Phase;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One small stateless handler per SMTP verb, found by name. Each declares the phases it is valid
 * in, so "bad sequence" is answered in one place ({@link SmtpHandler}).
 */
final class SmtpVerbs {
    /** A verb: the phases it is allowed in, and what it does with its argument text. */
    interface Verb {
        Set<Phase> phases();

        void run(SmtpSession s, String args);
    }

    static final int MAX_RECIPIENTS = 100;
    private static final Set<Phase> ANY = EnumSet.allOf(Phase.class);
    private static final Set<Phase> GREETED = EnumSet.of(Phase.READY, Phase.MAIL, Phase.RCPT);
    /** RFC 5321 §4.1.2 path, loosely: local@domain, no spaces, no angle brackets or CR/LF inside. */
    private static final Pattern ADDRESS = Pattern.compile("[^\\s<>@\"\\\\]{1,64}@[A-Za-z0-9\\p{L}.\\-\\[\\]:]{1,255}");
    private static final Pattern PATH = Pattern.compile("(?i)(FROM|TO):\\s*<([^<>]*)>(.*)");

    private final Map<String, Verb> verbs = new HashMap<>();

    SmtpVerbs() {
        verbs.put("EHLO", verb(ANY, (s, a) -> helo(s, a, true)));
        verbs.put("HELO", verb(ANY, (s, a) -> helo(s, a, false)));
        verbs.put("MAIL", verb(EnumSet.of(Phase.READY), SmtpVerbs::mail));
        verbs.put("RCPT", verb(EnumSet.of(Phase.MAIL, Phase.RCPT), SmtpVerbs::rcpt));
        verbs.put("DATA", verb(EnumSet.of(Phase.MAIL, Phase.RCPT), SmtpVerbs::data));
        verbs.put("RSET", verb(ANY, (s, a) -> {
            s.resetTransaction();
            s.reply(SmtpReplies.RESET);
        }));
        verbs.put("NOOP", verb(ANY, (s, a) -> s.reply(SmtpReplies.OK)));
        verbs.put("QUIT", verb(ANY, (s, a) -> s.handler.replyAndClose(SmtpReplies.BYE)));
        // RFC 5321 §3.5.3: VRFY may be disabled; 252 says "cannot verify, but will try"
        verbs.put("VRFY", verb(ANY, (s, a) -> s.reply(SmtpReplies.VRFY_DISABLED)));
        verbs.put("EXPN", verb(ANY, (s, a) -> s.reply(SmtpReplies.NOT_IMPLEMENTED)));
        verbs.put("HELP", verb(ANY, (s, a) -> s.reply("214 2.0.0 See RFC 5321")));
        verbs.put("STARTTLS", verb(GREETED, SmtpVerbs::startTls));
        verbs.put("AUTH", verb(EnumSet.of(Phase.READY), SmtpVerbs::auth));
    }

    Verb find(String name) {
        return verbs.get(name.toUpperCase(Locale.ROOT));
    }

    private static Verb verb(Set<Phase> phases, java.util.function.BiConsumer<SmtpSession, String> body) {
        return new Verb() {
            @Override
            public Set<Phase> phases() {
                return phases;
            }

            @Override
            public void run(SmtpSession s, String args) {
                body.accept(s, args);
            }
        };
    }

    // RFC 5321 §4.1.1.1
    private static void helo(SmtpSession s, String arg, boolean extended) {
        if (arg.isBlank() || arg.contains(" ")) {
            s.reply(SmtpReplies.SYNTAX);
            return;
        }
        s.resetTransaction();
        s.helo = arg;
        s.esmtp = extended;
        s.phase = Phase.READY;
        String host = s.handler.hostname();
        if (!extended) {
            s.reply("250 " + host);
            return;
        }
        StringBuilder b = new StringBuilder();
        b.append("250-").append(host).append(" greets ").append(arg).append("\r\n");
        b.append("250-PIPELINING\r\n");
        b.append("250-SIZE ").append(s.handler.maxSize()).append("\r\n");
        b.append("250-8BITMIME\r\n");
        b.append("250-SMTPUTF8\r\n");
        b.append("250-ENHANCEDSTATUSCODES\r\n");
        b.append("250-CHUNKING\r\n");
        b.append("250-DSN\r\n");
        if (!s.tls && s.handler.tlsAvailable()) b.append("250-STARTTLS\r\n");
        if (s.tls || !s.handler.authRequiresTls()) b.append("250-AUTH PLAIN LOGIN\r\n");
        b.append("250 HELP");
        s.handler.replyRaw(b.toString());
    }

    // RFC 5321 §4.1.1.2, parameters RFC 1870 (SIZE), RFC 6152 (BODY), RFC 6531 (SMTPUTF8)
    private static void mail(SmtpSession s, String args) {
        if (s.handler.authRequired() && s.authenticated == null) {
            s.reply(s.tls || !s.handler.authRequiresTls() ? SmtpReplies.AUTH_REQUIRED : SmtpReplies.TLS_REQUIRED);
            return;
        }
        if (!s.handler.allowMessage()) {
            s.reply(SmtpReplies.MAIL_RATE_LIMITED);
            return;
        }
        Matcher m = PATH.matcher(args);
        if (!m.matches() || !m.group(1).equalsIgnoreCase("FROM")) {
            s.reply(SmtpReplies.SYNTAX);
            return;
        }
        String from = m.group(2).trim();
        if (!from.isEmpty() && !ADDRESS.matcher(from).matches()) {
            s.reply(SmtpReplies.BAD_ADDRESS);
            return;
        }
        boolean utf8 = false;
        long declared = 0;
        String ret = null;
        String envid = null;
        for (String p : m.group(3).trim().split("\\s+")) {
            if (p.isEmpty()) continue;
            String k = p.contains("=") ? p.substring(0, p.indexOf('=')).toUpperCase(Locale.ROOT) : p.toUpperCase(Locale.ROOT);
            String v = p.contains("=") ? p.substring(p.indexOf('=') + 1) : "";
            switch (k) {
                case "SIZE" -> {
                    long size;
                    try {
                        size = Long.parseLong(v);
                    } catch (NumberFormatException e) {
                        s.reply(SmtpReplies.SYNTAX);
                        return;
                    }
                    if (size > s.handler.maxSize()) {
                        s.reply(SmtpReplies.SIZE_EXCEEDED);
                        return;
                    }
                    declared = Math.max(0, size);
                }
                case "BODY" -> {
                    if (!v.equalsIgnoreCase("7BIT") && !v.equalsIgnoreCase("8BITMIME")) {
                        s.reply(SmtpReplies.PARAMETER_UNSUPPORTED);
                        return;
                    }
                }
                case "SMTPUTF8" -> utf8 = true;
                case "AUTH" -> {
                    // accepted and ignored (RFC 4954 §5)
                }
                case "RET" -> { // RFC 3461 §4.3
                    ret = DsnParameters.ret(v);
                    if (ret == null) {
                        s.reply(SmtpReplies.SYNTAX);
                        return;
                    }
                }
                case "ENVID" -> { // RFC 3461 §4.4
                    if (v.isEmpty() || v.length() > DsnParameters.MAX_ENVID || !DsnParameters.validXtext(v)) {
                        s.reply(SmtpReplies.SYNTAX);
                        return;
                    }
                    envid = v;
                }
                default -> {
                    s.reply(SmtpReplies.PARAMETER_UNSUPPORTED);
                    return;
                }
            }
        }
        if (!utf8 && !from.chars().allMatch(c -> c < 128)) {
            s.reply("553 5.6.7 Non-ASCII address requires SMTPUTF8");
            return;
        }
        if (s.authenticated != null && !from.isEmpty() && !s.handler.owns(s.authenticated, from)) {
            s.reply(SmtpReplies.SENDER_NOT_OWNED);
            return;
        }
        s.mailFrom = from;
        s.smtputf8 = utf8;
        s.declaredSize = declared;
        s.dsnRet = ret;
        s.dsnEnvid = envid;
        s.phase = Phase.MAIL;
        s.reply(SmtpReplies.SENDER_OK);
    }

    // RFC 5321 §4.1.1.3; open-relay protection: without AUTH only local recipients
    private static void rcpt(SmtpSession s, String args) {
        Matcher m = PATH.matcher(args);
        if (!m.matches() || !m.group(1).equalsIgnoreCase("TO")) {
            s.reply(SmtpReplies.SYNTAX);
            return;
        }
        String to = m.group(2).trim();
        if (!ADDRESS.matcher(to).matches() || !s.smtputf8 && !to.chars().allMatch(c -> c < 128)) {
            s.reply(SmtpReplies.BAD_ADDRESS);
            return;
        }
        if (s.recipients.size() >= MAX_RECIPIENTS) {
            s.reply(SmtpReplies.TOO_MANY_RECIPIENTS);
            return;
        }
        String notify = null;
        String orcpt = null;
        for (String p : m.group(3).trim().split("\\s+")) {
            if (p.isEmpty()) continue;
            int eq = p.indexOf('=');
            String k = (eq < 0 ? p : p.substring(0, eq)).toUpperCase(Locale.ROOT);
            String v = eq < 0 ? "" : p.substring(eq + 1);
            switch (k) {
                case "NOTIFY" -> { // RFC 3461 §4.1
                    notify = DsnParameters.notify(v);
                    if (notify == null) {
                        s.reply(SmtpReplies.SYNTAX);
                        return;
                    }
                }
                case "ORCPT" -> { // RFC 3461 §4.2
                    if (!DsnParameters.validOrcpt(v)) {
                        s.reply(SmtpReplies.SYNTAX);
                        return;
                    }
                    orcpt = v;
                }
                default -> {
                    s.reply(SmtpReplies.PARAMETER_UNSUPPORTED);
                    return;
                }
            }
        }
        String domain = ParsedMessage.domain(to);
        MailDirectory.Account local = s.handler.directory().account(to);
        if (local != null) {
            // a full mailbox is refused here, before any data is sent (RFC 3463 4.2.2)
            s.handler.acceptLocalRecipient(new SmtpSession.Recipient(MailDirectory.norm(to), local, notify, orcpt));
            return;
        } else if (s.handler.isLocalDomain(domain)) {
            s.reply(SmtpReplies.NO_SUCH_USER);
            return;
        } else if (s.authenticated != null) {
            s.recipients.add(new SmtpSession.Recipient(to, null, notify, orcpt));
        } else {
            s.reply(SmtpReplies.RELAY_DENIED);
            return;
        }
        s.phase = Phase.RCPT;
        s.reply(SmtpReplies.RECIPIENT_OK);
    }

    private static void data(SmtpSession s, String args) {
        if (!args.isBlank()) {
            s.reply(SmtpReplies.SYNTAX);
            return;
        }
        if (s.recipients.isEmpty()) {
            s.reply(SmtpReplies.NO_VALID_RECIPIENTS); // RFC 2920 §3.1
            return;
        }
        if (s.bdat != null) {
            s.reply(SmtpReplies.BAD_SEQUENCE); // RFC 3030 §2: no DATA inside a BDAT transaction
            return;
        }
        s.reply(SmtpReplies.START_DATA);
        s.handler.startData();
    }

    // RFC 3207
    private static void startTls(SmtpSession s, String args) {
        if (s.tls) {
            s.reply(SmtpReplies.TLS_ALREADY);
            return;
        }
        if (!s.handler.tlsAvailable()) {
            s.reply(SmtpReplies.TLS_UNAVAILABLE);
            return;
        }
        s.handler.startTls();
    }

    // RFC 4954, mechanisms RFC 4616 (PLAIN) and draft-murchison-sasl-login (LOGIN)
    private static void auth(SmtpSession s, String args) {
        if (s.authenticated != null) {
            s.reply(SmtpReplies.ALREADY_AUTHENTICATED);
            return;
        }
        if (!s.tls && s.handler.authRequiresTls()) {
            s.reply("538 5.7.11 Encryption required for requested authentication mechanism");
            return;
        }
        String[] p = args.trim().split(" +", 2);
        String mech = p[0].toUpperCase(Locale.ROOT);
        String initial = p.length > 1 ? p[1].trim() : null;
        switch (mech) {
            case "PLAIN" -> {
                if (initial != null) plain(s, initial);
                else {
                    s.continuation = line -> plain(s, line);
                    s.reply("334 ");
                }
            }
            case "LOGIN" -> {
                java.util.function.Consumer<String> askPassword = userLine -> {
                    String user = decode(userLine);
                    if (user == null) {
                        s.reply(SmtpReplies.SYNTAX);
                        return;
                    }
                    s.continuation = passLine -> {
                        String pass = decode(passLine);
                        if (pass == null) s.reply(SmtpReplies.SYNTAX);
                        else s.handler.authenticate(user, pass);
                    };
                    s.reply("334 UGFzc3dvcmQ6");
                };
                if (initial != null) askPassword.accept(initial);
                else {
                    s.continuation = askPassword;
                    s.reply("334 VXNlcm5hbWU6");
                }
            }
            default -> s.reply(SmtpReplies.MECHANISM_UNSUPPORTED);
        }
    }

    private static void plain(SmtpSession s, String b64) {
        String decoded = decode(b64);
        String[] parts = decoded == null ? null : decoded.split("\0", -1);
        if (parts == null || parts.length != 3) {
            s.reply(SmtpReplies.SYNTAX);
            return;
        }
        s.handler.authenticate(parts[1], parts[2]);
    }

    private static String decode(String b64) {
        try {
            return new String(Base64.getDecoder().decode(b64.trim()), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }
}
