package io.switchboard.yjs;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.function.Supplier;
import java.util.zip.CRC32;

/**
 * Durable Yjs documents: per document a snapshot (one merged update) and an append-only log of the
 * updates since, each record {@code [u32 length][u32 crc32][update]}. One writer thread does every
 * write, so appends of one document stay in order; it drains what is queued, writes it, then
 * fsyncs each touched file once (group commit) before acknowledging — {@code yjs.fsync=batch}.
 * {@code always} fsyncs after each record, {@code never} leaves flushing to the OS (survives a
 * killed process, not a power loss). A torn last record (crash mid-write) was never acknowledged
 * and is cut off on load.
 */
public final class YjsDocumentStore implements AutoCloseable {
    /** The durability policy ({@code yjs.fsync}). */
    public enum Fsync { BATCH, ALWAYS, NEVER;

        static Fsync parse(String s) {
            return switch (s == null ? "" : s.trim()) {
                case "always" -> ALWAYS;
                case "never" -> NEVER;
                default -> BATCH;
            };
        }
    }

    private static final Logger log = LoggerFactory.getLogger(YjsDocumentStore.class);
    private static final int HEADER = 8;
    /** Open log files kept between batches; past this all are closed and reopen on their next append. */
    private static final int MAX_OPEN_LOGS = 1000;

    private sealed interface Task permits Append, Compact, Delete, Stop {
    }

    private record Append(String doc, byte[] update, CompletableFuture<Void> done) implements Task {
    }

    private record Compact(String doc, CompletableFuture<Void> done) implements Task {
    }

    private record Delete(String doc, CompletableFuture<Void> done) implements Task {
    }

    private record Stop() implements Task {
    }

    private final Supplier<Path> dir;
    private final Supplier<String> fsync;
    private final LinkedBlockingQueue<Task> queue = new LinkedBlockingQueue<>();
    private final Map<String, FileChannel> logs = new HashMap<>(); // writer thread only
    private final Thread writer;

    public YjsDocumentStore(Supplier<Path> dir, Supplier<String> fsync) {
        this.dir = dir;
        this.fsync = fsync;
        this.writer = new Thread(this::writeLoop, "sb-yjs-writer");
        writer.setDaemon(true);
        writer.start();
    }

