package io.switchboard.imap;

import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Set;

/** Message flags (RFC 3501 §2.3.2): \Seen and \Deleted live in their own columns, the rest in "flags". */
final class Flags {
    private Flags() {
    }

    static final String SEEN = "\\Seen";
    static final String DELETED = "\\Deleted";
    static final String PERMANENT = "(\\Answered \\Flagged \\Deleted \\Seen \\Draft \\*)";
    static final String DEFINED = "(\\Answered \\Flagged \\Deleted \\Seen \\Draft)";

    static Set<String> fromColumns(boolean seen, boolean deleted, String others) {
        Set<String> s = new LinkedHashSet<>();
        if (seen) s.add(SEEN);
        if (deleted) s.add(DELETED);
        if (others == null || others.isEmpty()) return s;
        // a plain scan: this runs for every row of a folder listing
        int n = others.length();
        for (int i = 0; i < n; ) {
            while (i < n && Character.isWhitespace(others.charAt(i))) i++;
            int start = i;
            while (i < n && !Character.isWhitespace(others.charAt(i))) i++;
            if (i > start) s.add(normalise(others.substring(start, i)));
        }
        return s;
    }

    static String otherColumn(Set<String> flags) {
        StringBuilder b = new StringBuilder();
        for (String f : flags) {
            if (f.equals(SEEN) || f.equals(DELETED) || f.equalsIgnoreCase("\\Recent")) continue;
            if (b.length() > 0) b.append(' ');
            b.append(f);
        }
        return b.toString();
    }

    /** System flags in their canonical case; keywords as given. */
    static String normalise(String f) {
        if (!f.startsWith("\\")) return f;
        return switch (f.toLowerCase(Locale.ROOT)) {
            case "\\seen" -> "\\Seen";
            case "\\deleted" -> "\\Deleted";
            case "\\answered" -> "\\Answered";
            case "\\flagged" -> "\\Flagged";
            case "\\draft" -> "\\Draft";
            case "\\recent" -> "\\Recent";
            default -> f;
        };
    }

    static boolean valid(String f) {
        if (f.startsWith("\\")) {
            String n = normalise(f);
            return !n.equals(f) || n.equals("\\Seen") || n.equals("\\Deleted") || n.equals("\\Answered")
                    || n.equals("\\Flagged") || n.equals("\\Draft");
        }
        for (char c : f.toCharArray()) if (c <= ' ' || c >= 127 || "(){%*\"\\]".indexOf(c) >= 0) return false;
        return !f.isEmpty();
    }

    static String list(Set<String> flags) {
        return appendList(new StringBuilder(32), flags).toString();
    }

    /** Appends the parenthesised flag list (RFC 3501 "flag-list"). */
    static StringBuilder appendList(StringBuilder b, Set<String> flags) {
        b.append('(');
        boolean first = true;
        for (String f : flags) {
            if (!first) b.append(' ');
            first = false;
            b.append(f);
        }
        return b.append(')');
    }
}
