package io.switchboard.ftp;

/** A command that fails with a given reply; thrown by file-system steps, caught by the session. */
public final class FtpException extends Exception {
    private final FtpReply reply;

    public FtpException(FtpReply reply) {
        super(reply.lines().get(0), null, false, false);
        this.reply = reply;
    }

    public FtpReply reply() {
        return reply;
    }
}
