package io.switchboard.imap;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

/** CAPABILITY, NOOP, LOGOUT, STARTTLS, LOGIN, AUTHENTICATE PLAIN, ID, ENABLE, NAMESPACE (RFC 3501 §6.1-6.2, RFC 2971, 5161, 2342). */
final class SessionVerbs {
    private SessionVerbs() {
    }

    static void register(ImapVerbs v) {
        v.add("CAPABILITY", ImapVerbs.ANY, (h, s, a) -> {
            a.expect(0, 0);
            s.untagged("CAPABILITY " + ImapReplies.capabilities(s.tls, s.loginAllowed(), s.account != null));
            return "CAPABILITY completed";
        });
        v.add("NOOP", ImapVerbs.ANY, (h, s, a) -> {
            a.expect(0, 0);
            s.sync(true);
            return "NOOP completed";
        });
        v.add("LOGOUT", ImapVerbs.ANY, (h, s, a) -> {
            a.expect(0, 0);
            s.state = ImapSession.State.LOGOUT;
            s.untagged(ImapReplies.BYE_LOGOUT.substring(2));
            s.flush(a.tag + " OK LOGOUT completed");
            h.ctx().close();
            return null;
        });
        v.add("STARTTLS", ImapVerbs.NOT_AUTH, (h, s, a) -> {
            a.expect(0, 0);
            if (s.tls) throw ImapException.bad(ImapReplies.TLS_ACTIVE);
            s.flush(null);
            h.startTls(a.tag + " OK Begin TLS negotiation now");
            return null;
        });
        v.add("LOGIN", ImapVerbs.NOT_AUTH, (h, s, a) -> {
            a.expect(2, 2);
            if (!s.loginAllowed()) throw ImapException.no(ImapReplies.LOGIN_DISABLED);
            return login(h, s, a.string(0), a.string(1));
        });
        v.add("AUTHENTICATE", ImapVerbs.NOT_AUTH, (h, s, a) -> {
            a.expect(1, 2);
            if (!a.atom(0).equals("PLAIN")) throw ImapException.no(ImapReplies.AUTH_MECH);
            if (!s.loginAllowed()) throw ImapException.no(ImapReplies.LOGIN_DISABLED);
            if (a.size() == 2) return plain(h, s, a.string(1));
            s.flush("+ ");
            h.expectContinuation((hh, line) -> {
                String ok;
                try {
                    if (line.equals("*")) throw ImapException.bad(ImapReplies.AUTH_CANCELLED);
                    ok = plain(hh, s, line);
                } catch (ImapException e) {
                    s.flush(a.tag + (e.isBad() ? " BAD " : " NO ") + e.getMessage());
                    return true;
                }
                s.flush(a.tag + " OK " + ok);
                return true;
            });
            return null;
        });
        v.add("ID", ImapVerbs.ANY, (h, s, a) -> {
            a.expect(1, 1);
            s.untagged("ID (\"name\" \"Switchboard\")");
            return "ID completed";
        });
        // RFC 5161 §3.1 and RFC 9051 §6.3.1: clients must not send ENABLE once a mailbox is selected,
        // and servers need not check. It is accepted then too (as Dovecot does): every mode it turns
        // on takes effect at a command boundary on the selected view (MODSEQ on later FETCHes, VANISHED
        // for later expunges, rev2 grammar for later responses), so refusing would only break lax clients.
        v.add("ENABLE", ImapVerbs.AUTH, (h, s, a) -> {
            if (a.size() == 0) throw ImapException.bad(ImapReplies.BAD_ARGS);
            // RFC 5161 §3.1: list only what this command newly enabled; unknown names are ignored
            StringBuilder enabled = new StringBuilder("ENABLED");
            for (int i = 0; i < a.size(); i++) {
                String ext = a.atom(i);
                if (ext.equals("QRESYNC") && !s.qresync) {
                    // RFC 7162 §3.2.3: QRESYNC implies CONDSTORE
                    if (!s.condstore) enabled.append(" CONDSTORE");
                    s.enableCondstore();
                    s.qresync = true;
                    enabled.append(" QRESYNC");
                } else if (ext.equals("IMAP4REV2") && !s.rev2.enabled) {
                    // RFC 9051 §6.3.1: from here on the session follows IMAP4rev2
                    s.rev2.enabled = true;
                    enabled.append(" IMAP4rev2");
                } else if (ext.equals("CONDSTORE") && !s.condstore) {
                    s.enableCondstore();
                    enabled.append(" CONDSTORE");
                }
            }
            s.untagged(enabled.toString());
            return "ENABLE completed";
        });
        v.add("NAMESPACE", ImapVerbs.AUTH, (h, s, a) -> {
            a.expect(0, 0);
            s.untagged("NAMESPACE ((\"\" \"/\")) NIL NIL");
            return "NAMESPACE completed";
        });
    }

    /** RFC 4616: [authzid] NUL authcid NUL passwd, base64. */
    private static String plain(ImapHandler h, ImapSession s, String b64) throws Exception {
        // RFC 4959 (SASL-IR): "=" is an empty initial response
        if (b64.equals("=")) b64 = "";
        byte[] dec;
        try {
            dec = Base64.getDecoder().decode(b64.trim());
        } catch (IllegalArgumentException e) {
            throw ImapException.bad("Invalid base64");
        }
        String[] parts = new String(dec, StandardCharsets.UTF_8).split("\0", -1);
        if (parts.length != 3) throw ImapException.bad("Invalid PLAIN response");
        if (!parts[0].isEmpty() && !parts[0].equalsIgnoreCase(parts[1])) throw ImapException.no(ImapReplies.AUTH_FAILED);
        return login(h, s, parts[1], parts[2]);
    }

    private static String login(ImapHandler h, ImapSession s, String user, String password) throws Exception {
        ImapAuthenticator.Result r = s.ctx.auth().verify(user, password, h.clientIp());
        switch (r.outcome()) {
            case LOCKED -> throw ImapException.no(ImapReplies.AUTH_LOCKED);
            case FAILED -> throw ImapException.no(ImapReplies.AUTH_FAILED);
            default -> {
            }
        }
        s.account = r.account();
        s.state = ImapSession.State.AUTHENTICATED;
        return "[CAPABILITY " + ImapReplies.capabilities(s.tls, true, true) + "] Logged in";
    }
}
