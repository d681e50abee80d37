package io.switchboard.ftp;

import java.nio.file.Files;
import java.nio.file.LinkOption;

/** RMD and XRMD (RFC 959 section 4.1.3): remove an empty folder. */
final class RmdVerb extends WritablePathVerb {
    @Override
    void act(FtpSession s, FtpFileSystem.Target t) throws Exception {
        if (!Files.isDirectory(t.file(), LinkOption.NOFOLLOW_LINKS)) throw new FtpException(FtpReplies.NOT_A_DIRECTORY);
        Files.delete(t.file());
    }

    @Override
    void answer(FtpSession s, VirtualPath p) {
        s.reply(FtpReplies.RMD_OK);
    }
}
