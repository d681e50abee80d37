package io.switchboard.imap;

import io.switchboard.entity.EntityRow;

import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/** SELECT, EXAMINE, CREATE, DELETE, RENAME, SUBSCRIBE, UNSUBSCRIBE, LIST, LSUB, STATUS, APPEND (RFC 3501 §6.3). */
final class FolderVerbs {
    private FolderVerbs() {
    }

    static final DateTimeFormatter DATE_TIME = DateTimeFormatter.ofPattern("d-MMM-yyyy HH:mm:ss Z", Locale.ROOT);

    static void register(ImapVerbs v) {
        v.add("SELECT", ImapVerbs.AUTH, (h, s, a) -> select(h, s, a, false));
        v.add("EXAMINE", ImapVerbs.AUTH, (h, s, a) -> select(h, s, a, true));
        v.add("CREATE", ImapVerbs.AUTH, (h, s, a) -> {
            a.expect(1, 2);
            String name = mailboxName(s, a.string(0));
            if (name.endsWith("/")) name = name.substring(0, name.length() - 1);
            if (s.ctx.store().box(s.account, name) != null) throw ImapException.no(ImapReplies.MAILBOX_EXISTS);
            s.ctx.store().createBox(s.account, name);
            return "CREATE completed";
        });
        v.add("DELETE", ImapVerbs.AUTH, (h, s, a) -> {
            a.expect(1, 1);
            String name = mailboxName(s, a.string(0));
            if (name.equals("INBOX")) throw ImapException.no(ImapReplies.INBOX_PROTECTED);
            ImapStore.Box b = existing(s, name);
            if (s.selected != null && s.selected.box.id().equals(b.id())) unselect(h, s);
            s.ctx.store().deleteBox(b);
            return "DELETE completed";
        });
        v.add("RENAME", ImapVerbs.AUTH, (h, s, a) -> {
            a.expect(2, 2);
            ImapStore.Box b = existing(s, mailboxName(s, a.string(0)));
            String to = mailboxName(s, a.string(1));
            if (s.ctx.store().box(s.account, to) != null) throw ImapException.no(ImapReplies.MAILBOX_EXISTS);
            if (b.name().equals("INBOX")) {
                renameInbox(s, b, to);
                return "RENAME completed";
            }
            s.ctx.store().renameBox(b, to);
            return "RENAME completed";
        });
        v.add("SUBSCRIBE", ImapVerbs.AUTH, (h, s, a) -> {
            a.expect(1, 1);
            s.ctx.store().subscribe(existing(s, mailboxName(s, a.string(0))), true);
            return "SUBSCRIBE completed";
        });
        v.add("UNSUBSCRIBE", ImapVerbs.AUTH, (h, s, a) -> {
            a.expect(1, 1);
            s.ctx.store().subscribe(existing(s, mailboxName(s, a.string(0))), false);
            return "UNSUBSCRIBE completed";
        });
        v.add("LIST", ImapVerbs.AUTH, (h, s, a) -> ListCommand.run(s, a, false));
        v.add("LSUB", ImapVerbs.AUTH, (h, s, a) -> ListCommand.run(s, a, true));
        v.add("STATUS", ImapVerbs.AUTH, (h, s, a) -> {
            a.expect(2, 2);
            ImapStore.Box b = existing(s, mailboxName(s, a.string(0)));
            s.untagged(statusLine(s, b, a.list(1).items()));
            return "STATUS completed";
        });
        v.add("APPEND", ImapVerbs.AUTH, (h, s, a) -> {
            if (a.size() < 2 || a.size() > 4) throw ImapException.bad(ImapReplies.BAD_ARGS);
            String name = mailboxName(s, a.string(0));
            Set<String> flags = new LinkedHashSet<>();
            Instant date = Instant.now();
            for (int i = 1; i < a.size() - 1; i++) {
                Object o = a.args.get(i);
                if (o instanceof ImapArgs.Lst l) flags = MessageVerbs.flags(l);
                else date = parseDateTime(ImapArgs.text(o));
            }
            if (!(a.args.get(a.size() - 1) instanceof ImapArgs.Str msg)) throw ImapException.bad(ImapReplies.BAD_ARGS);
            ImapStore.Box b = s.ctx.store().box(s.account, name);
            if (b == null) throw ImapException.no("[TRYCREATE] No such mailbox");
            EntityRow row = s.ctx.store().append(s.account, b, msg.bytes(), flags, date);
            long uid = ((Number) row.attributes().get("uid")).longValue();
            if (s.selected != null) s.sync(false);
            return "[APPENDUID " + b.uidValidity() + " " + uid + "] APPEND completed";
        });
    }

