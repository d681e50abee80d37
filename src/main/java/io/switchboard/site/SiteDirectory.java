package io.switchboard.site;

import io.switchboard.auth.Permission;
import io.switchboard.auth.Principal;
import io.switchboard.entity.EntityEvent;
import io.switchboard.entity.EntityRow;
import io.switchboard.entity.EntityStore;
import io.switchboard.entity.ListQuery;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The sites and their storage, for FTP and DAV. All site rows are read once (as the system) and
 * kept in memory; any change of the {@code site} table drops the copy, so a permission change is
 * seen by the next command. Permission checks use the row's own mask, owner and groups:
 * {@link SiteAccess#READ} needs READ, {@link SiteAccess#WRITE} needs CREATE (not UPDATE: whoever may
 * update the row may change its {@code path}, so file writers must not need that bit); the guest
 * (anonymous FTP) never writes. Disabled sites are invisible to everyone.
 * <p>
 * Calls here may touch the database and the disk: run them on the blocking executor.
 */
public final class SiteDirectory {
    /** A hostname usable as one folder name: letters, digits, dots, dashes, underscores; not "." or "..". */
    private static final Pattern HOSTNAME = Pattern.compile("[A-Za-z0-9_][A-Za-z0-9._-]{0,252}");
    private static final Principal SYSTEM = new Principal("00000000-0000-4000-8000-00000000beef", null, "site directory",
            Set.of(Principal.ADMINISTRATORS_GROUP));

    private final EntityStore store;
    private final Path dataDir;
    private volatile List<Site> cached;

    public SiteDirectory(EntityStore store, Path dataDir) {
        this.store = store;
        this.dataDir = dataDir;
    }

    void onEvent(EntityEvent event) {
        if (event.table().equals(Sites.TABLE)) cached = null;
    }

    /** Every enabled site with a usable hostname, sorted by hostname. */
    public List<Site> all() throws SQLException {
        List<Site> sites = cached;
        if (sites != null) return sites;
        List<Site> loaded = new ArrayList<>();
        int page = 1;
        while (true) {
            ListQuery.Page p = store.list(SYSTEM, Sites.TABLE, new ListQuery(page, ListQuery.MAX_PAGE_SIZE, List.of(), List.of()));
            for (EntityRow r : p.rows()) {
                Site s = toSite(r);
                if (s != null && s.enabled()) loaded.add(s);
            }
            if (page >= p.lastPage() || p.rows().isEmpty()) break;
            page++;
        }
        loaded.sort(Comparator.comparing(Site::hostname));
        sites = List.copyOf(loaded);
        cached = sites;
        return sites;
    }

    /** The sites this principal may use for {@code access}, sorted by hostname. */
    public List<Site> visible(Principal who, SiteAccess access) throws SQLException {
        List<Site> out = new ArrayList<>();
        for (Site s : all()) if (allows(who, s, access)) out.add(s);
        return out;
    }

    /** The site named {@code hostname} if the principal may use it for {@code access}. */
    public Optional<Site> find(Principal who, String hostname, SiteAccess access) throws SQLException {
        for (Site s : all()) {
            if (s.hostname().equals(hostname)) return allows(who, s, access) ? Optional.of(s) : Optional.empty();
        }
        return Optional.empty();
    }

    public static boolean allows(Principal who, Site site, SiteAccess access) {
        if (access == SiteAccess.WRITE && who.isGuest()) return false;
        Permission.Op op = access == SiteAccess.READ ? Permission.Op.READ : Permission.Op.CREATE;
        return Permission.allows(who, site.permission(), site.owner(), site.usergroups(), op);
    }

    /**
     * The file for {@code relative} (a slash-separated path inside the site, already free of "."
     * and "..") under the site's root. Refused when a segment is empty, "." or "..", contains a
     * backslash, NUL or another control character, or when the deepest existing ancestor (after
     * following symlinks) lies outside the root. The root folder is created on first use.
     */
    public static Path resolve(Site site, List<String> relative) throws SitePathException, IOException {
        Path root = site.root();
        Files.createDirectories(root);
        Path realRoot = root.toRealPath();
        Path p = realRoot;
        for (String seg : relative) {
            checkSegment(seg);
            p = p.resolve(seg);
        }
        p = p.normalize();
        if (!p.startsWith(realRoot)) throw new SitePathException("path leaves the site");
        // the deepest existing ancestor, with every symlink followed, must still be inside the root
        Path existing = p;
        while (existing != null && !Files.exists(existing, LinkOption.NOFOLLOW_LINKS)) existing = existing.getParent();
        if (existing == null) throw new SitePathException("path leaves the site");
        if (Files.isSymbolicLink(existing) && !Files.exists(existing)) throw new SitePathException("dangling link");
        Path real = existing.toRealPath();
        if (!real.startsWith(realRoot)) throw new SitePathException("path leaves the site through a link");
        return p;
    }

    /** True when {@code p} (inside some site) is a symlink whose target lies outside {@code site}. */
    public static boolean escapes(Site site, Path p) {
        try {
            if (!Files.isSymbolicLink(p)) return false;
            return !p.toRealPath().startsWith(site.root().toRealPath());
        } catch (IOException e) {
            return true;
        }
    }

    static void checkSegment(String seg) throws SitePathException {
        if (seg.isEmpty() || seg.equals(".") || seg.equals("..")) throw new SitePathException("bad path segment");
        for (int i = 0; i < seg.length(); i++) {
            char c = seg.charAt(i);
            if (c < 0x20 || c == 0x7f || c == '\\' || c == '/') throw new SitePathException("bad character in name");
        }
        if (seg.length() > 255) throw new SitePathException("name too long");
    }

    private Site toSite(EntityRow r) {
        Object host = r.attributes().get("hostname");
        if (!(host instanceof String h) || !HOSTNAME.matcher(h).matches() || h.equals("..") || h.equals(".")) return null;
        Object path = r.attributes().get("path");
        Path root = path instanceof String s && !s.isBlank()
                ? Path.of(s.replace("{data.dir}", dataDir.toString()).replace("{hostname}", h))
                : dataDir.resolve("sites").resolve(h);
        root = root.toAbsolutePath().normalize();
        return new Site(r.referenceId(), r.attributes().get("name") instanceof String n ? n : h, h, root,
                !Boolean.FALSE.equals(r.attributes().get("ftp_enabled")), !Boolean.FALSE.equals(r.attributes().get("enable")),
                r.owner(), r.permission(), r.usergroups());
    }
}
