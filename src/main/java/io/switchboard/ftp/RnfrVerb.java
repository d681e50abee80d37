package io.switchboard.ftp;

/** RNFR (RFC 959 section 4.1.3): the file or folder the next RNTO renames (any other command forgets it). */
final class RnfrVerb extends WritablePathVerb {
    @Override
    void act(FtpSession s, FtpFileSystem.Target t) throws Exception {
        if (!FtpFileSystem.exists(t.file())) throw new FtpException(FtpReplies.NOT_FOUND);
    }

    @Override
    void answer(FtpSession s, VirtualPath p) {
        s.renameFrom = p;
        s.reply(FtpReplies.RNFR_OK);
    }
}
