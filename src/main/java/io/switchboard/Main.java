package io.switchboard;

import io.switchboard.config.CommandLine;
import io.switchboard.config.Config;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code java -jar switchboard.jar [--config FILE] [--set key=value ...]}. Exit codes follow
 * sysexits.h (see {@link StartupException}); SIGTERM drains and exits 0.
 */
public final class Main {
    private Main() {
    }

    public static void main(String[] args) {
        Config config;
        try {
            config = CommandLine.parse(args, System.getenv());
        } catch (CommandLine.UsageException e) {
            System.err.println(e.getMessage());
            System.exit(e.getMessage().equals(CommandLine.USAGE) ? 0 : StartupException.EXIT_USAGE);
            return;
        }
        Logger log = LoggerFactory.getLogger(Main.class);
        Server server;
        try {
            server = Server.start(config);
        } catch (StartupException e) {
            log.error("start-up failed: {}", e.getMessage());
            System.exit(e.exitCode());
            return;
        } catch (RuntimeException | Error e) {
            log.error("start-up failed", e);
            System.exit(StartupException.EXIT_SOFTWARE);
            return;
        }
        Runtime.getRuntime().addShutdownHook(new Thread(server::close, "sb-shutdown"));
        try {
            server.awaitClosed();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
