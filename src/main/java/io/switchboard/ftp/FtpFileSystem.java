package io.switchboard.ftp;

import io.switchboard.auth.Principal;
import io.switchboard.site.Site;
import io.switchboard.site.SiteAccess;
import io.switchboard.site.SiteDirectory;
import io.switchboard.site.SitePathException;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * The user's FTP view over {@link SiteDirectory}: the root holds one folder per FTP-enabled site
 * they may read; everything below maps into that site's storage. Blocking (database, disk): call
 * from the blocking executor only.
 */
public final class FtpFileSystem {
    /** Uploads in progress are written under this prefix and renamed on completion; never listed. */
    public static final String UPLOAD_PREFIX = ".sb-upload-";

    /** What a virtual path names: the root, a site's root folder, or something inside a site. */
    public record Target(VirtualPath path, Site site, Path file, boolean mayWrite) {
        public boolean isRoot() {
            return site == null;
        }

        public boolean isSiteRoot() {
            return site != null && path.segments().size() == 1;
        }
    }

    /** One listing entry; {@code attrs} null for the site folders shown at the root. */
    public record Entry(String name, boolean directory, long size, Instant modified, boolean mayWrite) {
    }

    private final SiteDirectory sites;

    public FtpFileSystem(SiteDirectory sites) {
        this.sites = sites;
    }

    /** Resolves {@code path} for a principal that needs at least read access to its site. */
    public Target resolve(Principal who, VirtualPath path) throws FtpException, SQLException, IOException {
        if (path.isRoot()) return new Target(path, null, null, false);
        Optional<Site> site = sites.find(who, path.site(), SiteAccess.READ).filter(Site::ftpEnabled);
        if (site.isEmpty()) throw new FtpException(FtpReplies.OUTSIDE);
        for (String seg : path.inSite()) {
            if (seg.startsWith(UPLOAD_PREFIX)) throw new FtpException(FtpReplies.NOT_FOUND);
        }
        try {
            Path file = SiteDirectory.resolve(site.get(), path.inSite());
            return new Target(path, site.get(), file, SiteDirectory.allows(who, site.get(), SiteAccess.WRITE));
        } catch (SitePathException e) {
            throw new FtpException(FtpReplies.OUTSIDE);
        }
    }

    /** As {@link #resolve}, and the principal must be allowed to write there (never at the root or a site folder itself). */
    public Target resolveForWrite(Principal who, VirtualPath path) throws FtpException, SQLException, IOException {
        Target t = resolve(who, path);
        if (t.isRoot() || t.isSiteRoot() || !t.mayWrite()) throw new FtpException(FtpReplies.DENIED);
        return t;
    }

    /** The entries of a folder: sites at the root, files inside a site (uploads and links out hidden). */
    public List<Entry> list(Principal who, Target dir) throws FtpException, SQLException, IOException {
        List<Entry> out = new ArrayList<>();
        if (dir.isRoot()) {
            for (Site s : sites.visible(who, SiteAccess.READ)) {
                if (!s.ftpEnabled()) continue;
                Instant mod = Instant.EPOCH;
                if (Files.isDirectory(s.root())) mod = Files.getLastModifiedTime(s.root()).toInstant();
                out.add(new Entry(s.hostname(), true, 0, mod, SiteDirectory.allows(who, s, SiteAccess.WRITE)));
            }
            return out;
        }
        if (!Files.isDirectory(dir.file())) throw new FtpException(FtpReplies.NOT_A_DIRECTORY);
        try (Stream<Path> children = Files.list(dir.file())) {
            for (Path p : (Iterable<Path>) children::iterator) {
                String name = p.getFileName().toString();
                if (name.startsWith(UPLOAD_PREFIX) || SiteDirectory.escapes(dir.site(), p)) continue;
                Entry e = entry(p, name, dir.mayWrite());
                if (e != null) out.add(e);
            }
        }
        out.sort((a, b) -> a.name().compareTo(b.name()));
        return out;
    }

    /** The entry for one target (MLST, STAT, SIZE, MDTM). */
    public Entry entry(Target t) throws FtpException, IOException {
        if (t.isRoot()) return new Entry("/", true, 0, Instant.EPOCH, false);
        Entry e = entry(t.file(), t.path().name(), t.mayWrite());
        if (e == null) throw new FtpException(FtpReplies.NOT_FOUND);
        return e;
    }

    private static Entry entry(Path p, String name, boolean mayWrite) {
        try {
            BasicFileAttributes a = Files.readAttributes(p, BasicFileAttributes.class);
            return new Entry(name, a.isDirectory(), a.isDirectory() ? 0 : a.size(), a.lastModifiedTime().toInstant(), mayWrite);
        } catch (IOException e) {
            return null;
        }
    }

    static boolean exists(Path p) {
        return Files.exists(p, LinkOption.NOFOLLOW_LINKS);
    }
}
