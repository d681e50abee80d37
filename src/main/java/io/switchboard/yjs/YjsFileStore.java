package io.switchboard.yjs;

import io.switchboard.yjs.GroupCommitWriter.Append;
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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;
import java.util.zip.CRC32;

/**
 * Durable Yjs documents in files (one node): per document a snapshot (one merged update) and an
 * append-only log of the updates since, each record {@code [u32 length][u32 crc32][update]}. One
 * writer thread ({@link GroupCommitWriter}) does every write, so appends of one document stay in order; it drains what is
 * queued, writes each document's records with one call, then fsyncs each touched file once (group
 * commit) before acknowledging — {@code yjs.fsync=batch}. {@code always} fsyncs after each record,
 * {@code never} leaves flushing to the OS (survives a killed process, not a power loss). A torn last
 * record (crash mid-write) was never acknowledged and is cut off on load.
 *
 * <p>Compaction happens here, after a batch is acknowledged: once a log outweighs its snapshot (and
 * {@link #COMPACT_MIN_LOG_BYTES}), snapshot and log are merged into a new snapshot. Doubling like this
 * keeps the merge work linear in the bytes written, where compacting every N records made it
 * quadratic in the document size.
 */
public final class YjsFileStore implements YjsDocumentStore {
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
    /** Tasks one round of the writer takes from the queue. */
    private static final int WRITE_BATCH = 4096;
    /** Open log files kept between batches; past this all are closed and reopen on their next append. */
    private static final int MAX_OPEN_LOGS = 1000;
    /** A log is merged into the snapshot once it is at least this big and bigger than the snapshot. */
    static final long COMPACT_MIN_LOG_BYTES = 64 * 1024;

    /** An open log and what compaction needs to know about it (writer thread only). */
    private static final class OpenLog {
        final FileChannel channel;
        long logBytes;
        long snapshotBytes;

        OpenLog(FileChannel channel, long logBytes, long snapshotBytes) {
            this.channel = channel;
            this.logBytes = logBytes;
            this.snapshotBytes = snapshotBytes;
        }

        boolean wantsCompaction() {
            return logBytes >= COMPACT_MIN_LOG_BYTES && logBytes > snapshotBytes;
        }
    }

    private final Supplier<Path> dir;
    private final Supplier<String> fsync;
    private final Map<String, OpenLog> logs = new HashMap<>(); // writer thread only
    private final GroupCommitWriter writer;

