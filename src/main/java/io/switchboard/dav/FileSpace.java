package io.switchboard.dav;

import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.FileChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/** A directory tree on disk that one DAV space maps to; every path is checked to stay under the root. */
final class FileSpace {
    private final Path root;

    FileSpace(Path root) throws IOException {
        this.root = root.toAbsolutePath().normalize();
        Files.createDirectories(this.root);
    }

    Path root() {
        return root;
    }

    Path resolve(DavPath p) {
        Path f = root;
        for (String s : p.segments()) f = f.resolve(s);
        f = f.normalize();
        if (!f.startsWith(root)) throw new DavException(403, Replies.BAD_PATH);
        return f;
    }

    /** Attributes without following symlinks, or null when absent; symlinks count as absent. */
    BasicFileAttributes attrs(DavPath p) {
        try {
            BasicFileAttributes a = Files.readAttributes(resolve(p), BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
            return a.isSymbolicLink() || a.isOther() ? null : a;
        } catch (IOException e) {
            return null;
        }
    }

    static String etag(BasicFileAttributes a) {
        long nanos = a.lastModifiedTime().toInstant().getEpochSecond() * 1_000_000_000L + a.lastModifiedTime().toInstant().getNano();
        return "\"" + Long.toHexString(a.size()) + "-" + Long.toHexString(nanos) + "\"";
    }

    List<String> list(DavPath p) throws IOException {
        List<String> names = new ArrayList<>();
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(resolve(p))) {
            for (Path c : ds) {
                String n = c.getFileName().toString();
                if (n.startsWith(".davtmp-")) continue;
                names.add(n);
            }
        }
        names.sort(null);
        return names;
    }

    /** Writes the stream to a temp file, forces it to disk and renames it into place (durable, atomic). */
    long write(DavPath p, InputStream in, long max) throws IOException {
        Path target = resolve(p);
        Path tmp = target.resolveSibling(".davtmp-" + Long.toHexString(System.nanoTime()) + "-" + Thread.currentThread().getId());
        long n = 0;
        try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
            byte[] buf = new byte[65536];
            int r;
            while ((r = in.read(buf)) > 0) {
                n += r;
                if (n > max) throw new DavException(413, Replies.TOO_LARGE);
                ch.write(java.nio.ByteBuffer.wrap(buf, 0, r));
            }
            ch.force(true);
        } catch (IOException | RuntimeException e) {
            Files.deleteIfExists(tmp);
            throw e;
        }
        Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        return n;
    }

    /** Makes a finished upload file durable and renames it into place (copying when on another file system). */
    void adopt(DavPath p, Path upload) throws IOException {
        try (FileChannel ch = FileChannel.open(upload, StandardOpenOption.WRITE)) {
            ch.force(true);
        }
        Path target = resolve(p);
        try {
            Files.move(upload, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (java.nio.file.AtomicMoveNotSupportedException e) {
            try (InputStream in = Files.newInputStream(upload)) {
                write(p, in, Long.MAX_VALUE);
            }
        }
    }

    void mkdir(DavPath p) throws IOException {
        try {
            Files.createDirectory(resolve(p));
        } catch (FileAlreadyExistsException e) {
            throw new DavException(405, Replies.EXISTS);
        }
    }

    void deleteTree(DavPath p) throws IOException {
        Path f = resolve(p);
        if (!Files.isDirectory(f, LinkOption.NOFOLLOW_LINKS)) {
            Files.deleteIfExists(f);
            return;
        }
        try (Stream<Path> s = Files.walk(f)) {
            for (Path x : s.sorted(Comparator.reverseOrder()).toList()) Files.deleteIfExists(x);
        }
    }

    /** Copies a file, or a directory with (infinite) or without (shallow) its members. */
    void copy(DavPath from, DavPath to, boolean infinite) throws IOException {
        Path src = resolve(from), dst = resolve(to);
        if (!Files.isDirectory(src, LinkOption.NOFOLLOW_LINKS)) {
            Files.copy(src, dst, StandardCopyOption.REPLACE_EXISTING);
            return;
        }
        Files.createDirectory(dst);
        if (!infinite) return;
        try (Stream<Path> s = Files.walk(src)) {
            for (Path x : s.toList()) {
                if (x.equals(src)) continue;
                if (Files.isSymbolicLink(x)) continue;
                Path y = dst.resolve(src.relativize(x).toString());
                if (Files.isDirectory(x, LinkOption.NOFOLLOW_LINKS)) Files.createDirectories(y);
                else Files.copy(x, y, StandardCopyOption.REPLACE_EXISTING);
            }
        }
    }

    void move(DavPath from, DavPath to) throws IOException {
        Files.move(resolve(from), resolve(to), StandardCopyOption.ATOMIC_MOVE);
    }
}
