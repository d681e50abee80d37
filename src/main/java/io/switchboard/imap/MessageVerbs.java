package io.switchboard.imap;

import io.switchboard.entity.EntityRow;

import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/** CHECK, CLOSE, UNSELECT, EXPUNGE, SEARCH, FETCH, STORE, COPY, MOVE, UID, IDLE (RFC 3501 §6.4, RFC 4315, 6851, 2177). */
final class MessageVerbs {
    private MessageVerbs() {
    }

    static void register(ImapVerbs v) {
        v.add("CHECK", ImapVerbs.SELECTED, (h, s, a) -> {
            s.sync(true);
            return "CHECK completed";
        });
        v.add("CLOSE", ImapVerbs.SELECTED, (h, s, a) -> {
            a.expect(0, 0);
            if (!s.selected.readOnly) expunge(h, s, null, false);
            FolderVerbs.unselect(h, s);
            return "CLOSE completed";
        });
        v.add("UNSELECT", ImapVerbs.SELECTED, (h, s, a) -> {
            a.expect(0, 0);
            FolderVerbs.unselect(h, s);
            return "UNSELECT completed";
        });
        v.add("EXPUNGE", ImapVerbs.SELECTED, (h, s, a) -> {
            a.expect(0, 0);
            if (s.selected.readOnly) throw ImapException.no(ImapReplies.READ_ONLY);
            expunge(h, s, null, true);
            return "EXPUNGE completed";
        });
        v.add("SEARCH", ImapVerbs.SELECTED, (h, s, a) -> search(s, a.tag, a.args, false));
        v.add("FETCH", ImapVerbs.SELECTED, (h, s, a) -> fetch(s, a.args, false));
        v.add("STORE", ImapVerbs.SELECTED, (h, s, a) -> store(h, s, a.args, false));
        v.add("COPY", ImapVerbs.SELECTED, (h, s, a) -> copy(h, s, a.args, false, false));
        v.add("MOVE", ImapVerbs.SELECTED, (h, s, a) -> copy(h, s, a.args, false, true));
        v.add("UID", ImapVerbs.SELECTED, (h, s, a) -> {
            if (a.size() < 1) throw ImapException.bad(ImapReplies.BAD_ARGS);
            List<Object> rest = a.args.subList(1, a.size());
            return switch (a.atom(0)) {
                case "FETCH" -> fetch(s, rest, true);
                case "SEARCH" -> search(s, a.tag, rest, true);
                case "STORE" -> store(h, s, rest, true);
                case "COPY" -> copy(h, s, rest, true, false);
                case "MOVE" -> copy(h, s, rest, true, true);
                case "EXPUNGE" -> {
                    if (rest.size() != 1) throw ImapException.bad(ImapReplies.BAD_ARGS);
                    if (s.selected.readOnly) throw ImapException.no(ImapReplies.READ_ONLY);
                    List<Integer> idx = resolve(s, ImapArgs.text(rest.get(0)), true);
                    Set<Long> uids = new HashSet<>();
                    for (int i : idx) uids.add(s.selected.msgs.get(i).uid());
                    expunge(h, s, uids, true);
                    yield "UID EXPUNGE completed";
                }
                default -> throw ImapException.bad(ImapReplies.BAD_UNKNOWN);
            };
        });
        v.add("IDLE", ImapVerbs.AUTH, (h, s, a) -> {
            a.expect(0, 0);
            s.sync(true);
            s.flush("+ idling");
            h.setIdling(true);
            h.expectContinuation((hh, line) -> {
                hh.setIdling(false);
                if (!line.trim().equalsIgnoreCase("DONE")) {
                    s.flush(a.tag + " BAD Expected DONE");
                    return true;
                }
                synchronized (s) {
                    s.sync(true);
                }
                s.flush(a.tag + " OK IDLE terminated");
                return true;
            });
            return null;
        });
    }

    /** A sequence set, or "$": the messages of the saved search result still in the folder (RFC 5182 §2.1). */
    static List<Integer> resolve(ImapSession s, String set, boolean uid) throws ImapException {
        if (!set.equals("$")) return SequenceSet.resolve(set, s.selected.msgs, uid);
        List<Integer> out = new ArrayList<>();
        for (long u : s.rev2.saved()) {
            int i = s.selected.indexOfUid(u);
            if (i >= 0) out.add(i);
        }
        java.util.Collections.sort(out);
        return out;
    }