    /** "STATUS name (item value ...)" (RFC 9051 §6.3.11, §7.2.4; SIZE from RFC 8438; HIGHESTMODSEQ from RFC 7162). */
    static String statusLine(ImapSession s, ImapStore.Box b, List<Object> items) throws Exception {
        ImapStore.Snapshot snap = s.ctx.store().snapshot(b.id());
        long highest = snap.highestModseq();
        List<ImapStore.Msg> msgs = snap.msgs();
        StringBuilder out = new StringBuilder();
        if (items.isEmpty()) throw ImapException.bad(ImapReplies.BAD_ARGS);
        for (Object o : items) {
            String item = ImapArgs.text(o).toUpperCase(Locale.ROOT);
            long value = switch (item) {
                case "MESSAGES" -> msgs.size();
                case "UIDNEXT" -> Math.max(b.uidNext(), msgs.isEmpty() ? 1 : msgs.get(msgs.size() - 1).uid() + 1);
                case "UIDVALIDITY" -> b.uidValidity();
                case "UNSEEN" -> msgs.stream().filter(m -> !m.flags().contains(Flags.SEEN)).count();
                case "DELETED" -> msgs.stream().filter(m -> m.flags().contains(Flags.DELETED)).count();
                case "SIZE" -> msgs.stream().mapToLong(ImapStore.Msg::size).sum();
                case "HIGHESTMODSEQ" -> highest; // RFC 7162 §3.1.2.3
                case "RECENT" -> {
                    // RFC 9051 Appendix E: \Recent and RECENT are gone from IMAP4rev2
                    if (s.rev2.enabled) throw ImapException.bad("RECENT is not an IMAP4rev2 STATUS item");
                    yield 0;
                }
                default -> throw ImapException.bad("Unknown STATUS item " + item);
            };
            if (out.length() > 0) out.append(' ');
            out.append(item).append(' ').append(value);
        }
        if (out.indexOf("HIGHESTMODSEQ") >= 0) s.enableCondstore();
        return "STATUS " + MailboxNames.wire(s, b.name()) + " (" + out + ")";
    }

    /**
     * RENAME INBOX (RFC 9051 §6.3.6, RFC 3501 §6.3.5): every message moves to a new folder of that
     * name and INBOX stays, empty; one transaction ({@link ImapStore#renameInbox}), so a failure
     * half-way leaves everything where it was. Sessions selected on INBOX (here and on other nodes)
     * see the messages expunged.
     */
    private static void renameInbox(ImapSession s, ImapStore.Box inbox, String to) throws Exception {
        if (s.ctx.store().renameInbox(s.account, inbox, to) == null) throw ImapException.no(ImapReplies.MAILBOX_EXISTS);
        s.ctx.watchers().changed(inbox.id(), null);
        if (s.selected != null && s.selected.box.id().equals(inbox.id())) s.sync(true);
    }

    static Instant parseDateTime(String s) throws ImapException {
        try {
            return ZonedDateTime.parse(s.trim(), DATE_TIME).toInstant();
        } catch (DateTimeParseException e) {
            throw ImapException.bad("Invalid date-time");
        }
    }

    private static String select(ImapHandler h, ImapSession s, ImapArgs a, boolean readOnly) throws Exception {
        if (a.size() < 1) throw ImapException.bad(ImapReplies.BAD_ARGS);
        String name = mailboxName(s, a.string(0));
        s.rev2.clearSaved();
        CondStoreArgs.SelectParams params = CondStoreArgs.selectParams(a.args.subList(1, a.size()));
        // RFC 7162 §3.2.5: the QRESYNC parameter only after ENABLE QRESYNC
        if (params.qresync() != null && !s.qresync) throw ImapException.bad(ImapReplies.QRESYNC_NOT_ENABLED);
        boolean wasSelected = s.selected != null;
        unselect(h, s);
        // RFC 7162 §3.2.11: with QRESYNC on, the end of the previous selection is marked
        if (wasSelected && (s.qresync || s.rev2.enabled)) s.untagged("OK [CLOSED] Previous mailbox closed");
        ImapStore.Box b = s.ctx.store().box(s.account, name);
        if (b == null) throw ImapException.no(ImapReplies.NO_MAILBOX);
        if (params.condstore()) s.enableCondstore();
        // the listing comes with the HIGHESTMODSEQ read before its rows (see ImapStore.snapshot)
        ImapStore.Snapshot snap = s.ctx.store().snapshot(b.id());
        long highest = snap.highestModseq();
        List<ImapStore.Msg> msgs = snap.msgs();
        s.selected = new ImapSession.Selected(b, readOnly, msgs, highest);
        s.state = ImapSession.State.SELECTED;
        s.ctx.watchers().watch(b.id(), h);
        long uidNext = b.uidNext();
        // the listing is sorted by UID: its last message has the highest
        if (!msgs.isEmpty()) uidNext = Math.max(uidNext, msgs.get(msgs.size() - 1).uid() + 1);
        s.untagged("FLAGS " + Flags.DEFINED);
        s.untagged(msgs.size() + " EXISTS");
        if (s.rev2.enabled) {
            // RFC 9051 §6.3.2: a LIST of the folder instead of RECENT and UNSEEN
            s.untagged("LIST (" + ListCommand.attributes(s, b) + ") \"/\" " + MailboxNames.wire(s, b.name()));
        } else {
            s.untagged("0 RECENT");
        }
        for (int i = 0; i < msgs.size() && !s.rev2.enabled; i++) {
            if (!msgs.get(i).flags().contains(Flags.SEEN)) {
                s.untagged("OK [UNSEEN " + (i + 1) + "] First unseen");
                break;
            }
        }
        s.untagged("OK [UIDVALIDITY " + b.uidValidity() + "] UIDs valid");
        s.untagged("OK [UIDNEXT " + uidNext + "] Predicted next UID");
        s.untagged("OK [PERMANENTFLAGS " + (readOnly ? "()" : Flags.PERMANENT) + "] Limited");
        s.untagged("OK [HIGHESTMODSEQ " + highest + "] Highest");
        CondStoreArgs.Qresync q = params.qresync();
        if (q != null && q.uidValidity() == b.uidValidity()) quickResync(s, q, uidNext - 1);
        return (readOnly ? "[READ-ONLY] EXAMINE" : "[READ-WRITE] SELECT") + " completed";
    }

