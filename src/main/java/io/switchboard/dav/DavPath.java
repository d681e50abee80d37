package io.switchboard.dav;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * A path inside one DAV space as decoded segments. Decoding refuses what could leave the space:
 * "." and ".." segments, encoded slashes or backslashes, NUL, malformed percent-encoding.
 */
record DavPath(List<String> segments, boolean trailingSlash) {
    static final DavPath ROOT = new DavPath(List.of(), true);

    /** Parses the raw (still percent-encoded) rest of a URL path, e.g. "a/b%20c/". */
    static DavPath parse(String raw) {
        if (raw == null || raw.isEmpty()) return ROOT;
        int q = raw.indexOf('?');
        if (q >= 0) raw = raw.substring(0, q);
        // a fragment has no business in a Request-URI: refuse rather than act on a truncated path
        if (raw.indexOf('#') >= 0) throw new DavException(400, Replies.BAD_PATH);
        boolean trailing = raw.endsWith("/");
        List<String> out = new ArrayList<>();
        for (String s : raw.split("/")) {
            if (s.isEmpty()) continue;
            String d = decode(s);
            if (d.equals(".") || d.equals("..") || d.indexOf('/') >= 0 || d.indexOf('\\') >= 0 || d.indexOf('\0') >= 0
                    || d.length() > 255) {
                throw new DavException(403, Replies.BAD_PATH);
            }
            out.add(d);
        }
        return new DavPath(List.copyOf(out), trailing || out.isEmpty());
    }

    boolean isRoot() {
        return segments.isEmpty();
    }

    String name() {
        return segments.isEmpty() ? "" : segments.get(segments.size() - 1);
    }

    DavPath parent() {
        if (segments.isEmpty()) return null;
        return new DavPath(segments.subList(0, segments.size() - 1), true);
    }

    DavPath child(String name) {
        List<String> s = new ArrayList<>(segments);
        s.add(name);
        return new DavPath(List.copyOf(s), false);
    }

    /** "/a/b" (root is ""): the key used for locks and dead properties. */
    String key() {
        return segments.isEmpty() ? "" : "/" + String.join("/", segments);
    }

    /** True when this is {@code other} or inside it. */
    boolean within(DavPath other) {
        String k = key(), o = other.key();
        return k.equals(o) || k.startsWith(o + "/");
    }

    /** The percent-encoded href below {@code base} (which ends with '/'). */
    String href(String base, boolean collection) {
        StringBuilder sb = new StringBuilder(base);
        for (int i = 0; i < segments.size(); i++) {
            if (i > 0) sb.append('/');
            sb.append(encode(segments.get(i)));
        }
        if (collection && !segments.isEmpty()) sb.append('/');
        return sb.toString();
    }

    /** The path part of an absolute URI or absolute path (a Destination header, an href), or null. */
    static String pathOfUri(String uri) {
        if (uri.startsWith("/")) return uri;
        int scheme = uri.indexOf("://");
        if (scheme < 0) return null;
        int slash = uri.indexOf('/', scheme + 3);
        return slash < 0 ? "/" : uri.substring(slash);
    }

    static String decode(String s) {
        if (s.indexOf('%') < 0) return s;
        ByteArrayOutputStream out = new ByteArrayOutputStream(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '%') {
                if (i + 2 >= s.length()) throw new DavException(400, Replies.BAD_PATH);
                int hi = Character.digit(s.charAt(i + 1), 16), lo = Character.digit(s.charAt(i + 2), 16);
                if (hi < 0 || lo < 0) throw new DavException(400, Replies.BAD_PATH);
                out.write(hi * 16 + lo);
                i += 2;
            } else {
                byte[] b = String.valueOf(c).getBytes(StandardCharsets.UTF_8);
                out.write(b, 0, b.length);
            }
        }
        return out.toString(StandardCharsets.UTF_8);
    }

    static String encode(String s) {
        StringBuilder sb = new StringBuilder(s.length() + 8);
        for (byte b : s.getBytes(StandardCharsets.UTF_8)) {
            int c = b & 0xff;
            if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || "-._~!$'()*,;=:@".indexOf(c) >= 0) {
                sb.append((char) c);
            } else {
                sb.append('%').append(Character.toUpperCase(Character.forDigit(c >> 4, 16)))
                        .append(Character.toUpperCase(Character.forDigit(c & 15, 16)));
            }
        }
        return sb.toString();
    }
}
