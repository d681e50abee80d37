package io.switchboard.imap;

/** A command failure answered with a tagged NO or BAD (RFC 3501 §7.1). */
final class ImapException extends Exception {
    private final boolean bad;

    private ImapException(boolean bad, String text) {
        super(text, null, false, false);
        this.bad = bad;
    }

    static ImapException bad(String text) {
        return new ImapException(true, text);
    }

    static ImapException no(String text) {
        return new ImapException(false, text);
    }

    boolean isBad() {
        return bad;
    }
}