    static Set<String> flags(ImapArgs.Lst l) throws ImapException {
        Set<String> out = new LinkedHashSet<>();
        for (Object o : l.items()) {
            if (!(o instanceof ImapArgs.Atom at) || !Flags.valid(at.raw())) throw ImapException.bad("Invalid flag");
            out.add(Flags.normalise(at.raw()));
        }
        return out;
    }

    /** Removes \\Deleted messages (all, or only these UIDs) and reports them (RFC 3501 §6.4.3). */
    private static void expunge(ImapHandler h, ImapSession s, Set<Long> onlyUids, boolean report) throws Exception {
        s.sync(true);
        List<ImapStore.Msg> gone = new ArrayList<>();
        for (ImapStore.Msg m : s.selected.msgs) {
            if (m.flags().contains(Flags.DELETED) && (onlyUids == null || onlyUids.contains(m.uid()))) gone.add(m);
        }
        removeFromView(h, s, gone, report);
    }

    /** Deletes these messages durably, drops them from the session's view and tells the client and the other sessions. */
    private static void removeFromView(ImapHandler h, ImapSession s, List<ImapStore.Msg> gone, boolean report) throws Exception {
        if (gone.isEmpty()) return;
        s.ctx.store().expunge(s.selected.box.id(), gone);
        Set<String> ids = new HashSet<>();
        for (ImapStore.Msg m : gone) ids.add(m.id());
        List<ImapStore.Msg> before = s.selected.msgs;
        List<ImapStore.Msg> after = new ArrayList<>(before.size());
        List<Integer> removed = new ArrayList<>();
        for (int i = 0; i < before.size(); i++) {
            if (ids.contains(before.get(i).id())) removed.add(i);
            else after.add(before.get(i));
        }
        if (report) s.reportExpunged(removed, before);
        s.selected.msgs = after;
        s.ctx.watchers().changed(s.selected.box.id(), h);
    }

    // ----------------------------------------------------------------- FETCH (§6.4.5)

    private static String fetch(ImapSession s, List<Object> args, boolean uid) throws Exception {
        if (args.size() != 2 && args.size() != 3) throw ImapException.bad(ImapReplies.BAD_ARGS);
        CondStoreArgs.FetchModifiers mods = args.size() == 3 ? CondStoreArgs.fetchModifiers(args.get(2))
                : new CondStoreArgs.FetchModifiers(-1, false);
        // RFC 7162 §3.2.6: VANISHED only in UID FETCH, and only once QRESYNC is enabled
        if (mods.vanished() && !uid) throw ImapException.bad("VANISHED is only allowed in UID FETCH");
        if (mods.vanished() && !s.qresync) throw ImapException.bad(ImapReplies.QRESYNC_NOT_ENABLED);
        List<String> items = new ArrayList<>();
        if (args.get(1) instanceof ImapArgs.Lst l) {
            for (Object o : l.items()) items.add(ImapArgs.text(o));
        } else {
            String one = ImapArgs.text(args.get(1)).toUpperCase(Locale.ROOT);
            switch (one) {
                case "ALL" -> items.addAll(List.of("FLAGS", "INTERNALDATE", "RFC822.SIZE", "ENVELOPE"));
                case "FAST" -> items.addAll(List.of("FLAGS", "INTERNALDATE", "RFC822.SIZE"));
                case "FULL" -> items.addAll(List.of("FLAGS", "INTERNALDATE", "RFC822.SIZE", "ENVELOPE", "BODY"));
                default -> items.add(ImapArgs.text(args.get(1)));
            }
        }
        List<FetchItem> parsed = new ArrayList<>();
        boolean hasUid = false;
        boolean hasModseq = false;
        boolean hasFlags = false;
        for (String it : items) {
            FetchItem f = FetchItem.parse(it);
            parsed.add(f);
            hasUid |= f.kind().equals("UID");
            hasModseq |= f.kind().equals("MODSEQ");
            hasFlags |= f.kind().equals("FLAGS");
        }
        if (uid && !hasUid) parsed.add(0, FetchItem.parse("UID"));
        // RFC 7162 §3.1.4: CHANGEDSINCE implies the MODSEQ item; both enable CONDSTORE
        if (mods.changedSince() >= 0 && !hasModseq) {
            parsed.add(FetchItem.parse("MODSEQ"));
            hasModseq = true;
        }
        if (hasModseq) s.enableCondstore();
        s.sync(uid);
        String set = ImapArgs.text(args.get(0));
        List<Integer> idx = resolve(s, set, uid);
        if (mods.vanished()) {
            long lastUid = s.selected.msgs.isEmpty() ? 0 : s.selected.msgs.get(s.selected.msgs.size() - 1).uid();
            UidRanges vanished = s.ctx.store().vanishedEarlier(s.selected.box.id(), mods.changedSince(), set,
                    Math.max(lastUid, s.selected.box.uidNext() - 1));
            if (!vanished.isEmpty()) s.untagged("VANISHED (EARLIER) " + vanished);
        }
        if (mods.changedSince() >= 0) {
            List<Integer> changed = new ArrayList<>();
            for (int i : idx) if (s.selected.msgs.get(i).modseq() > mods.changedSince()) changed.add(i);
            idx = changed;
        }
        // the \\Seen a body fetch implies is stored first (one transaction, one mod-sequence), so the
        // responses show the flags and mod-sequence as they are durably
        boolean setsSeen = !s.selected.readOnly && parsed.stream().anyMatch(FetchItem::setsSeen);
        Set<Integer> newlySeen = new HashSet<>();
        if (setsSeen) {
            List<ImapStore.Msg> toSee = new ArrayList<>();
            for (int i : idx) {
                ImapStore.Msg m = s.selected.msgs.get(i);
                if (!m.flags().contains(Flags.SEEN)) {
                    Set<String> nf = new LinkedHashSet<>(m.flags());
                    nf.add(Flags.SEEN);
                    toSee.add(m.withFlags(nf, m.modseq()));
                    newlySeen.add(i);
                }
            }
            List<ImapStore.Msg> stored = s.ctx.store().setFlags(s.selected.box.id(), toSee);
            java.util.Map<String, ImapStore.Msg> byId = new java.util.HashMap<>();
            for (ImapStore.Msg m : stored) byId.put(m.id(), m);
            for (int i : newlySeen) s.selected.msgs.set(i, byId.get(s.selected.msgs.get(i).id()));
        }
        // each message's response goes out as it is made (bodies in chunks from blob storage), so a
        // FETCH of many or large messages never holds them all in memory
        ImapStore store = s.ctx.store();
        StringBuilder line = new StringBuilder(256);
        boolean anySeen = !newlySeen.isEmpty();
        s.reserve(idx.size() * 40L); // a FLAGS line is about 30 octets; bodies flush as they go
        for (int i : idx) {
            respond(s, line, i, s.selected.msgs.get(i), parsed, store, anySeen && newlySeen.contains(i), hasFlags, hasModseq);
        }
        if (!newlySeen.isEmpty()) s.ctx.watchers().changed(s.selected.box.id(), null);
        return (uid ? "UID " : "") + "FETCH completed";
    }

