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
    ImapStore.Account account;
    Selected selected;
    boolean tls;
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
     * Brings the client's view of the selected folder up to date (RFC 3501 §7.4.1, §7.3.1):
     * EXPUNGE for rows gone (only when allowed), FETCH FLAGS for changed flags, EXISTS for new rows.
     */
    void sync(boolean allowExpunge) throws Exception {
        Selected sel = selected;
        if (sel == null) return;
        List<ImapStore.Msg> now = ctx.store().messages(sel.box.id());
        Map<Long, ImapStore.Msg> byUid = new HashMap<>();
        for (ImapStore.Msg m : now) byUid.put(m.uid(), m);
        List<ImapStore.Msg> kept = new ArrayList<>(sel.msgs);
        if (allowExpunge) {
            for (int i = kept.size() - 1; i >= 0; i--) {
                if (!byUid.containsKey(kept.get(i).uid())) {
                    kept.remove(i);
                    untagged((i + 1) + " EXPUNGE");
                }
            }
        }
        long maxUid = 0;
        for (int i = 0; i < kept.size(); i++) {
            ImapStore.Msg old = kept.get(i);
            maxUid = Math.max(maxUid, old.uid());
            ImapStore.Msg cur = byUid.get(old.uid());
            if (cur != null && !cur.flags().equals(old.flags())) {
                kept.set(i, cur);
                untagged((i + 1) + " FETCH (UID " + cur.uid() + " FLAGS " + Flags.list(cur.flags()) + ")");
            }
        }
        int before = kept.size();
        for (ImapStore.Msg m : now) if (m.uid() > maxUid) kept.add(m);
        if (kept.size() != before) untagged(kept.size() + " EXISTS");
        sel.msgs = kept;
    }
}
