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
 */
final class ReceiveTransfer extends Transfer {
    private final FileChannel out;
    private final Path temp;
    private final Path target;
    private final boolean ascii;
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

    /**
     * @param temp   the temp file being written, renamed onto {@code target} at the end; null when
     *               writing into {@code target} directly (resume, append)
     */
    ReceiveTransfer(FtpSession s, FileChannel out, long position, Path temp, Path target, boolean ascii) {
        super(s);
        this.out = out;
        this.position = position;
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
                pending.add(buf);
                pendingBytes += buf.readableBytes();
                if (pendingBytes >= PAUSE_AT) c.config().setAutoRead(false);
                if (!writing) writeBatch(c);
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
                end(FtpReplies.LOCAL_ERROR);
                return;
            }
            if (!pending.isEmpty()) {
                writeBatch(c);
            } else if (streamEnded) {
                finish();
            }
            if (pendingBytes < PAUSE_AT && !streamEnded && !ended()) c.config().setAutoRead(true);
        }));
    }

    private void finish() {
        if (broken || !session.control.isActive()) end(FtpReplies.DATA_LOST);
        else end(FtpReplies.TRANSFER_OK);
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

    @Override
    void cleanup(boolean success) {
        try {
            if (success && ascii && pendingCr) out.write(ByteBuffer.wrap(new byte[]{'\r'}), position);
            out.close();
        } catch (IOException e) {
            success = false;
        }
        try {
            if (temp == null) return;
            if (!success) {
                Files.deleteIfExists(temp);
                return;
            }
            try {
                Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