    /**
     * Writes one message's FETCH response line. A method of its own, called once per message, so
     * the JIT compiles it after a few hundred messages: the loop in {@link #fetch} runs only a few
     * times per command and would stay interpreted for the first several FETCHes of a folder.
     */
    private static void respond(ImapSession s, StringBuilder line, int i, ImapStore.Msg m, List<FetchItem> parsed, ImapStore store,
                                boolean seenNow, boolean hasFlags, boolean hasModseq) throws Exception {
        line.setLength(0);
        line.append("* ").append(i + 1).append(" FETCH (");
        // loads the stored message only if an item needs it (not for FLAGS, UID, MODSEQ, ...)
        MessageView view = new MessageView(() -> {
            byte[] b = store.raw(m);
            SectionStream.LOADED_WHOLE_OCTETS.addAndGet(b.length);
            return b;
        }, () -> store.openRaw(m), m.blob(), m.size() > SectionStream.IN_MEMORY_LIMIT);
        boolean first = true;
        for (FetchItem f : parsed) {
            if (!first) line.append(' ');
            first = false;
            if (f.streamed()) {
                s.raw(line);
                line.setLength(0);
                f.write(m, view, s, store);
            } else {
                f.appendTo(line, m, view);
            }
        }
        if (seenNow) {
            // RFC 3501 §6.4.5: a \\Seen set as a side effect is reported
            if (!hasFlags) Flags.appendList(line.append(" FLAGS "), m.flags());
            if (s.condstore && !hasModseq) line.append(" MODSEQ (").append(m.modseq()).append(')');
        }
        line.append(")\r\n");
        s.raw(line);
        s.flushIfLarge();
    }

    // ----------------------------------------------------------------- STORE (§6.4.6)

