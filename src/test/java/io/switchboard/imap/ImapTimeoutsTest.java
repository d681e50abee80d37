package io.switchboard.imap;

import io.switchboard.support.TestServer;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The connection timers with short settings: a half-sent command line or literal gets BYE after
 * imap.command.timeout.seconds; a silent connection before login after imap.login.timeout.seconds;
 * a logged-in one (IDLE too) only after imap.autologout.seconds.
 */
class ImapTimeoutsTest {
    @Test
    void halfSentCommandsAndSilentSessionsGetByeWithTheAllowanceOfTheirState() throws Exception {
        ImapTestSupport.requirePython();
        Path work = Files.createTempDirectory("imap-timeouts-");
        try (TestServer ts = new TestServer(TestServer.Db.H2, Map.of("imap.enabled", "true", "imap.port", "0", "imaps.port", "0",
                "imap.auth.require_tls", "false", "http.bind", "127.0.0.1", "imap.command.timeout.seconds", "1",
                "imap.login.timeout.seconds", "2", "imap.autologout.seconds", "5"))) {
            ImapTestSupport.createMailAccount(ts, "tim@timeout.test", "tim-password");
            int port = ImapTestSupport.awaitPlainPort(ts);
            String body = """
                    import socket, sys, time
                    PORT = %d
                    def check(cond, what):
                        if not cond:
                            print("FAILED: " + what); sys.exit(3)
                    def connect():
                        s = socket.create_connection(("127.0.0.1", PORT))
                        s.settimeout(20)
                        f = s.makefile("rb")
                        check(f.readline().startswith(b"* OK"), "greeting")
                        return s, f
                    def closed_after_bye(f, text):
                        line = f.readline()
                        check(line.startswith(b"* BYE") and text in line, "expected BYE with %%r, got %%r" %% (text, line))
                        check(f.readline() == b"", "connection closed after BYE")
                    # a command line without its end
                    s, f = connect()
                    s.sendall(b"a1 LOGIN tim@timeout.test")
                    closed_after_bye(f, b"not completed")
                    # a literal announced and only partly sent
                    s, f = connect()
                    s.sendall(b"a1 LOGIN {16}\\r\\n")
                    check(f.readline().startswith(b"+"), "continuation")
                    s.sendall(b"tim@time")
                    closed_after_bye(f, b"not completed")
                    # silence before login: the login timer
                    s, f = connect()
                    closed_after_bye(f, b"Autologout")
                    # logged in: the login timer no longer applies, the autologout one does
                    s, f = connect()
                    s.sendall(b"a1 LOGIN tim@timeout.test tim-password\\r\\n")
                    check(f.readline().startswith(b"a1 OK"), "login")
                    time.sleep(3)
                    s.sendall(b"a2 NOOP\\r\\n")
                    check(f.readline().startswith(b"a2 OK"), "still there after the login timeout")
                    s.sendall(b"a3 SELECT INBOX\\r\\n")
                    while not f.readline().startswith(b"a3 "):
                        pass
                    s.sendall(b"a4 IDLE\\r\\n")
                    check(f.readline().startswith(b"+"), "idling")
                    t = time.time()
                    closed_after_bye(f, b"Autologout")
                    check(time.time() - t >= 3, "idle session kept until the autologout timer")
                    print("ALL GOOD")
                    """.formatted(port);
            ImapTestSupport.runScript(work, 90, body);
        }
    }
}
