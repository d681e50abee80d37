package io.switchboard.ftp;

import java.nio.file.Files;

/** MKD and XMKD (RFC 959 section 4.1.3): make a folder where the user may write. */
final class MkdVerb extends WritablePathVerb {
    @Override
    void act(FtpSession s, FtpFileSystem.Target t) throws Exception {
        Files.createDirectory(t.file());
    }

    @Override
    void answer(FtpSession s, VirtualPath p) {
        s.reply(FtpReplies.created(p.toString()));
    }
}
