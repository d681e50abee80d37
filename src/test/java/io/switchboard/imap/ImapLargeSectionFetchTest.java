package io.switchboard.imap;

import io.switchboard.support.ProcessRunner;
import io.switchboard.support.TestServer;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A message with a 30 MB binary attachment (base64, NULs in the decoded bytes) is appended by
 * Python imaplib, then fetched by sections: BODY[TEXT], BODY[2], BINARY[2] (literal8), BINARY.SIZE,
 * partial ranges of each, BODY[n.MIME], BODY[HEADER] and a quoted-printable part through BINARY.
 * The bytes are compared with what Python's email module finds in the message. That the server
 * streamed the sections, ENVELOPE and BODYSTRUCTURE, and never loaded the message whole into memory, is checked with the
 * FETCH counters (the ones /statistics shows under imap_fetch): a heap-independent check.
 */
class ImapLargeSectionFetchTest {
    @Test
    void sectionsOfALargeMessageAreStreamedAndMatchPythonsEmailParse() throws Exception {
        ImapTestSupport.requirePython();
        Path work = Files.createTempDirectory("imap-sections-");
        try (TestServer ts = new TestServer(TestServer.Db.H2, Map.of("imap.enabled", "true", "imap.port", "0", "imaps.port", "0",
                "imap.auth.require_tls", "false", "http.bind", "127.0.0.1", "imap.command.timeout.seconds", "600"))) {
            ImapTestSupport.createMailAccount(ts, "big@sections.test", "big-password");
            int port = ImapTestSupport.awaitPlainPort(ts);
            String script = """
                    import imaplib, sys, base64, random, re, email, email.policy
                    PORT = %d
                    def check(cond, what):
                        if not cond:
                            print("FAILED: " + what); sys.exit(3)
                    rng = random.Random(11)
                    attachment = bytes(rng.getrandbits(8) for _ in range(64 * 1024)) * 480   # 30 MiB with NULs
                    attachment = attachment[:-5] + b"\\x00tail"
                    text = "Gr\\u00fc\\u00dfe aus Z\\u00fcrich, eine lange Zeile " * 40
                    import quopri
                    qp = quopri.encodestring(text.encode("utf-8")).replace(b"\\n", b"\\r\\n")
                    b64 = base64.encodebytes(attachment).replace(b"\\n", b"\\r\\n")
                    head = b"Subject: big one\\r\\nMIME-Version: 1.0\\r\\nContent-Type: multipart/mixed; boundary=\\"=-b0und\\"\\r\\n\\r\\n"
                    part1_mime = b"Content-Type: text/plain; charset=utf-8\\r\\nContent-Transfer-Encoding: quoted-printable\\r\\n\\r\\n"
                    part2_mime = (b"Content-Type: application/octet-stream; name=blob.bin\\r\\nContent-Transfer-Encoding: base64\\r\\n"
                                  b"Content-Disposition: attachment; filename=blob.bin\\r\\n\\r\\n")
                    body = (b"This is a multi-part message.\\r\\n--=-b0und\\r\\n" + part1_mime + qp + b"\\r\\n--=-b0und\\r\\n" + part2_mime
                            + b64 + b"\\r\\n--=-b0und--\\r\\nepilogue\\r\\n")
                    raw = head + body
                    M = imaplib.IMAP4("127.0.0.1", PORT)
                    M.login("big@sections.test", "big-password")
                    check(M.append("INBOX", None, None, raw)[0] == "OK", "append")
                    M.select("INBOX")
                    msg = email.message_from_bytes(raw, policy=email.policy.compat32)
                    py_part1, py_part2 = msg.get_payload()
                    def fetch(item):
                        typ, data = M.fetch("1", "(" + item + ")")
                        check(typ == "OK", item + " " + repr(data)[:300])
                        lits = [d for d in data if isinstance(d, tuple)]
                        check(len(lits) == 1, "one literal for " + item)
                        return lits[0][0], lits[0][1]
                    # the top-level header first: read up to the blank line, before any layout exists
                    h, got = fetch("BODY.PEEK[HEADER.FIELDS (SUBJECT)]")
                    check(got == b"Subject: big one\\r\\n\\r\\n", "HEADER.FIELDS %%r" %% got)
                    h, got = fetch("RFC822.HEADER")
                    check(got == head and b"RFC822.HEADER {%%d}" %% len(head) in h, "RFC822.HEADER %%r" %% h)
                    # BODY[TEXT]: everything after the header's blank line
                    h, got = fetch("BODY.PEEK[TEXT]")
                    check(got == body, "BODY[TEXT] %%d vs %%d" %% (len(got), len(body)))
                    h, got = fetch("BODY.PEEK[HEADER]")
                    check(got == head, "BODY[HEADER]")
                    # BODY[2]: the part's body as stored, transfer-encoded, without the break before the delimiter
                    h, got = fetch("BODY.PEEK[2]")
                    check(got == b64, "BODY[2] %%d vs %%d" %% (len(got), len(b64)))
                    check(got.replace(b"\\r\\n", b"\\n") == py_part2.get_payload().encode().replace(b"\\r\\n", b"\\n"), "BODY[2] as email sees it")
                    h, got = fetch("BODY.PEEK[2.MIME]")
                    check(got == part2_mime, "BODY[2.MIME] %%r" %% got)
                    h, got = fetch("BODY.PEEK[1.MIME]")
                    check(got == part1_mime, "BODY[1.MIME] %%r" %% got)
                    # BINARY[2]: decoded, NULs inside, so a literal8; its size is exact
                    h, got = fetch("BINARY.PEEK[2]")
                    check(b"~{%%d}" %% len(attachment) in h, "BINARY[2] announces literal8 of the exact size: %%r" %% h)
                    check(got == attachment, "BINARY[2] bytes")
                    check(got == py_part2.get_payload(decode=True), "BINARY[2] equals email's decode")
                    typ, data = M.fetch("1", "(BINARY.SIZE[2] BINARY.SIZE[1])")
                    line = data[0] if isinstance(data[0], bytes) else data[0][0]
                    check(b"BINARY.SIZE[2] %%d" %% len(attachment) in line, "BINARY.SIZE[2] %%r" %% line)
                    check(b"BINARY.SIZE[1] %%d" %% len(py_part1.get_payload(decode=True)) in line, "BINARY.SIZE[1] %%r" %% line)
                    h, got = fetch("BINARY.PEEK[1]")
                    check(got == py_part1.get_payload(decode=True) == text.encode("utf-8"), "BINARY[1] quoted-printable decoded")
                    # partial ranges, of the raw and of the decoded part, and past the end
                    h, got = fetch("BINARY.PEEK[2]<1000000.5000000>")
                    check(got == attachment[1000000:6000000] and b"BINARY[2]<1000000>" in h, "partial BINARY %%r" %% h)
                    h, got = fetch("BODY.PEEK[2]<7.1000>")
                    check(got == b64[7:1007] and b"BODY[2]<7>" in h, "partial BODY[2]")
                    h, got = fetch("BODY.PEEK[TEXT]<%%d.100000>" %% (len(body) - 10))
                    check(got == body[-10:], "partial past the end")
                    h, got = fetch("BINARY.PEEK[2]<%%d.9>" %% (len(attachment) - 4))
                    check(got == b"tail", "decoded tail %%r" %% got)
                    # a second session at the same time gets the same bytes (the layout is shared, the stream is its own)
                    N = imaplib.IMAP4("127.0.0.1", PORT)
                    N.login("big@sections.test", "big-password")
                    N.select("INBOX", readonly=True)
                    typ, data = N.fetch("1", "(BODY.PEEK[2]<30000000.100>)")
                    check(data[0][1] == b64[30000000:30000100], "second session partial")
                    # ENVELOPE alone reads the top-level header only
                    typ, data = N.fetch("1", "(ENVELOPE)")
                    line = data[0] if isinstance(data[0], bytes) else data[0][0]
                    check(b'ENVELOPE (NIL "big one" NIL' in line, "ENVELOPE alone %%r" %% line[:300])
                    # BODYSTRUCTURE comes from one streamed parse that keeps no body, then cached for every session
                    for S in (M, N, M):
                        typ, data = S.fetch("1", "(BODYSTRUCTURE ENVELOPE)")
                        line = data[0] if isinstance(data[0], bytes) else data[0][0]
                        check(b'("APPLICATION" "OCTET-STREAM" ("NAME" "blob.bin") NIL NIL "BASE64" %%d' %% len(b64) in line, "BODYSTRUCTURE %%r" %% line[:300])
                        check(b'"big one"' in line, "ENVELOPE %%r" %% line[:300])
                    N.logout()
                    typ, data = M.fetch("1", "(BODY[2.MIME])")
                    check(b"\\\\Seen" in repr(data).encode(), "a non-PEEK section sets \\\\Seen: %%r" %% repr(data)[:200])
                    M.logout()
                    print("ALL GOOD %%d %%d" %% (len(raw), len(b64)))
                    """.formatted(port);
            long loadedBefore = SectionStream.LOADED_WHOLE_OCTETS.get();
            long streamedBefore = SectionStream.STREAMED_OCTETS.get();
            long structureBefore = MessageView.STRUCTURE_OCTETS_STREAMED.get();
            ProcessRunner.Result res = ImapTestSupport.runScript(work, 600, script);
            long loaded = SectionStream.LOADED_WHOLE_OCTETS.get() - loadedBefore;
            long streamed = SectionStream.STREAMED_OCTETS.get() - streamedBefore;
            long structure = MessageView.STRUCTURE_OCTETS_STREAMED.get() - structureBefore;
            // the sections above add up to more than 110 MB; none of it came from a message loaded whole
            assertTrue(streamed > 110_000_000L, "section octets streamed: " + streamed);
            // nor did ENVELOPE or BODYSTRUCTURE: nothing at all of this 30 MB message was loaded whole
            assertEquals(0, loaded, "octets of messages FETCH loaded whole into memory");
            // one streamed parse behind the three BODYSTRUCTUREs of two sessions, plus the header read for ENVELOPE alone
            String[] good = res.stdout().substring(res.stdout().indexOf("ALL GOOD")).trim().split("\\s+");
            long rawSize = Long.parseLong(good[2]);
            assertTrue(structure >= rawSize && structure < rawSize + 1024 * 1024, "structure octets streamed: " + structure + " of " + rawSize);
            Map<String, Object> stats = ts.server().stats().snapshot();
            assertTrue(String.valueOf(stats.get("imap_fetch")).contains("section_octets_streamed"), String.valueOf(stats));
            assertTrue(String.valueOf(stats.get("imap_fetch")).contains("structure_octets_streamed"), String.valueOf(stats));
        }
    }
}