    /** File name stem of a document: a hash, since names are arbitrary text. */
    static String stem(String doc) {
        try {
            byte[] h = MessageDigest.getInstance("SHA-256").digest(doc.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(h, 0, 20);
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private Path snapshotFile(String doc) {
        return dir.get().resolve(stem(doc) + ".snapshot");
    }

    private Path logFile(String doc) {
        return dir.get().resolve(stem(doc) + ".log");
    }

    /**
     * The stored updates of a document, snapshot first (blocking: call off the event loops). Reads
     * only; a torn tail is skipped here and cut off by the writer before its next append.
     */
    public List<byte[]> load(String doc) throws IOException {
        List<byte[]> out = new ArrayList<>();
        Path snap = snapshotFile(doc);
        if (Files.isRegularFile(snap)) out.add(Files.readAllBytes(snap));
        Path logPath = logFile(doc);
        if (Files.isRegularFile(logPath)) readRecords(Files.readAllBytes(logPath), out);
        return out;
    }

    /** Adds the intact records to {@code out}; returns the length of the intact prefix. */
    private static int readRecords(byte[] all, List<byte[]> out) {
        ByteBuffer b = ByteBuffer.wrap(all);
        int good = 0;
        while (b.remaining() >= HEADER) {
            int len = b.getInt();
            int crc = b.getInt();
            if (len < 0 || len > b.remaining()) break;
            byte[] u = new byte[len];
            b.get(u);
            if (crc32(u) != crc) break;
            if (out != null) out.add(u);
            good = b.position();
        }
        return good;
    }

    /** Appends an update; the future completes once it is durable per {@code yjs.fsync}. */
    public CompletableFuture<Void> append(String doc, byte[] update) {
        CompletableFuture<Void> f = new CompletableFuture<>();
        queue.add(new Append(doc, update, f));
        return f;
    }

    /** Rewrites the snapshot as the merge of everything stored and empties the log. */
    public CompletableFuture<Void> compact(String doc) {
        CompletableFuture<Void> f = new CompletableFuture<>();
        queue.add(new Compact(doc, f));
        return f;
    }

    public CompletableFuture<Void> delete(String doc) {
        CompletableFuture<Void> f = new CompletableFuture<>();
        queue.add(new Delete(doc, f));
        return f;
    }

    private void writeLoop() {
        List<Task> batch = new ArrayList<>();
        while (true) {
            try {
                batch.add(queue.take());
            } catch (InterruptedException e) {
                return;
            }
            queue.drainTo(batch, 4096);
            Fsync policy = Fsync.parse(fsync.get());
            Set<FileChannel> dirty = new HashSet<>();
            List<CompletableFuture<Void>> acks = new ArrayList<>();
            boolean stop = false;
            for (Task t : batch) {
                try {
                    if (t instanceof Append a) {
                        FileChannel ch = channel(a.doc());
                        ByteBuffer rec = ByteBuffer.allocate(HEADER + a.update().length);
                        rec.putInt(a.update().length).putInt(crc32(a.update())).put(a.update()).flip();
                        while (rec.hasRemaining()) ch.write(rec);
                        if (policy == Fsync.ALWAYS) {
                            ch.force(false);
                            a.done().complete(null);
                        } else {
                            if (policy == Fsync.BATCH) dirty.add(ch);
                            acks.add(a.done());
                        }
                    } else if (t instanceof Compact c) {
                        flushDirty(dirty, acks);
                        compactNow(c.doc());
                        c.done().complete(null);
                    } else if (t instanceof Delete d) {
                        flushDirty(dirty, acks);
                        FileChannel ch = logs.remove(d.doc());
                        if (ch != null) ch.close();
                        Files.deleteIfExists(logFile(d.doc()));
                        Files.deleteIfExists(snapshotFile(d.doc()));
                        d.done().complete(null);
                    } else if (t instanceof Stop) {
                        stop = true;
                    }
                } catch (IOException | RuntimeException e) {
                    log.error("yjs store write failed", e);
                    if (t instanceof Append a) a.done().completeExceptionally(e);
                    else if (t instanceof Compact c) c.done().completeExceptionally(e);
                    else if (t instanceof Delete d) d.done().completeExceptionally(e);
                }
            }
            flushDirty(dirty, acks);
            batch.clear();
            // bound open files between batches, never inside one (its channels still need their fsync)
            if (logs.size() > MAX_OPEN_LOGS) closeAll();
            if (stop) {
                closeAll();
                return;
            }
        }
    }

    /** One fsync per touched file, then acknowledge everything written before it. */
    private void flushDirty(Set<FileChannel> dirty, List<CompletableFuture<Void>> acks) {
        IOException failure = null;
        for (FileChannel ch : dirty) {
            try {
                ch.force(false);
            } catch (IOException e) {
                failure = e;
            }
        }
        dirty.clear();
        for (CompletableFuture<Void> f : acks) {
            if (failure == null) f.complete(null);
            else f.completeExceptionally(failure);
        }
        acks.clear();
    }

    private FileChannel channel(String doc) throws IOException {
        FileChannel ch = logs.get(doc);
        if (ch == null) {
            Files.createDirectories(dir.get());
            Path logPath = logFile(doc);
            if (Files.isRegularFile(logPath)) {
                // cut a torn tail (a crash mid-write, never acknowledged) before appending after it
                byte[] all = Files.readAllBytes(logPath);
                int good = readRecords(all, null);
                if (good < all.length) {
                    log.warn("yjs document {}: cutting a torn log tail of {} bytes", doc, all.length - good);
                    try (FileChannel t = FileChannel.open(logPath, StandardOpenOption.WRITE)) {
                        t.truncate(good);
                        t.force(true);
                    }
                }
            }
            ch = FileChannel.open(logPath, StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.APPEND);
            logs.put(doc, ch);
        }
        return ch;
    }

    private void compactNow(String doc) throws IOException {
        List<byte[]> stored = load(doc);
        if (stored.isEmpty()) return;
        byte[] merged = YUpdates.merge(stored);
        Path d = dir.get();
        Files.createDirectories(d);
        Path tmp = Files.createTempFile(d, "compact", ".tmp");
        try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.WRITE)) {
            ByteBuffer b = ByteBuffer.wrap(merged);
            while (b.hasRemaining()) ch.write(b);
            ch.force(true);
        }
        Files.move(tmp, snapshotFile(doc), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        // a crash here replays the log over a snapshot that already has it: Yjs updates are idempotent
        FileChannel ch = channel(doc);
        ch.truncate(0);
        ch.force(true);
    }

    private void closeAll() {
        for (FileChannel ch : logs.values()) {
            try {
                ch.close();
            } catch (IOException ignored) {
                // closing on the way out
            }
        }
        logs.clear();
    }

    static int crc32(byte[] b) {
        CRC32 c = new CRC32();
        c.update(b);
        return (int) c.getValue();
    }

    @Override
    public void close() {
        queue.add(new Stop());
        try {
            writer.join(10_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