    private static String store(ImapHandler h, ImapSession s, List<Object> args, boolean uid) throws Exception {
        if (args.size() != 3 && args.size() != 4) throw ImapException.bad(ImapReplies.BAD_ARGS);
        long unchangedSince = -1;
        if (args.size() == 4) {
            // RFC 7162 §7 puts (UNCHANGEDSINCE n) after the sequence set; imapflow sends it last, so both are read
            boolean last = !(args.get(1) instanceof ImapArgs.Lst) && args.get(3) instanceof ImapArgs.Lst l3
                    && !l3.items().isEmpty() && ImapArgs.text(l3.items().get(0)).equalsIgnoreCase("UNCHANGEDSINCE");
            unchangedSince = CondStoreArgs.storeModifier(args.get(last ? 3 : 1));
            args = last ? List.of(args.get(0), args.get(1), args.get(2)) : List.of(args.get(0), args.get(2), args.get(3));
        }
        if (s.selected.readOnly) throw ImapException.no(ImapReplies.READ_ONLY);
        // RFC 7162 §3.1: UNCHANGEDSINCE is a CONDSTORE-enabling use
        if (unchangedSince >= 0) s.enableCondstore();
        s.sync(uid);
        List<Integer> idx = resolve(s, ImapArgs.text(args.get(0)), uid);
        String op = ImapArgs.text(args.get(1)).toUpperCase(Locale.ROOT);
        boolean silent = op.endsWith(".SILENT");
        if (silent) op = op.substring(0, op.length() - 7);
        Set<String> given;
        if (args.get(2) instanceof ImapArgs.Lst l) {
            given = flags(l);
        } else {
            given = flags(new ImapArgs.Lst(List.of(args.get(2))));
        }
        ImapStore.FlagOp fop = switch (op) {
            case "FLAGS" -> ImapStore.FlagOp.REPLACE;
            case "+FLAGS" -> ImapStore.FlagOp.ADD;
            case "-FLAGS" -> ImapStore.FlagOp.REMOVE;
            default -> throw ImapException.bad("Unknown STORE operation");
        };
        List<ImapStore.Msg> targets = new ArrayList<>();
        for (int i : idx) targets.add(s.selected.msgs.get(i));
        ImapStore.FlagResult r = s.ctx.store().applyFlags(s.selected.box.id(), targets, fop, given, unchangedSince);
        java.util.Map<String, ImapStore.Msg> byId = new java.util.HashMap<>();
        for (ImapStore.Msg m : r.now()) byId.put(m.id(), m);
        List<Long> modified = new ArrayList<>();
        for (int i : idx) {
            ImapStore.Msg u = byId.get(s.selected.msgs.get(i).id());
            if (u == null) continue; // expunged by another session; reported at the next sync
            if (r.modifiedIds().contains(u.id())) {
                // RFC 7162 §3.1.3: refused, listed in [MODIFIED]; its flags are told at the next sync
                modified.add(uid ? u.uid() : i + 1);
                continue;
            }
            boolean changed = r.changedIds().contains(u.id());
            s.selected.msgs.set(i, u);
            if (!silent) s.untagged(s.flagsFetch(i, u, true));
            else if (changed && s.condstore) s.untagged(s.flagsFetch(i, u, false)); // the new MODSEQ, without FLAGS
        }
        if (!r.changedIds().isEmpty()) s.ctx.watchers().changed(s.selected.box.id(), h);
        String done = (uid ? "UID " : "") + "STORE completed";
        return modified.isEmpty() ? done : "[MODIFIED " + SequenceSet.compact(modified) + "] Conditional " + done;
    }

    // ----------------------------------------------------------------- COPY / MOVE (§6.4.7, RFC 6851, RFC 4315)

    private static String copy(ImapHandler h, ImapSession s, List<Object> args, boolean uid, boolean move) throws Exception {
        if (args.size() != 2) throw ImapException.bad(ImapReplies.BAD_ARGS);
        if (move && s.selected.readOnly) throw ImapException.no(ImapReplies.READ_ONLY);
        s.sync(uid);
        List<Integer> idx = resolve(s, ImapArgs.text(args.get(0)), uid);
        ImapStore.Box dest = s.ctx.store().box(s.account, FolderVerbs.mailboxName(s, ImapArgs.text(args.get(1))));
        if (dest == null) throw ImapException.no("[TRYCREATE] No such mailbox");
        List<Long> from = new ArrayList<>();
        List<Long> to = new ArrayList<>();
        List<ImapStore.Msg> moved = new ArrayList<>();
        for (int i : idx) {
            ImapStore.Msg m = s.selected.msgs.get(i);
            EntityRow row = s.ctx.store().copy(s.account, m, dest);
            from.add(m.uid());
            to.add(((Number) row.attributes().get("uid")).longValue());
            moved.add(m);
        }
        String code = from.isEmpty() ? "" : "[COPYUID " + dest.uidValidity() + " " + SequenceSet.compact(from) + " " + SequenceSet.compact(to) + "] ";
        if (move) {
            if (!code.isEmpty()) s.untagged("OK " + code + "Moved");
            removeFromView(h, s, moved, true);
            return (uid ? "UID " : "") + "MOVE completed";
        }
        return code + (uid ? "UID " : "") + "COPY completed";
    }

