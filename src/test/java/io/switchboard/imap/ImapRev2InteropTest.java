package io.switchboard.imap;

import io.switchboard.support.TestServer;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * IMAP4rev2 (RFC 9051) with Python imaplib over a socket, raw commands where imaplib has no verb:
 * ESEARCH with RETURN (MIN MAX COUNT ALL SAVE) in IMAP4rev1 and as the default answer after ENABLE
 * IMAP4rev2, "$" (SEARCHRES), no RECENT or \Recent, SELECT's LIST, CLOSED, STATUS SIZE and DELETED,
 * LIST-EXTENDED with RETURN (STATUS, SPECIAL-USE, SUBSCRIBED), \NonExistent hierarchy levels,
 * RECURSIVEMATCH with CHILDINFO, UTF-8 mailbox names for rev2 and modified UTF-7 for rev1, UNSELECT,
 * SASL-IR and the capabilities advertised.
 */
class ImapRev2InteropTest {
    @Test
    void rev2SessionGetsEsearchUtf8NamesListStatusAndNoRecent() throws Exception {
        ImapTestSupport.requirePython();
        Path work = Files.createTempDirectory("imap-rev2-");
        try (TestServer ts = new TestServer(TestServer.Db.H2, ImapTestSupport.PLAIN_IMAP)) {
            ImapTestSupport.createMailAccount(ts, "rev@two.test", "rev-password");
            int port = ImapTestSupport.awaitPlainPort(ts);
            String script = """
                    import imaplib, sys, re, base64
                    PORT = %d
                    def check(cond, what):
                        if not cond:
                            print("FAILED: " + what); sys.exit(3)
                    def raw(M, *args):
                        # imaplib raises on BAD; the tests below expect some
                        try:
                            return M._simple_command(*args)
                        except imaplib.IMAP4.error as e:
                            return "BAD", [str(e)]
                    def untagged(M, name):
                        return M.untagged_responses.pop(name, [])

                    # SASL-IR: AUTHENTICATE PLAIN with the initial response on the command line
                    M = imaplib.IMAP4("127.0.0.1", PORT)
                    caps = M.capabilities
                    for c in ("IMAP4rev1", "IMAP4rev2", "ESEARCH", "SEARCHRES", "LIST-EXTENDED", "LIST-STATUS", "STATUS=SIZE",
                              "SASL-IR", "UNSELECT", "ENABLE", "BINARY", "SPECIAL-USE", "NAMESPACE", "IDLE", "MOVE", "UIDPLUS", "LITERAL+"):
                        check(c.upper() in caps, "capability " + c + " in " + repr(caps))
                    ir = base64.b64encode(b"\\0rev@two.test\\0rev-password").decode()
                    typ, data = raw(M, "AUTHENTICATE", "PLAIN", ir)
                    check(typ == "OK", "SASL-IR login %%r" %% data)
                    M.state = "AUTH"
                    for i, flags in enumerate(["(\\\\Seen)", "()", "(\\\\Seen \\\\Flagged)", "(\\\\Deleted)", "()"]):
                        msg = ("Subject: m%%d\\r\\nMessage-ID: <m%%d@two.test>\\r\\n\\r\\nbody %%d zebra\\r\\n" %% (i, i, i)).encode()
                        check(M.append("INBOX", flags, None, msg)[0] == "OK", "append")
                    sizes = sum(len(("Subject: m%%d\\r\\nMessage-ID: <m%%d@two.test>\\r\\n\\r\\nbody %%d zebra\\r\\n" %% (i, i, i)).encode()) for i in range(5))

                    # IMAP4rev1: plain SEARCH stays SEARCH, RETURN gives ESEARCH with the tag
                    M.select("INBOX")
                    check(M.untagged_responses.get("RECENT") is not None, "rev1 SELECT still says RECENT")
                    typ, data = M.search(None, "UNSEEN")
                    check(data == [b"2 4 5"], "rev1 SEARCH %%r" %% data)
                    tag = M._new_tag().decode(); M.tagnum -= 1
                    typ, data = raw(M, "UID", "SEARCH", "RETURN", "(MIN MAX COUNT ALL)", "UNSEEN")
                    es = untagged(M, "ESEARCH")
                    check(typ == "OK" and len(es) == 1, "rev1 ESEARCH %%r" %% es)
                    check(es[0] == ('(TAG "%%s") UID MIN 2 MAX 5 ALL 2,4:5 COUNT 3' %% tag).encode(), "ESEARCH line %%r" %% es[0])
                    check(not untagged(M, "SEARCH"), "no SEARCH next to ESEARCH")

                    # ENABLE IMAP4rev2 (in the authenticated state, RFC 5161 §3.1)
                    typ, data = raw(M, "UNSELECT")
                    M.state = "AUTH"
                    typ, data = raw(M, "ENABLE", "IMAP4rev2")
                    check(typ == "OK" and untagged(M, "ENABLED") == [b"IMAP4rev2"], "ENABLED IMAP4rev2")
                    M._encoding = "utf-8"   # rev2 names are UTF-8 on the wire
                    typ, data = M.select("INBOX")
                    typ, data = M.select("INBOX")
                    check(M.untagged_responses.get("RECENT") is None, "no RECENT in rev2 SELECT")
                    oks = b" ".join(M.untagged_responses.get("OK", []))
                    check(b"[CLOSED]" in oks and b"UNSEEN" not in oks, "CLOSED, no UNSEEN: %%r" %% oks)
                    check(untagged(M, "LIST") == [b'(\\HasNoChildren) "/" "INBOX"'], "SELECT sends LIST")
                    check(b"Recent" not in b" ".join(M.untagged_responses.get("FLAGS", [])), "no \\\\Recent flag")
                    # SEARCH answers as ESEARCH (ALL by default), with empty and COUNT results
                    tag = M._new_tag().decode(); M.tagnum -= 1
                    typ, data = M.search(None, "SEEN")
                    check(untagged(M, "ESEARCH") == [('(TAG "%%s") ALL 1,3' %% tag).encode()], "rev2 SEARCH is ESEARCH")
                    tag = M._new_tag().decode(); M.tagnum -= 1
                    typ, data = raw(M, "SEARCH", "RETURN", "(MIN MAX COUNT)", "SUBJECT", "nosuchsubject")
                    check(untagged(M, "ESEARCH") == [('(TAG "%%s") COUNT 0' %% tag).encode()], "empty ESEARCH")
                    # SEARCHRES: save, then use "$" in FETCH, SEARCH and STORE
                    typ, data = raw(M, "SEARCH", "RETURN", "(SAVE)", "SEEN")
                    check(typ == "OK" and not untagged(M, "ESEARCH"), "SAVE alone answers nothing")
                    typ, data = M.fetch("$", "(UID)")
                    check([d for d in data] == [b"1 (UID 1)", b"3 (UID 3)"], "FETCH $ %%r" %% data)
                    tag = M._new_tag().decode(); M.tagnum -= 1
                    typ, data = raw(M, "UID", "SEARCH", "RETURN", "(COUNT)", "$", "FLAGGED")
                    check(untagged(M, "ESEARCH") == [('(TAG "%%s") UID COUNT 1' %% tag).encode()], "SEARCH $")
                    typ, data = raw(M, "SEARCH", "RETURN", "(SAVE MIN)", "UNSEEN")
                    typ, data = M.fetch("$", "(UID)")
                    check(data == [b"2 (UID 2)"], "SAVE MIN keeps the minimum %%r" %% data)
                    # STATUS SIZE and DELETED; RECENT is gone in rev2
                    typ, data = M.status("INBOX", "(MESSAGES SIZE DELETED UNSEEN)")
                    check(data == [('"INBOX" (MESSAGES 5 SIZE %%d DELETED 1 UNSEEN 3)' %% sizes).encode()], "STATUS %%r" %% data)
                    typ, data = raw(M, "STATUS", "INBOX", "(RECENT)")
                    check(typ == "BAD", "STATUS RECENT refused in rev2")
                    # folders with UTF-8 names; a hierarchy level without a folder of its own
                    check(M.create('"Reisen/Z\\u00fcrich"')[0] == "OK", "CREATE UTF-8")
                    check(M.subscribe('"Reisen/Z\\u00fcrich"')[0] == "OK", "SUBSCRIBE UTF-8")
                    check(M.append('"Reisen/Z\\u00fcrich"', None, None, b"Subject: x\\r\\n\\r\\nhi\\r\\n")[0] == "OK", "APPEND UTF-8")
                    typ, data = M.list('""', '"*"')
                    lines = [d.decode("utf-8") if isinstance(d, bytes) else d[1].decode("utf-8") for d in data]
                    check('(\\\\NonExistent \\\\HasChildren) "/" "Reisen"' in lines, "NonExistent parent %%r" %% lines)
                    check(any("Reisen/Z\\u00fcrich" in l for l in lines), "UTF-8 name in LIST %%r" %% data)
                    # LIST-STATUS with SPECIAL-USE and SUBSCRIBED
                    typ, data = raw(M, "LIST", '""', '"*"', "RETURN", "(SPECIAL-USE SUBSCRIBED STATUS (MESSAGES SIZE))")
                    check(typ == "OK", "LIST RETURN %%r" %% data)
                    lst = untagged(M, "LIST"); st = untagged(M, "STATUS")
                    flat = [x if isinstance(x, bytes) else x[0] + x[1] for x in lst]
                    check(any(b"\\\\Sent" in x and b"\\\\Subscribed" in x and b'"Sent"' in x for x in flat), "special-use + subscribed %%r" %% flat)
                    check(('"INBOX" (MESSAGES 5 SIZE %%d)' %% sizes).encode() in st, "STATUS in LIST %%r" %% st)
                    stflat = [x if isinstance(x, bytes) else x[0] + x[1] for x in st]
                    check(any("Z\\u00fcrich".encode("utf-8") in x and b"(MESSAGES 1 " in x for x in stflat), "LIST-STATUS UTF-8 %%r" %% stflat)
                    check(not any(b'"Reisen"' in x for x in stflat), "no STATUS for a NonExistent level")
                    typ, data = raw(M, "LIST", "(SPECIAL-USE)", '""', '"*"')
                    lst = untagged(M, "LIST")
                    check(len(lst) == 4 and all(b"\\\\Sent" in x or b"\\\\Drafts" in x or b"\\\\Trash" in x or b"\\\\Junk" in x for x in lst), "LIST (SPECIAL-USE) %%r" %% lst)
                    check(M.unsubscribe("Sent")[0] == "OK", "UNSUBSCRIBE")
                    typ, data = raw(M, "LIST", "(SUBSCRIBED RECURSIVEMATCH)", '""', '"%%"')
                    lst = untagged(M, "LIST")
                    check(b'(\\\\NonExistent \\\\HasChildren) "/" "Reisen" ("CHILDINFO" ("SUBSCRIBED"))' in lst, "RECURSIVEMATCH %%r" %% lst)
                    check(not any(b'"Sent"' in x for x in lst), "unsubscribed Sent not listed")
                    typ, data = raw(M, "LIST", "(RECURSIVEMATCH)", '""', '"*"')
                    check(typ == "BAD", "RECURSIVEMATCH alone is BAD")
                    typ, data = raw(M, "LIST", '""', '"*"', "RETURN", "(STATUS (BOGUS))")
                    check(typ == "BAD", "unknown STATUS item in LIST is BAD")
                    # UNSELECT leaves the folder without expunging; "$" is emptied by it
                    typ, data = raw(M, "UNSELECT")
                    check(typ == "OK" and M.select("INBOX")[1] == [b"5"], "UNSELECT keeps \\\\Deleted messages")
                    typ, data = M.fetch("$", "(UID)")
                    check(data == [None], "$ empty after reselect %%r" %% data)
                    # RENAME INBOX moves every message to the new folder; INBOX stays, empty
                    typ, data = M.rename("INBOX", '"Alter Posteingang"')
                    check(typ == "OK", "RENAME INBOX %%r" %% data)
                    check(M.untagged_responses.get("EXPUNGE") == [b"5", b"4", b"3", b"2", b"1"], "expunges told %%r" %% M.untagged_responses)
                    check(M.status('"Alter Posteingang"', "(MESSAGES DELETED)")[1] == [b'"Alter Posteingang" (MESSAGES 5 DELETED 1)'], "moved")
                    check(M.status("INBOX", "(MESSAGES)")[1] == [b'"INBOX" (MESSAGES 0)'], "INBOX empty")
                    M.logout()

                    # an IMAP4rev1 session sees the same folder in modified UTF-7
                    N = imaplib.IMAP4("127.0.0.1", PORT)
                    N.login("rev@two.test", "rev-password")
                    typ, data = N.list('""', '"Reisen/*"')
                    check(data == [b'(\\\\HasNoChildren) "/" "Reisen/Z&APw-rich"'], "rev1 LIST mUTF-7 %%r" %% data)
                    typ, data = N.list('""', '"%%"')
                    check(b'(\\\\Noselect \\\\HasChildren) "/" "Reisen"' in data, "rev1 Noselect level %%r" %% data)
                    typ, data = N.status('"Reisen/Z&APw-rich"', "(MESSAGES RECENT)")
                    check(data == [b'"Reisen/Z&APw-rich" (MESSAGES 1 RECENT 0)'], "rev1 STATUS %%r" %% data)
                    N.logout()
                    print("ALL GOOD")
                    """.formatted(port);
            ImapTestSupport.runScript(work, 120, script);
        }
    }
}
