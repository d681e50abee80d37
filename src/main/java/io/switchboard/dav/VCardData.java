package io.switchboard.dav;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * vCard 3.0 (RFC 2426) and 4.0 (RFC 6350) checked by hand: one card per resource, content lines
 * well formed, VERSION, FN (and N for 3.0) and UID present (RFC 6352 §5.1). Also the property
 * list addressbook-query filters work on.
 */
final class VCardData {
    static final String PRECONDITION = "<CR:valid-address-data/>";
    /** Longest unfolded content line we accept. */
    static final int MAX_LINE = 1 << 20;

    record Line(String group, String name, String params, String value) {
    }

    private VCardData() {
    }

    static List<Line> lines(String text) {
        List<Line> out = new ArrayList<>();
        String[] raw = text.replace("\r\n", "\n").replace('\r', '\n').split("\n");
        StringBuilder cur = null;
        List<String> unfolded = new ArrayList<>();
        for (String l : raw) {
            if (!l.isEmpty() && (l.charAt(0) == ' ' || l.charAt(0) == '\t') && cur != null) {
                cur.append(l, 1, l.length());
                if (cur.length() > MAX_LINE) throw invalid("line too long");
                continue;
            }
            if (cur != null) unfolded.add(cur.toString());
            cur = l.isEmpty() ? null : new StringBuilder(l);
        }
        if (cur != null) unfolded.add(cur.toString());
        for (String l : unfolded) {
            int colon = colon(l);
            if (colon <= 0) throw invalid("content line without name or ':' : " + abbreviate(l));
            String head = l.substring(0, colon);
            int semi = head.indexOf(';');
            String nameAndGroup = semi < 0 ? head : head.substring(0, semi);
            String params = semi < 0 ? "" : head.substring(semi + 1);
            int dot = nameAndGroup.indexOf('.');
            String group = dot < 0 ? null : nameAndGroup.substring(0, dot);
            String name = (dot < 0 ? nameAndGroup : nameAndGroup.substring(dot + 1)).toUpperCase(Locale.ROOT);
            if (!name.matches("[A-Z0-9-]+")) throw invalid("bad property name " + abbreviate(name));
            out.add(new Line(group, name, params, l.substring(colon + 1)));
        }
        return out;
    }

    /** The first ':' not inside a quoted parameter value. */
    private static int colon(String l) {
        boolean quoted = false;
        for (int i = 0; i < l.length(); i++) {
            char c = l.charAt(i);
            if (c == '"') quoted = !quoted;
            else if (c == ':' && !quoted) return i;
        }
        return -1;
    }

    /** Splits on {@code sep} outside double quotes (parameter lists and values, RFC 6350 §3.3). */
    static List<String> splitOutsideQuotes(String s, char sep) {
        List<String> out = new ArrayList<>();
        boolean quoted = false;
        int from = 0;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '"') quoted = !quoted;
            else if (c == sep && !quoted) {
                out.add(s.substring(from, i));
                from = i + 1;
            }
        }
        out.add(s.substring(from));
        return out;
    }

    static CollectionStore.Parsed validate(String text) {
        List<Line> lines = lines(text);
        if (lines.isEmpty() || !is(lines.get(0), "BEGIN", "VCARD") || !is(lines.get(lines.size() - 1), "END", "VCARD")) {
            throw invalid("not a single BEGIN:VCARD ... END:VCARD");
        }
        String version = null, uid = null;
        boolean fn = false, n = false;
        for (int i = 1; i < lines.size() - 1; i++) {
            Line l = lines.get(i);
            switch (l.name()) {
                case "BEGIN", "END" -> throw invalid("one vCard per resource");
                case "VERSION" -> version = l.value().trim();
                case "UID" -> uid = l.value().trim();
                case "FN" -> fn = !l.value().isBlank();
                case "N" -> n = true;
                default -> {
                }
            }
        }
        if (!"3.0".equals(version) && !"4.0".equals(version)) throw invalid("VERSION must be 3.0 or 4.0");
        if (!fn) throw invalid("FN is required");
        if (version.equals("3.0") && !n) throw invalid("N is required in vCard 3.0");
        if (uid == null || uid.isEmpty()) throw invalid("UID is required");
        if (uid.length() > 500) throw invalid("UID too long");
        return new CollectionStore.Parsed(uid, "VCARD", null, null, false);
    }

    private static boolean is(Line l, String name, String value) {
        return l.name().equals(name) && l.value().trim().equalsIgnoreCase(value);
    }

    private static DavException invalid(String why) {
        return new DavException(403, Replies.INVALID_VCARD + ": " + why, PRECONDITION);
    }

    private static String abbreviate(String s) {
        return s.length() > 40 ? s.substring(0, 40) + "..." : s;
    }
}
