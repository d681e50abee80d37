package io.switchboard.smtp;

import io.switchboard.Server;

import static org.junit.jupiter.api.Assertions.fail;

/** The SMTP module binds a server row's listener asynchronously: the tests wait for its port here. */
final class SmtpListeners {
    private SmtpListeners() {
    }

    /** The port of the listener for {@code host}, once bound; a test failure after 10 s. */
    static int awaitPort(Server server, String host) throws InterruptedException {
        for (int i = 0; i < 200; i++) {
            int p = SmtpModule.of(server).port(host);
            if (p > 0) return p;
            Thread.sleep(50);
        }
        fail("the SMTP listener for " + host + " did not start");
        return -1;
    }
}
