package io.switchboard.imap;

import io.switchboard.support.TestServer;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Large bodies come back byte for byte (whole, partial, RFC822) from the streamed FETCH path, and
 * SEARCH BODY/TEXT/SUBJECT look at decoded text: quoted-printable and base64 text parts in their
 * charset, RFC 2047 headers, but not inside non-text attachments. Python imaplib over a socket.
 */
class ImapFetchStreamAndSearchTest {
    @Test
    void largeBodiesAreStreamedExactlyAndSearchMatchesDecodedText() throws Exception {
        ImapTestSupport.requirePython();
        Path work = Files.createTempDirectory("imap-stream-");
        try (TestServer ts = new TestServer(TestServer.Db.H2, ImapTestSupport.PLAIN_IMAP)) {
            ImapTestSupport.createMailAccount(ts, "sam@stream.test", "sam-password");
            int port = ImapTestSupport.awaitPlainPort(ts);
            String body = """
                    import imaplib, sys, base64, random
                    PORT = %d
                    def check(cond, what):
                        if not cond:
                            print("FAILED: " + what); sys.exit(3)
                    M = imaplib.IMAP4("127.0.0.1", PORT)
                    M.login("sam@stream.test", "sam-password")
                    rng = random.Random(7)
                    def big(n, tag):
                        line = lambda k: ("%%s line %%07d " %% (tag, k) + "".join(rng.choice("abcdefghij") for _ in range(60)) + "\\r\\n").encode()
                        out, k, size = [], 0, 0
                        while size < n:
                            out.append(line(k)); size += len(out[-1]); k += 1
                        return b"Subject: " + tag.encode() + b"\\r\\n\\r\\n" + b"".join(out)
                    bodies = [big(3 * 1024 * 1024, "three"), big(1024 * 1024, "one"), big(1024 * 1024, "uno")]
                    for b in bodies:
                        check(M.append("INBOX", None, None, b)[0] == "OK", "append")
                    qp = (b"Subject: =?utf-8?q?Gr=C3=BC=C3=9Fe?=\\r\\nMIME-Version: 1.0\\r\\n"
                          b"Content-Type: text/plain; charset=utf-8\\r\\nContent-Transfer-Encoding: quoted-printable\\r\\n\\r\\n"
                          b"Sch=C3=B6ne G=C3=A4rten und ein sehr langer Satz, der weich umbroch=\\r\\nen wird: verbunden\\r\\n")
                    att = base64.encodebytes(b"needleinattachment " * 20)
                    mixed = (b"Subject: mixed\\r\\nMIME-Version: 1.0\\r\\nContent-Type: multipart/mixed; boundary=ZZ\\r\\n\\r\\n--ZZ\\r\\n"
                             b"Content-Type: text/plain; charset=iso-8859-1\\r\\nContent-Transfer-Encoding: base64\\r\\n\\r\\n"
                             + base64.encodebytes("zebrafish im caf\\u00e9".encode("iso-8859-1")) +
                             b"--ZZ\\r\\nContent-Type: application/octet-stream\\r\\nContent-Transfer-Encoding: base64\\r\\n\\r\\n" + att +
                             b"--ZZ--\\r\\n")
                    M.append("INBOX", None, None, qp)
                    M.append("INBOX", None, None, mixed)
                    M.select("INBOX")
                    typ, data = M.fetch("1:3", "(RFC822.SIZE BODY.PEEK[])")
                    got = [x[1] for x in data if isinstance(x, tuple)]
                    check(got == bodies, "streamed bodies differ: %%r" %% [len(x) for x in got])
                    check(all(b"RFC822.SIZE %%d" %% len(b) in x[0] for b, x in zip(bodies, [d for d in data if isinstance(d, tuple)])), "sizes")
                    typ, data = M.fetch("1", "(BODY.PEEK[]<1000000.777>)")
                    check(data[0][1] == bodies[0][1000000:1000777] and b"BODY[]<1000000>" in data[0][0], "partial %%r" %% data[0][0])
                    typ, data = M.fetch("2", "(BODY.PEEK[]<1048000.100000>)")
                    check(data[0][1] == bodies[1][1048000:], "partial past the end")
                    typ, data = M.fetch("3", "(RFC822)")
                    check(data[0][1] == bodies[2], "rfc822 body")
                    check(b"\\\\Seen" in data[0][0] + data[1], "rfc822 sets seen %%r %%r" %% (data[0][0], data[1]))
                    # decoded search
                    def search(*crit, literal=None):
                        M.literal = literal
                        typ, data = M.search("UTF-8", *crit)
                        return data[0]
                    check(search("BODY", literal="gärten".encode()) == b"4", "quoted-printable utf-8 body")
                    check(search("BODY", "umbrochen") == b"4", "soft line break joined")
                    check(search("TEXT", "zebrafish") == b"5", "base64 text part")
                    check(search("BODY", literal="café".encode()) == b"5", "iso-8859-1 part")
                    check(search("TEXT", "needleinattachment") == b"", "attachments are not text")
                    check(search("SUBJECT", literal="grüße".encode()) == b"4", "encoded-word subject")
                    check(search("TEXT", literal="GRÜSSE".encode()) == b"", "no folding beyond case")
                    check(search("TEXT", literal="GRÜßE".encode()) == b"4", "case-insensitive header text")
                    check(search("BODY", '"three line 0012345 "') == b"1", "large plain body")
                    M.logout()
                    print("ALL GOOD")
                    """.formatted(port);
            ImapTestSupport.runScript(work, 120, body);
        }
    }
}
