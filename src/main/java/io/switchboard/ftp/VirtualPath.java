package io.switchboard.ftp;

import java.util.ArrayList;
import java.util.List;

/**
 * A path in the user's FTP view: "/" lists their sites, "/{hostname}/..." is inside one. Built
 * only by {@link #resolve}, which applies "." and ".." textually and stops at "/", so no path the
 * client sends can name anything above the sites (RFC 959 has no notion of a root; this is ours).
 */
public record VirtualPath(List<String> segments) {
    public static final VirtualPath ROOT = new VirtualPath(List.of());

    public VirtualPath {
        segments = List.copyOf(segments);
    }

    /** {@code argument} relative to {@code cwd}, or absolute when it starts with "/". */
    public static VirtualPath resolve(VirtualPath cwd, String argument) {
        List<String> out = new ArrayList<>(argument.startsWith("/") ? List.of() : cwd.segments);
        for (String seg : argument.split("/", -1)) {
            if (seg.isEmpty() || seg.equals(".")) continue;
            if (seg.equals("..")) {
                if (!out.isEmpty()) out.remove(out.size() - 1);
                continue;
            }
            out.add(seg);
        }
        return new VirtualPath(out);
    }

    public boolean isRoot() {
        return segments.isEmpty();
    }

    /** The site's hostname (first segment); null at the root. */
    public String site() {
        return segments.isEmpty() ? null : segments.get(0);
    }

    /** The segments inside the site. */
    public List<String> inSite() {
        return segments.isEmpty() ? List.of() : segments.subList(1, segments.size());
    }

    public String name() {
        return segments.isEmpty() ? "/" : segments.get(segments.size() - 1);
    }

    public VirtualPath parent() {
        return segments.isEmpty() ? this : new VirtualPath(segments.subList(0, segments.size() - 1));
    }

    public VirtualPath child(String name) {
        List<String> s = new ArrayList<>(segments);
        s.add(name);
        return new VirtualPath(s);
    }

    @Override
    public String toString() {
        return "/" + String.join("/", segments);
    }
}
