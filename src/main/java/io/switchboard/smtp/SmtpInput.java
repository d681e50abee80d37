package io.switchboard.smtp;

/** What {@link SmtpDecoder} hands to the session handler. */
public sealed interface SmtpInput {
    /** One command line without its CRLF (UTF-8, for SMTPUTF8). */
    record CommandLine(String line) implements SmtpInput {
    }

    /** A command line longer than the limit: it was discarded. */
    record LineTooLong() implements SmtpInput {
    }

    /**
     * The message after DATA (dot-stuffing removed, CRLF line ends) or one BDAT chunk. Problems
     * found while reading are flags: the bytes were still consumed up to the end of the message.
     */
    record Message(byte[] content, boolean tooBig, boolean bareLineEnd, boolean nul, boolean lineTooLong,
                   boolean chunk, boolean last, String badChunk) implements SmtpInput {
    }
}
