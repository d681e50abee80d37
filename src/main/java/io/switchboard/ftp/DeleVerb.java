package io.switchboard.ftp;

import java.nio.file.Files;
import java.nio.file.LinkOption;

/** DELE (RFC 959 section 4.1.3): delete a file; its bytes leave the quota of the site's owner (who they counted against). */
final class DeleVerb extends WritablePathVerb {
    @Override
    void act(FtpSession s, FtpFileSystem.Target t) throws Exception {
        if (Files.isDirectory(t.file(), LinkOption.NOFOLLOW_LINKS)) throw new FtpException(FtpReplies.NOT_A_FILE);
        long freed = Files.isRegularFile(t.file(), LinkOption.NOFOLLOW_LINKS) ? Files.size(t.file()) : 0;
        Files.delete(t.file());
        if (t.site().owner() != null) s.ctx.quota.release(t.site().owner(), freed);
    }

    @Override
    void answer(FtpSession s, VirtualPath p) {
        s.reply(FtpReplies.DELE_OK);
    }
}
