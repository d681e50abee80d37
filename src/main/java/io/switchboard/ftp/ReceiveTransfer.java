package io.switchboard.ftp;

import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * Client to server (STOR, STOU, APPE). A new upload goes to a temp file beside the target and is
 * renamed onto it only when the data connection ends cleanly while the control connection is still
 * there, so an interrupted upload never leaves a half file under the real name. A resumed upload
 * (REST n, then STOR) and APPE write into the file itself, as resuming means. Disk writes run on the
 * blocking executor, one batch at a time per transfer (everything received meanwhile forms the next
 * batch), with reading paused while more than {@link #PAUSE_AT} bytes wait (back-pressure).
 * <p>
 * Quota (RFC 959 reply 552): each batch is reserved in the {@link io.switchboard.store.StorageQuota} of
 * the site's owner (whoever uploads: the party DAV charges too) before it is written, less the
 * {@code credit} of the file it replaces; a batch that does not fit ends
 * the transfer with 552, and what was written is undone (the temp file deleted, or an in-place file cut
 * back to where this transfer started) and refunded. At the end the charge is set to what the file
 * really grew by (TYPE A may write fewer bytes than it received; a smaller replacement frees bytes).
 */
final class ReceiveTransfer extends Transfer {
    private final FileChannel out;
    private final Path temp;
    private final Path target;
    private final boolean ascii;
    /** Who the bytes count against: the owner of the site they land in (null: no quota). */
    private final String quotaOwner;
    private final long credit;
    private final long startPosition;
    /** Bytes charged to the quota so far (written on the blocking executor, read at cleanup after the last write). */
    private volatile long charged;
    private volatile boolean quotaExceeded;
    /**
     * Received bytes are handed to the disk once this many wait, or at the end of the stream: a small
     * file is then written, closed and renamed in one blocking task (one thread hand-off per upload
     * instead of two).
     */
    static final int WRITE_AT = 64 * 1024;
    /** What was still waiting when the stream ended cleanly: written by {@link #cleanup} before the rename. */
    private final java.util.List<ByteBuf> tail = new java.util.ArrayList<>();
    /** Received bytes waiting for the disk; past this much, reading pauses (back-pressure). */
    static final int PAUSE_AT = 4 << 20;

    // touched only on the data channel's event loop
    private final java.util.ArrayDeque<ByteBuf> pending = new java.util.ArrayDeque<>();
    private int pendingBytes;
    private boolean writing;
    private boolean streamEnded;
    private volatile boolean broken;
    private boolean pendingCr;
    private long position;
    private final DataThrottle throttle;
    /** Reading stays paused until then (System.nanoTime) after the throttle said wait. */
    private long readableAt;

    /**
     * @param temp   the temp file being written, renamed onto {@code target} at the end; null when
     *               writing into {@code target} directly (resume, append)
     * @param credit bytes freed when this upload succeeds (the size of the file a new upload replaces)
     * @param quotaOwner the owner of the site written to, whose quota the bytes count against (null: none)
     */
    ReceiveTransfer(FtpSession s, FileChannel out, long position, Path temp, Path target, boolean ascii, long credit, String quotaOwner) {
        super(s);
        this.out = out;
        this.position = position;
        this.startPosition = position;
        this.quotaOwner = quotaOwner;
        this.credit = credit;
        this.throttle = s.throttle();
        this.readableAt = System.nanoTime();
        this.temp = temp;
        this.target = target;
        this.ascii = ascii;
    }

    @Override
    void start(DataInbox inbox) {
        Channel ch = inbox.channel();
        channel = ch;
        inbox.attach(new DataInbox.Sink() {
            @Override
            public void data(Channel c, ByteBuf buf) {
                if (ReceiveTransfer.this.ended()) {
                    buf.release();
                    return;
                }
                int n = buf.readableBytes();
                pending.add(buf);
                pendingBytes += n;
                if (pendingBytes >= PAUSE_AT) c.config().setAutoRead(false);
                long wait = throttle.delayAfter(n);
                if (wait > 0) {
                    // bandwidth limit: stop reading for that long (the client's sends back up in TCP)
                    readableAt = System.nanoTime() + wait;
                    c.config().setAutoRead(false);
                    c.eventLoop().schedule(() -> resumeReading(c), wait, java.util.concurrent.TimeUnit.NANOSECONDS);
                }
                if (!writing && pendingBytes >= WRITE_AT) writeBatch(c);
            }

            @Override
            public void ended(boolean clean) {
                // a reset, an error or a lost control connection is no end of file
                if (!clean) broken = true;
                streamEnded = true;
                if (!writing) finish();
            }
        });
        if (ended()) ch.close();
    }

    /** Writes everything received so far in one blocking task; reading goes on meanwhile, up to {@link #PAUSE_AT}. */
    private void writeBatch(Channel c) {
        java.util.List<ByteBuf> batch = new java.util.ArrayList<>(pending);
        pending.clear();
        pendingBytes = 0;
        writing = true;
        session.ctx.blocking.<Void>submit(() -> {
            try {
                charge(batch);
                for (ByteBuf b : batch) write(b);
            } finally {
                for (ByteBuf b : batch) b.release();
            }
            return null;
        }).whenComplete((v, e) -> c.eventLoop().execute(() -> {
            writing = false;
            if (ended()) {
                for (ByteBuf b; (b = pending.poll()) != null; ) b.release();
                return;
            }
            if (e != null) {
                broken = true;
                for (ByteBuf b; (b = pending.poll()) != null; ) b.release();
                end(quotaExceeded ? FtpReplies.QUOTA_EXCEEDED : FtpReplies.LOCAL_ERROR);
                return;
            }
            if (pendingBytes >= WRITE_AT) {
                writeBatch(c);
            } else if (streamEnded) {
                finish();
            }
            resumeReading(c);
        }));
    }

    /** Reads again unless the disk is behind (back-pressure) or the bandwidth limit still says wait. */
    private void resumeReading(Channel c) {
        if (pendingBytes < PAUSE_AT && !streamEnded && !ended() && System.nanoTime() - readableAt >= 0) c.config().setAutoRead(true);
    }

    /** Charges the part of {@code batch} that takes the upload past its credit; marks the transfer and throws when it does not fit. */
    private void charge(java.util.List<ByteBuf> batch) throws Exception {
        if (quotaOwner == null) return;
        long n = 0;
        for (ByteBuf b : batch) n += b.readableBytes();
        long received = position - startPosition + n;   // an upper bound under TYPE A; settled at the end
        long due = Math.max(0, received - credit) - charged;
        if (due <= 0) return;
        try {
            session.ctx.quota.reserve(quotaOwner, due);
        } catch (io.switchboard.store.StorageQuota.Exceeded e) {
            quotaExceeded = true;
            throw new FtpException(FtpReplies.QUOTA_EXCEEDED);
        }
        charged += due;
    }

    private void finish() {
        if (broken || !session.control.isActive()) {
            end(FtpReplies.DATA_LOST);
            return;
        }
        // handed to cleanup (the blocking executor's queue orders it after this)
        tail.addAll(pending);
        pending.clear();
        pendingBytes = 0;
        end(FtpReplies.TRANSFER_OK);
    }

    private void write(ByteBuf buf) throws IOException {
        int n = buf.readableBytes();
        session.ctx.bytesIn.addAndGet(n);
        ByteBuffer bb;
        if (ascii) {
            // TYPE A: CRLF to LF (RFC 959 section 3.1.1.1); a CR at a chunk's end waits for the next byte
            ByteBuffer o = ByteBuffer.allocate(n + 1);
            for (int i = 0; i < n; i++) {
                byte b = buf.getByte(buf.readerIndex() + i);
                if (pendingCr && b != '\n') o.put((byte) '\r');
                pendingCr = b == '\r';
                if (!pendingCr) o.put(b);
            }
            o.flip();
            bb = o;
        } else {
            bb = buf.nioBufferCount() == 1 ? buf.nioBuffer() : ByteBuffer.wrap(io.netty.buffer.ByteBufUtil.getBytes(buf));
        }
        while (bb.hasRemaining()) position += out.write(bb, position);
    }

    /** Sets the charge to what the upload really changed: its growth past the credit, or nothing when its bytes are gone. */
    private void settleQuota(boolean success) {
        if (quotaOwner == null) return;
        boolean kept = success || (temp == null && !quotaExceeded);
        long growth = kept ? (position - startPosition) - (temp == null ? 0 : credit) : 0;
        // growth < 0: a smaller file replaced a bigger one and freed the difference; growth never
        // exceeds the charge (TYPE A only writes fewer bytes than it received), so this never adds
        session.ctx.quota.release(quotaOwner, charged - growth);
    }

    @Override
    void cleanup(boolean success) throws Exception {
        Exception failure = null;
        try {
            if (success) {
                charge(tail);
                for (ByteBuf b : tail) write(b);
            }
        } catch (Exception e) {
            failure = e;
            success = false;
        } finally {
            for (ByteBuf b : tail) b.release();
            tail.clear();
        }
        // bytes still waiting when the transfer was cut short (ABOR, lost control connection) are dropped on their loop
        Channel ch = channel;
        if (ch != null) {
            try {
                ch.eventLoop().execute(() -> {
                    for (ByteBuf b; (b = pending.poll()) != null; ) b.release();
                    pendingBytes = 0;
                });
            } catch (java.util.concurrent.RejectedExecutionException e) {
                // the server is stopping: its buffers go with it
            }
        }
        try {
            if (success && ascii && pendingCr) position += out.write(ByteBuffer.wrap(new byte[]{'\r'}), position);
            // an in-place upload over quota is undone; an interrupted one stays for REST to resume
            if (quotaExceeded && temp == null) {
                out.truncate(startPosition);
                position = startPosition;
            }
            out.close();
        } catch (IOException e) {
            success = false;
        }
        settleQuota(success);
        if (temp != null && !success) {
            Files.deleteIfExists(temp);
        } else if (temp != null) {
            try {
                Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING);
            }
        }
        if (failure != null) throw failure;   // the transfer's reply becomes this one (552, or 451)
    }
}
