package io.switchboard.imap;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * One connection's state (RFC 3501 §3): not authenticated, authenticated, selected, logout; the
 * logged-in account; the selected folder with its message list, where the index is the sequence
 * number minus one. Touched by one command at a time (the handler runs them in order).
 */
final class ImapSession {
    enum State { NOT_AUTHENTICATED, AUTHENTICATED, SELECTED, LOGOUT }

    /** The selected folder: its row, whether EXAMINE opened it, and the messages the client knows. */
    static final class Selected {
        final ImapStore.Box box;
        final boolean readOnly;
        List<ImapStore.Msg> msgs;

        Selected(ImapStore.Box box, boolean readOnly, List<ImapStore.Msg> msgs) {
            this.box = box;
            this.readOnly = readOnly;
            this.msgs = msgs;
        }
    }

    final ImapContext ctx;
    final Channel channel;
    State state = State.NOT_AUTHENTICATED;
    /** Set by LOGIN/AUTHENTICATE on the blocking pool, read by the connection's timers on the event loop. */
    volatile ImapStore.Account account;
    Selected selected;
    boolean tls;
    /** RFC 7162 §3.1: CONDSTORE enabled (by ENABLE, SELECT (CONDSTORE) or a command that uses it): FETCHes carry MODSEQ. */
    boolean condstore;
    /** RFC 7162 §3.2: QRESYNC enabled (only by ENABLE): expunges are told as VANISHED, SELECT takes (QRESYNC ...). */
    boolean qresync;
    /** Output of the running command, flushed with its tagged reply. */
    private ByteBuf out = Unpooled.buffer();

    ImapSession(ImapContext ctx, Channel channel, boolean tls) {
        this.ctx = ctx;
        this.channel = channel;
        this.tls = tls;
    }

    boolean loginAllowed() {
        return tls || !ctx.config().getBoolean(io.switchboard.config.ConfigKeys.IMAP_AUTH_REQUIRE_TLS);
    }

    /** Queues an untagged line ("* " is added); text is Latin-1 so literal bytes survive. */
    void untagged(String line) {
        synchronized (this) {
            out.writeBytes(("* " + line + "\r\n").getBytes(StandardCharsets.ISO_8859_1));
        }
    }

    synchronized void raw(byte[] b) {
        out.writeBytes(b);
    }

    synchronized void raw(String s) {
        out.writeBytes(s.getBytes(StandardCharsets.ISO_8859_1));
    }

    /** Sends what was queued plus the given line. */
    void flush(String line) {
        ByteBuf b;
        synchronized (this) {
            if (line != null) out.writeBytes((line + "\r\n").getBytes(StandardCharsets.ISO_8859_1));
            b = out;
            out = Unpooled.buffer();
        }
        if (b.isReadable()) channel.writeAndFlush(b);
        else b.release();
    }

    /**
     * Turns CONDSTORE on for this connection; when a folder is selected the client learns its
     * HIGHESTMODSEQ at once (RFC 7162 §3.1.2.2, a CONDSTORE-enabling command).
     */
    void enableCondstore() throws Exception {
        if (condstore) return;
        condstore = true;
        if (selected != null) untagged("OK [HIGHESTMODSEQ " + ctx.store().highestModseq(selected.box.id()) + "] Highest");
    }

    /** The untagged FETCH that tells the client a message's flags (and mod-sequence once CONDSTORE is on). */
    String flagsFetch(int index, ImapStore.Msg m, boolean withFlags) {
        StringBuilder b = new StringBuilder().append(index + 1).append(" FETCH (UID ").append(m.uid());
        if (withFlags) b.append(" FLAGS ").append(Flags.list(m.flags()));
        if (condstore) b.append(" MODSEQ (").append(m.modseq()).append(')');
        return b.append(')').toString();
    }

    /**
     * Tells the client these messages are gone: one EXPUNGE per message, highest sequence number
     * first (RFC 3501 §7.4.1), or once QRESYNC is on one VANISHED with their UIDs (RFC 7162 §3.2.10).
     * {@code indexes} are ascending positions in the list the client knew.
     */
    void reportExpunged(List<Integer> indexes, List<ImapStore.Msg> known) {
        if (indexes.isEmpty()) return;
        if (qresync) {
            List<Long> uids = new ArrayList<>();
            for (int i : indexes) uids.add(known.get(i).uid());
            untagged("VANISHED " + SequenceSet.compact(uids));
            return;
        }
        for (int k = indexes.size() - 1; k >= 0; k--) untagged((indexes.get(k) + 1) + " EXPUNGE");
    }

    /**
     * Brings the client's view of the selected folder up to date (RFC 3501 §7.4.1, §7.3.1):
     * EXPUNGE (or VANISHED) for rows gone (only when allowed), FETCH FLAGS for changed messages
     * (a changed mod-sequence), EXISTS for new rows.
     */
    void sync(boolean allowExpunge) throws Exception {
        Selected sel = selected;
        if (sel == null) return;
        List<ImapStore.Msg> now = ctx.store().messages(sel.box.id());
        Map<Long, ImapStore.Msg> byUid = new HashMap<>();
        for (ImapStore.Msg m : now) byUid.put(m.uid(), m);
        List<ImapStore.Msg> kept = new ArrayList<>(sel.msgs.size());
        if (allowExpunge) {
            List<Integer> gone = new ArrayList<>();
            for (int i = 0; i < sel.msgs.size(); i++) {
                if (byUid.containsKey(sel.msgs.get(i).uid())) kept.add(sel.msgs.get(i));
                else gone.add(i);
            }
            reportExpunged(gone, sel.msgs);
        } else {
            kept.addAll(sel.msgs);
        }
        long maxUid = 0;
        for (int i = 0; i < kept.size(); i++) {
            ImapStore.Msg old = kept.get(i);
            maxUid = Math.max(maxUid, old.uid());
            ImapStore.Msg cur = byUid.get(old.uid());
            if (cur != null && (cur.modseq() != old.modseq() || !cur.flags().equals(old.flags()))) {
                kept.set(i, cur);
                untagged(flagsFetch(i, cur, true));
            }
        }
        int before = kept.size();
        for (ImapStore.Msg m : now) if (m.uid() > maxUid) kept.add(m);
        if (kept.size() != before) untagged(kept.size() + " EXISTS");
        sel.msgs = kept;
    }
}
