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

    /**
     * The selected folder: its row, whether EXAMINE opened it, the messages the client knows (by
     * ascending UID), the HIGHESTMODSEQ up to which that view has caught up with the store, and
     * UIDs found expunged that the client has not been told of yet (not allowed during FETCH,
     * STORE and SEARCH, RFC 3501 §7.4.1).
     */
    static final class Selected {
        final ImapStore.Box box;
        final boolean readOnly;
        List<ImapStore.Msg> msgs;
        long syncedModseq;
        final java.util.Set<Long> pendingVanished = new java.util.HashSet<>();

        Selected(ImapStore.Box box, boolean readOnly, List<ImapStore.Msg> msgs, long syncedModseq) {
            this.box = box;
            this.readOnly = readOnly;
            this.msgs = msgs;
            this.syncedModseq = syncedModseq;
        }

        /** Position of the message with this UID, or -1 (msgs is sorted by UID). */
        int indexOfUid(long uid) {
            int lo = 0;
            int hi = msgs.size() - 1;
            while (lo <= hi) {
                int mid = (lo + hi) >>> 1;
                long u = msgs.get(mid).uid();
                if (u < uid) lo = mid + 1;
                else if (u > uid) hi = mid - 1;
                else return mid;
            }
            return -1;
        }
    }

    final ImapContext ctx;
    final Channel channel;
    State state = State.NOT_AUTHENTICATED;
    /** Set by LOGIN/AUTHENTICATE on the blocking pool, read by the connection's timers on the event loop. */
    volatile ImapStore.Account account;
    Selected selected;
    boolean tls;
    /** The run-time limit of the command being run. */
    final CommandRunLimit runLimit = new CommandRunLimit();
    /** RFC 7162 §3.1: CONDSTORE enabled (by ENABLE, SELECT (CONDSTORE) or a command that uses it): FETCHes carry MODSEQ. */
    boolean condstore;
    /** RFC 7162 §3.2: QRESYNC enabled (only by ENABLE): expunges are told as VANISHED, SELECT takes (QRESYNC ...). */
    boolean qresync;
    /** RFC 9051: IMAP4rev2 enabled, and the saved search result ("$"). */
    final Rev2Mode rev2 = new Rev2Mode();
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

    synchronized void raw(byte[] b, int length) {
        out.writeBytes(b, 0, length);
    }

    /**
     * Queues text whose chars are all below 256 (protocol text, Latin-1 literal bytes), one byte
     * each, straight from the builder: no intermediate String or byte[] per response line.
     */
    synchronized void raw(CharSequence s) {
        io.netty.buffer.ByteBufUtil.writeAscii(out, s);
    }

    /** Sends what was queued plus the given line. */
    void flush(String line) {
        synchronized (this) {
            if (line != null) out.writeBytes((line + "\r\n").getBytes(StandardCharsets.ISO_8859_1));
            ByteBuf b = out;
            out = Unpooled.buffer();
            // written under the lock so that output of two threads (a command, an IDLE push) keeps its order
            if (b.isReadable()) channel.writeAndFlush(b);
            else b.release();
        }
    }

    /**
     * Makes room for about this many more octets of output at once (capped at one partial flush),
     * so a FETCH of a whole folder does not grow the buffer by doubling a dozen times.
     */
    synchronized void reserve(long bytes) {
        out.ensureWritable((int) Math.min(bytes, PARTIAL_FLUSH_BYTES + 4096));
    }

    /** How much queued output a long response (FETCH of many messages) may hold before it is sent. */
    static final int PARTIAL_FLUSH_BYTES = 256 * 1024;

    /**
     * For long responses: sends what is queued once it passes {@link #PARTIAL_FLUSH_BYTES}, then
     * waits (on the blocking pool, never the event loop) while the socket's outbound buffer is over
     * its high-water mark, so a FETCH of many or large messages holds a bounded amount in memory
     * however slowly the client reads.
     */
    /**
     * Called between two complete responses (FETCH of one message done): also where a command past
     * its run-time limit stops, with a tagged NO [LIMIT] after the responses already made, or with
     * BYE when the client has stopped reading them.
     */
    void flushIfLarge() throws InterruptedException, ImapException, CommandRunLimit.ClientNotReading {
        checkRunLimit();
        flushChunk();
    }

    /** Sends the queued output once it is large; mid-response (inside a literal) too. */
    private void flushChunk() throws InterruptedException, CommandRunLimit.ClientNotReading {
        synchronized (this) {
            if (out.readableBytes() < PARTIAL_FLUSH_BYTES) return;
        }
        flush(null);
        awaitWritable();
    }

    /**
     * Stops the command once it has run longer than {@code imap.execution.timeout.seconds}: call
     * only between complete responses, where a tagged NO leaves the client's view consistent.
     */
    void checkRunLimit() throws ImapException, CommandRunLimit.ClientNotReading {
        if (!runLimit.exceeded()) return;
        // the client is far behind (its socket is full): a tagged reply would wait behind the backlog
        if (!channel.isWritable()) throw new CommandRunLimit.ClientNotReading();
        ctx.runLimits().answeredNo.increment();
        throw ImapException.no(ImapReplies.RUN_LIMIT);
    }

    /** Drops output not sent yet (the connection is being closed). */
    synchronized void discardOutput() {
        out.clear();
    }

    private final Object writability = new Object();

    /**
     * Waits while the socket's outbound buffer is over its high-water mark; a client that has not
     * read enough to drain it when the command's run-time limit passes is not reading at all.
     */
    void awaitWritable() throws InterruptedException, CommandRunLimit.ClientNotReading {
        synchronized (writability) {
            while (channel.isActive() && !channel.isWritable()) {
                long left = runLimit.millisLeft();
                if (left == 0) throw new CommandRunLimit.ClientNotReading();
                writability.wait(Math.max(1, Math.min(1000, left)));
            }
        }
    }

    /** The channel's writability changed (event loop): a FETCH waiting in {@link #awaitWritable} goes on. */
    void writabilityChanged() {
        synchronized (writability) {
            writability.notifyAll();
        }
    }

    /**
     * Copies {@code length} octets of a stream into the response in chunks, flushing as it goes:
     * the body of a message literal straight from blob storage, never whole in memory.
     */
    void rawStream(java.io.InputStream in, long length) throws java.io.IOException, InterruptedException, CommandRunLimit.ClientNotReading {
        // most messages are a few KiB: a 64 KiB array per message would be most of a FETCH's garbage
        byte[] chunk = new byte[(int) Math.max(1, Math.min(64 * 1024, length))];
        long left = length;
        while (left > 0) {
            int n = in.read(chunk, 0, (int) Math.min(chunk.length, left));
            if (n < 0) throw new java.io.IOException("stored message shorter than its size");
            raw(chunk, n);
            left -= n;
            flushChunk();
        }
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
     * FETCH FLAGS for changed messages, EXPUNGE (or VANISHED) for rows gone (only when allowed),
     * EXISTS for new rows. Incremental: every change raises the folder's mod-sequence, so when
     * HIGHESTMODSEQ has not moved there is nothing to do, and otherwise only rows changed since
     * the last catch-up and UIDs expunged since are read.
     */
    void sync(boolean allowExpunge) throws Exception {
        Selected sel = selected;
        if (sel == null) return;
        String box = sel.box.id();
        long highest = ctx.store().highestModseq(box);
        List<ImapStore.Msg> added = new ArrayList<>();
        if (highest != sel.syncedModseq) {
            ExpungeLog.Since gone = ctx.store().expungedSince(box, sel.syncedModseq);
            if (gone.complete()) {
                for (long uid : gone.uids()) if (sel.indexOfUid(uid) >= 0) sel.pendingVanished.add(uid);
            } else {
                // the history was trimmed past this view (a session selected for longer than
                // imap.vanished.days): every known message not in the folder now is gone
                java.util.Set<Long> present = new java.util.HashSet<>(ctx.store().uids(box));
                for (ImapStore.Msg m : sel.msgs) if (!present.contains(m.uid())) sel.pendingVanished.add(m.uid());
            }
            long lastUid = sel.msgs.isEmpty() ? 0 : sel.msgs.get(sel.msgs.size() - 1).uid();
            for (ImapStore.Msg cur : ctx.store().messagesChangedSince(box, sel.syncedModseq)) {
                int i = sel.indexOfUid(cur.uid());
                if (i >= 0) {
                    ImapStore.Msg old = sel.msgs.get(i);
                    if (cur.modseq() != old.modseq() || !cur.flags().equals(old.flags())) {
                        sel.msgs.set(i, cur);
                        untagged(flagsFetch(i, cur, true));
                    }
                } else if (cur.uid() > lastUid) {
                    added.add(cur);
                }
            }
            // a change committed after `highest` was read is seen again next time, never missed
            sel.syncedModseq = highest;
        }
        if (allowExpunge && !sel.pendingVanished.isEmpty()) {
            List<Integer> gone = new ArrayList<>();
            List<ImapStore.Msg> kept = new ArrayList<>(sel.msgs.size());
            for (int i = 0; i < sel.msgs.size(); i++) {
                if (sel.pendingVanished.contains(sel.msgs.get(i).uid())) gone.add(i);
                else kept.add(sel.msgs.get(i));
            }
            reportExpunged(gone, sel.msgs);
            sel.msgs = kept;
            sel.pendingVanished.clear();
        }
        if (!added.isEmpty()) {
            List<ImapStore.Msg> grown = new ArrayList<>(sel.msgs.size() + added.size());
            grown.addAll(sel.msgs);
            grown.addAll(added);
            sel.msgs = grown;
            untagged(grown.size() + " EXISTS");
        }
    }
}