    public YjsFileStore(Supplier<Path> dir, Supplier<String> fsync) {
        this.dir = dir;
        this.fsync = fsync;
        this.writer = new GroupCommitWriter("sb-yjs-writer", WRITE_BATCH, new GroupCommitWriter.Log() {
            @Override
            public Set<String> writeAndAcknowledge(List<Append> appends) {
                return YjsFileStore.this.writeAndAcknowledge(appends);
            }

            @Override
            public void afterBatch(Set<String> written) {
                compactWhereDue(written);
                // bound open files between batches, never inside one (its channels still need their fsync)
                if (logs.size() > MAX_OPEN_LOGS) closeAll();
            }

            @Override
            public void stopped() {
                closeAll();
            }
        });
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
    @Override
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
    @Override
    public CompletableFuture<Void> append(String doc, byte[] update) {
        return writer.append(doc, update);
    }

    /** Rewrites the snapshot as the merge of everything stored and empties the log (also done by itself). */
    CompletableFuture<Void> compact(String doc) {
        return writer.submit(doc, "compaction", () -> compactNow(doc));
    }

    @Override
    public CompletableFuture<Void> delete(String doc) {
        return writer.submit(doc, "delete", () -> {
            closeLog(doc);
            Files.deleteIfExists(logFile(doc));
            Files.deleteIfExists(snapshotFile(doc));
        });
    }

    /** The document's room was unloaded: its log file need not stay open. */
    @Override
    public void release(String doc) {
        writer.submit(doc, "release", () -> closeLog(doc));
    }

    private void closeLog(String doc) throws IOException {
        OpenLog open = logs.remove(doc);
        if (open != null) open.channel.close();
    }

    /** Compacts the logs written that outweigh their snapshots; after the acknowledgements, never delaying them. */
    private void compactWhereDue(Set<String> written) {
        for (String doc : written) {
            OpenLog open = logs.get(doc);
            if (open == null || !open.wantsCompaction()) continue;
            try {
                compactNow(doc);
            } catch (IOException | RuntimeException e) {
                log.error("yjs document {}: compaction failed (the log is kept)", doc, e);
            }
        }
    }

    /**
     * Writes each document's queued records with one call, fsyncs each touched file once (per policy),
     * then completes the futures. Returns the documents written.
     */
    private Set<String> writeAndAcknowledge(List<Append> queued) {
        Fsync policy = Fsync.parse(fsync.get());
        Map<String, List<Append>> appends = new LinkedHashMap<>();
        for (Append a : queued) appends.computeIfAbsent(a.doc(), d -> new ArrayList<>()).add(a);
        List<CompletableFuture<Void>> acks = new ArrayList<>();
        List<OpenLog> dirty = new ArrayList<>();
        Set<String> written = new HashSet<>();
        for (Map.Entry<String, List<Append>> e : appends.entrySet()) {
            List<Append> records = e.getValue();
            try {
                OpenLog open = channel(e.getKey());
                if (policy == Fsync.ALWAYS) {
                    for (Append a : records) {
                        ByteBuffer one = record(a.update());
                        while (one.hasRemaining()) open.channel.write(one);
                        open.channel.force(false);
                        open.logBytes += HEADER + a.update().length;
                        a.done().complete(null);
                    }
                    written.add(e.getKey());
                    continue;
                }
                int size = 0;
                for (Append a : records) size += HEADER + a.update().length;
                ByteBuffer buf = ByteBuffer.allocate(size);
                for (Append a : records) buf.putInt(a.update().length).putInt(crc32(a.update())).put(a.update());
                buf.flip();
                while (buf.hasRemaining()) open.channel.write(buf);
                open.logBytes += size;
                if (policy == Fsync.BATCH) dirty.add(open);
                for (Append a : records) acks.add(a.done());
                written.add(e.getKey());
            } catch (IOException | RuntimeException ex) {
                log.error("yjs document {}: append failed", e.getKey(), ex);
                for (Append a : records) a.done().completeExceptionally(ex);
            }
        }
        IOException failure = null;
        for (OpenLog open : dirty) {
            try {
                open.channel.force(false);
            } catch (IOException ex) {
                log.error("yjs store fsync failed", ex);
                failure = ex;
            }
        }
        for (CompletableFuture<Void> f : acks) {
            if (failure == null) f.complete(null);
            else f.completeExceptionally(failure);
        }
        return written;
    }

    private OpenLog channel(String doc) throws IOException {
        OpenLog open = logs.get(doc);
        if (open == null) {
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
            boolean created = !Files.exists(logPath);
            FileChannel ch = FileChannel.open(logPath, StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.APPEND);
            if (created) forceDirectory(); // the new file's name must survive a power loss too
            Path snap = snapshotFile(doc);
            open = new OpenLog(ch, ch.size(), Files.isRegularFile(snap) ? Files.size(snap) : 0);
            logs.put(doc, open);
        }
        return open;
    }

    private static ByteBuffer record(byte[] update) {
        ByteBuffer b = ByteBuffer.allocate(HEADER + update.length);
        b.putInt(update.length).putInt(crc32(update)).put(update).flip();
        return b;
    }

    private void forceDirectory() {
        try (FileChannel d = FileChannel.open(dir.get(), StandardOpenOption.READ)) {
            d.force(true);
        } catch (IOException e) {
            log.debug("cannot fsync the yjs directory: {}", e.getMessage());
        }
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
        forceDirectory();
        // a crash here replays the log over a snapshot that already has it: Yjs updates are idempotent
        OpenLog open = channel(doc);
        open.channel.truncate(0);
        open.channel.force(true);
        open.logBytes = 0;
        open.snapshotBytes = merged.length;
    }

    private void closeAll() {
        for (OpenLog open : logs.values()) {
            try {
                open.channel.close();
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
        writer.close();
    }
}
