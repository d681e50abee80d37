package io.switchboard.smtp;

/** Every reply the server sends, in one place (RFC 5321 §4.2, enhanced codes RFC 3463). Tests use these too. */
public final class SmtpReplies {
    private SmtpReplies() {
    }

    public static final String OK = "250 2.0.0 OK";
    public static final String SENDER_OK = "250 2.1.0 Sender OK";
    public static final String RECIPIENT_OK = "250 2.1.5 Recipient OK";
    public static final String RESET = "250 2.0.0 Reset";
    public static final String BYE = "221 2.0.0 Bye";
    public static final String START_DATA = "354 End data with <CR><LF>.<CR><LF>";
    public static final String READY_FOR_TLS = "220 2.0.0 Ready to start TLS";
    public static final String AUTH_OK = "235 2.7.0 Authentication successful";
    public static final String VRFY_DISABLED = "252 2.5.2 Cannot VRFY user, but will accept message";
    public static final String TIMEOUT = "421 4.4.2 Timeout, closing connection";
    public static final String TOO_MANY_CLIENTS = "421 4.7.0 Too many connections, try again later";
    public static final String SHUTTING_DOWN = "421 4.3.2 Service shutting down";
    public static final String RATE_LIMITED = "421 4.7.0 Too many connections from your address, slow down";
    public static final String MAIL_RATE_LIMITED = "450 4.7.1 Too many messages from your address, try again later";
    public static final String TOO_MANY_ERRORS = "421 4.7.0 Too many errors, closing connection";
    public static final String AUTH_LOCKED = "454 4.7.0 Too many failed authentication attempts, try again later";
    public static final String TEMP_FAILURE = "451 4.3.0 Temporary failure storing the message, try again later";
    public static final String TOO_MANY_RECIPIENTS = "452 4.5.3 Too many recipients";
    public static final String LINE_TOO_LONG = "500 5.5.6 Line too long";
    public static final String UNKNOWN_COMMAND = "500 5.5.2 Command not recognized";
    public static final String SYNTAX = "501 5.5.4 Syntax error in parameters";
    public static final String BAD_ADDRESS = "501 5.1.3 Bad address syntax";
    public static final String AUTH_CANCELLED = "501 5.7.0 Authentication cancelled";
    public static final String NOT_IMPLEMENTED = "502 5.5.1 Command not implemented";
    public static final String BAD_SEQUENCE = "503 5.5.1 Bad sequence of commands";
    public static final String HELO_FIRST = "503 5.5.1 Send EHLO/HELO first";
    public static final String ALREADY_AUTHENTICATED = "503 5.5.1 Already authenticated";
    public static final String NO_VALID_RECIPIENTS = "554 5.5.1 No valid recipients";
    public static final String MECHANISM_UNSUPPORTED = "504 5.5.4 Unrecognized authentication mechanism";
    public static final String PARAMETER_UNSUPPORTED = "555 5.5.4 Unsupported MAIL/RCPT parameter";
    public static final String AUTH_REQUIRED = "530 5.7.0 Authentication required";
    public static final String TLS_REQUIRED = "530 5.7.0 Must issue a STARTTLS command first";
    public static final String AUTH_FAILED = "535 5.7.8 Authentication credentials invalid";
    public static final String NO_SUCH_USER = "550 5.1.1 No such user here";
    public static final String RELAY_DENIED = "554 5.7.1 Relay access denied";
    public static final String SENDER_NOT_OWNED = "553 5.7.1 Sender address not owned by the authenticated account";
    public static final String BARE_LF = "550 5.6.0 Bare CR or LF in message; lines must end with CRLF";
    public static final String NUL_BYTE = "550 5.6.0 NUL bytes are not allowed in messages";
    public static final String DATA_LINE_TOO_LONG = "550 5.6.0 Message line longer than 1000 octets (RFC 5321 4.5.3.1.6)";
    public static final String SPAM_REJECTED = "550 5.7.1 Message rejected as spam";
    public static final String SPF_REJECTED = "550 5.7.23 SPF validation failed";
    public static final String SIZE_EXCEEDED = "552 5.3.4 Message size exceeds fixed maximum message size";
    public static final String TLS_ALREADY = "503 5.5.1 TLS already active";
    public static final String TLS_PIPELINED = "503 5.5.1 Commands pipelined after STARTTLS are not allowed";
    public static final String TLS_UNAVAILABLE = "454 4.7.0 TLS not available";

    public static String queued(String id) {
        return "250 2.0.0 OK: queued as " + id;
    }

    public static String mailboxFull(String address) {
        return "452 4.2.2 Mailbox full: " + address;
    }

    /** RFC 3463 5.2.2: the message itself would take the mailbox over its quota. */
    public static String mailboxFullAtData(String address) {
        return "552 5.2.2 Mailbox full, message too large for the quota of " + address;
    }

    public static String greeting(String host) {
        return "220 " + host + " ESMTP Switchboard ready";
    }
}
