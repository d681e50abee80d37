package io.switchboard.imap;

import java.nio.charset.StandardCharsets;

/** Every fixed reply text of the IMAP server, in one place (RFC 3501 §7). */
final class ImapReplies {
    private ImapReplies() {
    }

    static final byte[] CONTINUE_LITERAL = "+ Ready for literal data\r\n".getBytes(StandardCharsets.US_ASCII);

    /**
     * Every one is implemented: IMAP4rev2 (RFC 9051, after ENABLE IMAP4rev2) and the IMAP4rev1
     * extensions it folds in (LITERAL+, a superset of LITERAL-, RFC 7888), plus CONDSTORE, QRESYNC and ID.
     */
    static final String CAPABILITIES = "IMAP4rev1 IMAP4rev2 LITERAL+ BINARY IDLE UIDPLUS MOVE SPECIAL-USE NAMESPACE ID ENABLE UNSELECT "
            + "CONDSTORE QRESYNC ESEARCH SEARCHRES LIST-EXTENDED LIST-STATUS CHILDREN STATUS=SIZE SASL-IR";

    static String greeting(boolean tls, boolean loginAllowed) {
        return "* OK [CAPABILITY " + capabilities(tls, loginAllowed, false) + "] Switchboard IMAP ready";
    }

    static String capabilities(boolean tls, boolean loginAllowed, boolean authenticated) {
        StringBuilder s = new StringBuilder(CAPABILITIES);
        if (!authenticated) {
            if (!tls) s.append(" STARTTLS");
            if (loginAllowed) s.append(" AUTH=PLAIN");
            else s.append(" LOGINDISABLED");
        }
        return s.toString();
    }

    static final String BAD_SYNTAX = "Syntax error in command";
    static final String BAD_PARENS = "Unbalanced parentheses";
    static final String BAD_ARGS = "Wrong arguments for this command";
    static final String BAD_UNKNOWN = "Unknown command";
    static final String BAD_STATE = "Command not allowed in this state";
    static final String BAD_SEQUENCE = "Invalid sequence set";
    static final String BAD_LINE_TOO_LONG = "Command line too long";
    static final String TOO_BIG = "[TOOBIG] Literal larger than the limit";
    static final String BYE_TOO_BIG = "* BYE [TOOBIG] Non-synchronising literal larger than the limit";
    static final String BYE_LOGOUT = "* BYE Switchboard IMAP logging out";
    static final String BYE_AUTOLOGOUT = "* BYE Autologout; idle for too long";
    static final String BYE_COMMAND_TIMEOUT = "* BYE Command not completed in time";
    static final String RUN_LIMIT = "[LIMIT] Command stopped: it ran longer than the server allows";
    static final String BYE_RUN_LIMIT = "* BYE [LIMIT] Response not read in time";
    static final String LOGIN_DISABLED = "[PRIVACYREQUIRED] LOGIN is refused before TLS";
    static final String AUTH_FAILED = "[AUTHENTICATIONFAILED] Invalid credentials";
    static final String AUTH_LOCKED = "[UNAVAILABLE] Too many failed logins, try later";
    static final String AUTH_CANCELLED = "Authentication cancelled";
    static final String AUTH_MECH = "Unsupported authentication mechanism";
    static final String NO_MAILBOX = "[NONEXISTENT] No such mailbox";
    static final String MAILBOX_EXISTS = "[ALREADYEXISTS] Mailbox already exists";
    static final String INBOX_PROTECTED = "INBOX cannot be deleted";
    static final String TLS_ACTIVE = "TLS already active";
    static final String READ_ONLY = "[READ-ONLY] Mailbox is read-only";
    static final String SERVER_BUSY = "[UNAVAILABLE] Server busy, try again";
    static final String SERVER_ERROR = "[SERVERBUG] Internal error";
    static final String BAD_CHARSET = "[BADCHARSET (UTF-8 US-ASCII)] Unsupported charset";
    static final String BAD_MAILBOX_NAME = "Invalid mailbox name";
    static final String QRESYNC_NOT_ENABLED = "QRESYNC is not enabled (ENABLE QRESYNC first)";
    static final String BAD_MODSEQ = "Invalid mod-sequence value";
}
