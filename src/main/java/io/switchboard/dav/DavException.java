package io.switchboard.dav;

/**
 * A DAV failure: an HTTP status, a message, and optionally a precondition element (RFC 4918 §16,
 * RFC 4791 §1.3) written as {@code <D:error><precondition/></D:error>}.
 */
final class DavException extends RuntimeException {
    private final int status;
    private final String condition;

    DavException(int status, String message) {
        this(status, message, null);
    }

    /** {@code condition} is XML such as {@code <C:valid-calendar-data/>} with a prefix from DavXml.NS_DECL. */
    DavException(int status, String message, String condition) {
        super(message);
        this.status = status;
        this.condition = condition;
    }

    int status() {
        return status;
    }

    String condition() {
        return condition;
    }
}
