package io.switchboard.smtp;

import io.switchboard.mail.MailDirectory;

import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/** The state of one SMTP connection; verbs read and change it, the handler owns it (one event loop). */
public final class SmtpSession {
    /** Where the transaction is (RFC 5321 §4.1.4): commands declare in which phases they are valid. */
    public enum Phase { CONNECTED, READY, MAIL, RCPT }

    /**
     * One accepted recipient: a local account, or a remote address (authenticated submission only),
     * with its DSN parameters (RFC 3461 §4.1, §4.2: canonical NOTIFY and ORCPT as received; null when absent).
     */
    public record Recipient(String address, MailDirectory.Account local, String dsnNotify, String orcpt) {
    }

    final SmtpHandler handler;
    final SmtpServer.Endpoint endpoint;
    final String remoteIp;
    Phase phase = Phase.CONNECTED;
    String helo;
    boolean esmtp;
    boolean tls;
    MailDirectory.Account authenticated;
    String mailFrom;
    boolean smtputf8;
    /** MAIL's SIZE parameter (RFC 1870), 0 when not declared: recipients over quota are refused early. */
    long declaredSize;
    /** MAIL's RET and ENVID (RFC 3461 §4.3, §4.4), null when absent. */
    String dsnRet;
    String dsnEnvid;
    final List<Recipient> recipients = new ArrayList<>();
    ByteArrayOutputStream bdat;
    boolean bdatFailed;
    int authFailures;
    int errors;
    /** A pending multi-step exchange (AUTH LOGIN, AUTH PLAIN without initial response). */
    Consumer<String> continuation;

    SmtpSession(SmtpHandler handler, SmtpServer.Endpoint endpoint, String remoteIp, boolean tls) {
        this.handler = handler;
        this.endpoint = endpoint;
        this.remoteIp = remoteIp;
        this.tls = tls;
    }

    public void reply(String line) {
        handler.reply(line);
    }

    /** RSET and the end of a transaction: the envelope is forgotten, HELO and AUTH stay (§4.1.1.5). */
    void resetTransaction() {
        mailFrom = null;
        smtputf8 = false;
        declaredSize = 0;
        dsnRet = null;
        dsnEnvid = null;
        recipients.clear();
        bdat = null;
        bdatFailed = false;
        if (phase != Phase.CONNECTED) phase = Phase.READY;
    }

    public boolean tls() {
        return tls;
    }

    public String remoteIp() {
        return remoteIp;
    }

    public String helo() {
        return helo;
    }

    public String mailFrom() {
        return mailFrom;
    }

    public MailDirectory.Account authenticated() {
        return authenticated;
    }

    public List<Recipient> recipients() {
        return recipients;
    }

    public boolean esmtp() {
        return esmtp;
    }
}
