package io.switchboard.mail;

import io.switchboard.store.BlobStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Raw messages appended to segment files with group commit: one writer thread appends every
 * message waiting at that moment and makes them durable with one fdatasync, so fifty concurrent
 * deliveries cost one disk flush instead of fifty (a file per message costs a flush each, which
 * under load took 25-90 ms apiece). A caller's future completes only after that flush, so SMTP
 * still answers 250 for durable mail only.
 *
 * <p>Segments live inside blob storage ({@code mail/spool/<segment>}), so any {@link MailStore}
 * reads a message through the blob store alone: the key {@code mail/spool/<segment>@<offset>+<length>}
 * names a byte range of a segment. Each writer opens segments of its own (random names) and never
 * appends to a segment after a restart, so a torn tail after a crash is never referenced: a key is
 * only handed out after its bytes were flushed, and rows naming it are committed after that.
 * A segment no row refers to any more is deleted by {@link SpoolReclaimer}; space inside a segment
 * that still holds a live message is not reclaimed.
 */
public final class MailSpool implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(MailSpool.class);
    /** A segment is closed and a new one started past this size. */
    static final long SEGMENT_LIMIT = 256L * 1024 * 1024;
    private static final int MAX_BATCH = 256;
    private static final String DIR_KEY = "mail/spool";
    private static final Pattern KEY = Pattern.compile("(mail/spool/[0-9a-f\\-]{36})@(\\d{1,15})\\+(\\d{1,12})");

    private record Pending(byte[][] parts, CompletableFuture<String> done) {
    }

    private final Path dir;
    private final LinkedBlockingQueue<Pending> queue = new LinkedBlockingQueue<>();
    private final Thread writer;
    private volatile boolean running = true;
    private FileChannel segment;
    private volatile String segmentKey;
    private long position;
    private long lastAppendNanos;

    /**
     * {@code blobRoot} is the directory the blob store keeps its files in; {@link #open} checks
     * that the store really resolves spool keys there before handing out a spool.
     */
    private MailSpool(Path blobRoot) throws IOException {
        this.dir = blobRoot.resolve(DIR_KEY);
        Files.createDirectories(dir);
        this.writer = new Thread(this::loop, "sb-mail-spool");
        writer.setDaemon(true);
        writer.start();
    }

    /**
     * A spool writing under {@code blobRoot}, or null when the blob store does not see files
     * written there (another store implementation): callers then write one blob per message.
     */
    public static MailSpool open(Path blobRoot, BlobStore blobs) {
        try {
            MailSpool spool = new MailSpool(blobRoot);
            String key = spool.append(new byte[][]{"probe".getBytes(java.nio.charset.StandardCharsets.US_ASCII)});
            byte[] back = read(blobs, key);
            if (back != null && new String(back, java.nio.charset.StandardCharsets.US_ASCII).equals("probe")) return spool;
            spool.close();
        } catch (Exception e) {
            log.warn("mail spool unavailable, one blob per message instead: {}", e.toString());
        }
        return null;
    }

    /** Appends the parts as one message and waits until they are flushed; returns its key. */
    public String append(byte[][] parts) throws IOException {
        CompletableFuture<String> f = new CompletableFuture<>();
        if (!running) throw new IOException("mail spool stopped");
        queue.add(new Pending(parts, f));
        try {
            return f.get();
        } catch (ExecutionException e) {
            throw e.getCause() instanceof IOException io ? io : new IOException(e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while spooling", e);
        }
    }

    /** The beginning every key of the named segment shares ({@code mail/spool/<segment>@}). */
    static String keyPrefix(String segmentName) {
        return DIR_KEY + "/" + segmentName + "@";
    }

    /** The directory the segments are in. */
    public Path directory() {
        return dir;
    }

    /** True when this spool is appending to the named segment now. */
    public boolean writing(String segmentName) {
        String current = segmentKey;
        return current != null && current.endsWith("/" + segmentName);
    }

    /** True when the key names a byte range of a spool segment. */
    public static boolean isSpoolKey(String key) {
        return key != null && key.startsWith(DIR_KEY + "/") && key.indexOf('@') > 0;
    }

    /** The length in octets of the message a spool key names (it is part of the key). */
    public static long size(String key) throws IOException {
        Matcher m = KEY.matcher(key);
        if (!m.matches()) throw new IOException("not a spool key: " + key);
        return Integer.parseInt(m.group(3));
    }

    /**
     * The message a spool key names as a stream that ends with the message (for readers that copy
     * it out in chunks, such as IMAP FETCH); null when the segment is missing.
     */
    public static InputStream open(BlobStore blobs, String key) throws IOException {
        Matcher m = KEY.matcher(key);
        if (!m.matches()) throw new IOException("not a spool key: " + key);
        long offset = Long.parseLong(m.group(2));
        int length = Integer.parseInt(m.group(3));
        var in = blobs.open(m.group(1));
        if (in.isEmpty()) return null;
        InputStream s = in.get();
        try {
            long skipped = 0;
            while (skipped < offset) {
                long k = s.skip(offset - skipped);
                if (k <= 0) throw new IOException("spool segment shorter than " + key);
                skipped += k;
            }
        } catch (IOException e) {
            s.close();
            throw e;
        }
        return new BoundedStream(s, length);
    }

    /** Reads at most {@code remaining} bytes of the segment: one message's range. */
    private static final class BoundedStream extends java.io.FilterInputStream {
        private long remaining;

        BoundedStream(InputStream in, long remaining) {
            super(in);
            this.remaining = remaining;
        }

        @Override
        public int read() throws IOException {
            if (remaining <= 0) return -1;
            int b = super.read();
            if (b >= 0) remaining--;
            return b;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            if (remaining <= 0) return -1;
            int n = super.read(b, off, (int) Math.min(len, remaining));
            if (n > 0) remaining -= n;
            return n;
        }

        @Override
        public long skip(long n) throws IOException {
            long k = super.skip(Math.min(n, remaining));
            remaining -= k;
            return k;
        }

        @Override
        public int available() throws IOException {
            return (int) Math.min(super.available(), remaining);
        }
    }

    /** The message a spool key names, read through the blob store; null when the segment is missing. */
    public static byte[] read(BlobStore blobs, String key) throws IOException {
        int length = (int) size(key);
        try (InputStream s = open(blobs, key)) {
            if (s == null) return null;
            byte[] out = s.readNBytes(length);
            if (out.length != length) throw new IOException("spool segment shorter than " + key);
            return out;
        }
    }

    private void loop() {
        List<Pending> batch = new ArrayList<>();
        while (running || !queue.isEmpty()) {
            try {
                Pending first = queue.poll(200, TimeUnit.MILLISECONDS);
                if (first == null) continue;
                batch.add(first);
                queue.drainTo(batch, MAX_BATCH - 1);
                write(batch);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            } finally {
                batch.clear();
            }
        }
        closeSegment();
    }

    private void write(List<Pending> batch) {
        List<String> keys = new ArrayList<>(batch.size());
        try {
            for (Pending p : batch) {
                long length = 0;
                for (byte[] part : p.parts()) length += part.length;
                if (segment == null || position + length > SEGMENT_LIMIT && position > 0 || stale()) startSegment();
                long start = position;
                ByteBuffer[] buffers = new ByteBuffer[p.parts().length];
                for (int i = 0; i < buffers.length; i++) buffers[i] = ByteBuffer.wrap(p.parts()[i]);
                long left = length;
                while (left > 0) left -= segment.write(buffers);
                position += length;
                keys.add(segmentKey + "@" + start + "+" + length);
            }
            segment.force(false); // fdatasync: data and the size needed to read it back
            lastAppendNanos = System.nanoTime();
            for (int i = 0; i < batch.size(); i++) batch.get(i).done().complete(keys.get(i));
        } catch (IOException | RuntimeException e) {
            // nothing of this batch is acknowledged; start a fresh segment for the next one
            log.warn("mail spool write failed: {}", e.toString());
            closeSegment();
            for (Pending p : batch) p.done().completeExceptionally(e);
        }
    }

    /**
     * A segment left alone for half of {@link SpoolReclaimer#QUIET} is never appended to again: with a
     * data directory shared by several nodes, another node's reclaimer may delete a segment idle for
     * QUIET, and appending to a deleted file would lose acknowledged mail.
     */
    private boolean stale() {
        return segment != null && System.nanoTime() - lastAppendNanos > SpoolReclaimer.QUIET.toNanos() / 2;
    }

    private void startSegment() throws IOException {
        closeSegment();
        String name = UUID.randomUUID().toString();
        segment = FileChannel.open(dir.resolve(name), StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
        // the new file's directory entry must survive a power loss too
        try (FileChannel d = FileChannel.open(dir, StandardOpenOption.READ)) {
            d.force(true);
        } catch (IOException e) {
            log.debug("cannot fsync {}: {}", dir, e.toString()); // some file systems refuse directory fsync
        }
        segmentKey = DIR_KEY + "/" + name;
        position = 0;
        lastAppendNanos = System.nanoTime();
    }

    private void closeSegment() {
        if (segment == null) return;
        try {
            segment.close();
        } catch (IOException e) {
            log.debug("closing spool segment: {}", e.toString());
        }
        segment = null;
        segmentKey = null;
    }

    @Override
    public void close() {
        running = false;
        try {
            writer.join(5000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        Pending p;
        while ((p = queue.poll()) != null) p.done().completeExceptionally(new IOException("mail spool stopped"));
    }
}