    // ----------------------------------------------------------------- SEARCH (§6.4.4)

    /**
     * SEARCH [RETURN (options)] [CHARSET c] keys. The old SEARCH response for IMAP4rev1 without
     * RETURN; ESEARCH otherwise (RFC 4731, RFC 9051 §6.4.4). SAVE keeps the result for "$"
     * (RFC 5182), and a SEARCH ... SAVE that fails leaves it empty.
     */
    private static String search(ImapSession s, String tag, List<Object> args, boolean uid) throws Exception {
        List<Object> keys = new ArrayList<>(args);
        Set<Esearch.Option> ret = null;
        if (keys.size() >= 2 && keys.get(0) instanceof ImapArgs.Atom at && at.upper().equals("RETURN")) {
            if (!(keys.get(1) instanceof ImapArgs.Lst l)) throw ImapException.bad(ImapReplies.BAD_ARGS);
            ret = Esearch.parse(l);
            keys = keys.subList(2, keys.size());
        }
        boolean saving = ret != null && ret.contains(Esearch.Option.SAVE);
        try {
            return searchKeys(s, tag, keys, uid, ret);
        } catch (ImapException e) {
            if (saving) s.rev2.clearSaved();
            throw e;
        }
    }

    private static String searchKeys(ImapSession s, String tag, List<Object> keys, boolean uid, Set<Esearch.Option> ret) throws Exception {
        s.sync(uid);
        if (keys.size() >= 2 && keys.get(0) instanceof ImapArgs.Atom at && at.upper().equals("CHARSET")) {
            String cs = ImapArgs.text(keys.get(1)).toUpperCase(Locale.ROOT);
            if (!cs.equals("UTF-8") && !cs.equals("US-ASCII")) throw ImapException.no(ImapReplies.BAD_CHARSET);
            keys = keys.subList(2, keys.size());
        }
        if (keys.isEmpty()) throw ImapException.bad(ImapReplies.BAD_ARGS);
        SearchProgram prog = SearchProgram.compile(keys, s.selected.msgs, resolve(s, "$", false));
        if (prog.usesModseq()) s.enableCondstore();
        List<ImapStore.Msg> msgs = s.selected.msgs;
        List<Long> found = new ArrayList<>();
        List<Long> foundUids = new ArrayList<>();
        long highestMatched = 0;
        for (int i = 0; i < msgs.size(); i++) {
            s.checkRunLimit();
            if (prog.matches(i, msgs.get(i), s.ctx.store())) {
                found.add(uid ? msgs.get(i).uid() : i + 1);
                foundUids.add(msgs.get(i).uid());
                highestMatched = Math.max(highestMatched, msgs.get(i).modseq());
            }
        }
        String done = (uid ? "UID " : "") + "SEARCH completed";
        if (ret == null && !s.rev2.enabled) {
            StringBuilder out = new StringBuilder("SEARCH");
            for (long n : found) out.append(' ').append(n);
            // RFC 7162 §3.1.5: a search with MODSEQ ends with the highest mod-sequence of what it found
            if (prog.usesModseq() && highestMatched > 0) out.append(" (MODSEQ ").append(highestMatched).append(')');
            s.untagged(out.toString());
            return done;
        }
        if (ret == null) ret = java.util.EnumSet.of(Esearch.Option.ALL);
        if (ret.contains(Esearch.Option.SAVE)) s.rev2.save(Esearch.toSave(ret, foundUids));
        if (Esearch.answers(ret)) s.untagged(Esearch.response(tag, uid, ret, found, prog.usesModseq() ? highestMatched : 0));
        return done;
    }

    static final DateTimeFormatter INTERNAL = DateTimeFormatter.ofPattern("dd-MMM-yyyy HH:mm:ss Z", Locale.ROOT).withZone(ZoneOffset.UTC);

    static LocalDate date(String s) throws ImapException {
        try {
            return LocalDate.parse(s, DateTimeFormatter.ofPattern("d-MMM-yyyy", Locale.ROOT));
        } catch (Exception e) {
            throw ImapException.bad("Invalid date");
        }
    }

    static String latin1(byte[] b) {
        return new String(b, StandardCharsets.ISO_8859_1);
    }
}
