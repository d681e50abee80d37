package io.switchboard;

import java.util.List;
import java.util.function.Supplier;

/** The modules of this build, in start order. One line per module. */
final class Modules {
    private Modules() {
    }

    static List<Supplier<Module>> all() {
        return List.of(
                io.switchboard.cluster.ClusterModule::new,
                io.switchboard.realtime.RealtimeModule::new,
                io.switchboard.yjs.YjsModule::new,
                io.switchboard.feed.FeedModule::new,
                io.switchboard.console.ConsoleModule::new,
                io.switchboard.ftp.FtpModule::new,
                io.switchboard.smtp.SmtpModule::new,
                io.switchboard.dav.DavModule::new,
                io.switchboard.imap.ImapModule::new
        );
    }
}
