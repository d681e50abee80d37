package io.switchboard.imap;

import io.switchboard.Json;
import io.switchboard.support.ProcessRunner;
import io.switchboard.support.Api;
import io.switchboard.support.TestServer;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/** What the IMAP tests that drive a real client share: a mail account to log in with, and the listener's port. */
final class ImapTestSupport {
    /** The interpreter the imaplib tests run (Debian package python3). */
    static final String PY = "/usr/bin/python3";
    /** IMAP on ephemeral ports, LOGIN allowed without TLS, HTTP on loopback. */
    static final Map<String, String> PLAIN_IMAP = Map.of("imap.enabled", "true", "imap.port", "0", "imaps.port", "0",
            "imap.auth.require_tls", "false", "http.bind", "127.0.0.1");

    private ImapTestSupport() {
    }

    /** Fails (never skips) when the interpreter is missing, naming the package. */
    static void requirePython() {
        if (!Files.isExecutable(Path.of(PY))) fail(PY + " is missing: install the Debian package python3");
    }

    /**
     * Runs an imaplib script (its own imports, PORT and checks) in {@code work} and asserts that it exited
     * 0 and printed {@code ALL GOOD}; returns the result for tests that read more of its output.
     */
    static ProcessRunner.Result runScript(Path work, int timeoutSeconds, String script) throws Exception {
        Path f = Files.createTempFile(work, "t", ".py");
        Files.writeString(f, script);
        ProcessRunner.Result r = ProcessRunner.run(work, timeoutSeconds, PY, f.toString());
        assertEquals(0, r.exit(), "python failed:\n" + r.stdout() + "\n" + r.stderr());
        assertTrue(r.stdout().contains("ALL GOOD"), r.stdout() + r.stderr());
        return r;
    }

    /** Creates {@code address} with {@code password} through the JSON API, as an administrator would. */
    static void createMailAccount(TestServer ts, String address, String password) {
        Api api = ts.api();
        Api.User admin = api.newUser("Admin");
        assertEquals(200, api.post("/action/world/become_an_administrator", admin.token(), "{}").status());
        var r = api.post("/api/mail_account", admin.token(), Api.resource("mail_account",
                Json.object().put("username", address).put("password", password)));
        assertEquals(201, r.status(), r.text());
    }

    /** The plain (STARTTLS) IMAP port once the listener is up (the module starts it asynchronously). */
    static int awaitPlainPort(TestServer ts) throws InterruptedException {
        int port = -1;
        for (int i = 0; i < 200 && port <= 0; i++) {
            ImapModule m = ImapModule.of(ts.server());
            port = m == null ? -1 : m.port(0);
            if (port <= 0) Thread.sleep(25);
        }
        assertTrue(port > 0, "IMAP listener did not start");
        return port;
    }
}