    /**
     * RFC 7162 §3.2.5.1: what changed since the client's mod-sequence: the UIDs expunged since
     * (VANISHED (EARLIER)), then a FETCH of flags for every message changed since, both limited to
     * the client's known UIDs when it sent them.
     */
    private static void quickResync(ImapSession s, CondStoreArgs.Qresync q, long lastUid) throws Exception {
        java.util.function.LongPredicate known = q.knownUids() == null ? uid -> true : SequenceSet.uidMatcher(q.knownUids(), lastUid);
        UidRanges vanished = s.ctx.store().vanishedEarlier(s.selected.box.id(), q.modseq(), q.knownUids(), lastUid);
        if (!vanished.isEmpty()) s.untagged("VANISHED (EARLIER) " + vanished);
        List<ImapStore.Msg> msgs = s.selected.msgs;
        for (int i = 0; i < msgs.size(); i++) {
            ImapStore.Msg m = msgs.get(i);
            if (m.modseq() > q.modseq() && known.test(m.uid())) s.untagged(s.flagsFetch(i, m, true));
        }
    }

    static void unselect(ImapHandler h, ImapSession s) {
        s.rev2.clearSaved();
        if (s.selected != null) s.ctx.watchers().unwatch(s.selected.box.id(), h);
        s.selected = null;
        if (s.state == ImapSession.State.SELECTED) s.state = ImapSession.State.AUTHENTICATED;
    }

    static ImapStore.Box existing(ImapSession s, String name) throws Exception {
        ImapStore.Box b = s.ctx.store().box(s.account, name);
        if (b == null) throw ImapException.no(ImapReplies.NO_MAILBOX);
        return b;
    }

    /**
     * The name as stored (modified UTF-7, INBOX canonical) of a name as the client sent it:
     * UTF-8 from an IMAP4rev2 session (RFC 9051 §5.1), checked modified UTF-7 otherwise (RFC 3501 §5.1.3).
     */
    static String mailboxName(ImapSession s, String wire) throws ImapException {
        if (wire.isEmpty()) throw ImapException.bad(ImapReplies.BAD_MAILBOX_NAME);
        if (s.rev2.enabled) {
            for (int i = 0; i < wire.length(); i++) {
                if (wire.charAt(i) < 0x20 || wire.charAt(i) == 0x7f || wire.charAt(i) == '\ufffd') {
                    throw ImapException.bad(ImapReplies.BAD_MAILBOX_NAME + ": control character or invalid UTF-8");
                }
            }
            wire = MailboxNames.encode(wire);
        }
        if (wire.length() > 255) throw ImapException.bad(ImapReplies.BAD_MAILBOX_NAME);
        for (int i = 0; i < wire.length(); i++) {
            char c = wire.charAt(i);
            if (c < 0x20 || c > 0x7e) throw ImapException.bad(ImapReplies.BAD_MAILBOX_NAME + ": not modified UTF-7");
            if (c == '&') {
                int end = wire.indexOf('-', i + 1);
                if (end < 0) throw ImapException.bad(ImapReplies.BAD_MAILBOX_NAME + ": unterminated UTF-7 shift");
                for (int j = i + 1; j < end; j++) {
                    char d = wire.charAt(j);
                    if (!(Character.isLetterOrDigit(d) && d < 128 || d == '+' || d == ',')) {
                        throw ImapException.bad(ImapReplies.BAD_MAILBOX_NAME + ": invalid modified UTF-7");
                    }
                }
                i = end;
            }
        }
        return ImapStore.canonical(wire);
    }
}
