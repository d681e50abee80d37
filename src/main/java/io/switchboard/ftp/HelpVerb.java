package io.switchboard.ftp;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/** HELP (RFC 959 section 4.1.3): the verbs of the registry. */
final class HelpVerb implements FtpVerb {
    private final FtpCommandRegistry registry;

    HelpVerb(FtpCommandRegistry registry) {
        this.registry = registry;
    }

    @Override
    public CompletableFuture<Void> run(FtpSession s, String arg) throws Exception {
        List<String> lines = new ArrayList<>();
        lines.add("The following commands are recognized:");
        lines.add(String.join(" ", registry.all().keySet()));
        lines.add("Help OK");
        return s.reply(new FtpReply(214, lines));
    }

    @Override
    public Need need() {
        return Need.ANYTIME;
    }
}
