package io.switchboard.dav;

import java.text.Normalizer;

/**
 * The collations text-match may name (RFC 4790 §9, RFC 5051): each folds a string so that two
 * strings compare equal under the collation exactly when their folded forms are equal.
 */
enum Collation {
    /** Byte-for-byte (RFC 4790 §9.3). */
    OCTET("i;octet"),
    /** Only US-ASCII letters fold, A-Z to a-z (RFC 4790 §9.2); the CalDAV default. */
    ASCII_CASEMAP("i;ascii-casemap"),
    /** Unicode titlecase then canonical decomposition (RFC 5051 §2); the CardDAV default. */
    UNICODE_CASEMAP("i;unicode-casemap");

    final String id;

    Collation(String id) {
        this.id = id;
    }

    /** The collation an attribute names, its default when absent, or null when we do not support it. */
    static Collation named(String attr, Collation dflt) {
        if (attr == null || attr.isEmpty()) return dflt;
        for (Collation c : values()) if (c.id.equalsIgnoreCase(attr)) return c;
        return null;
    }

    String fold(String s) {
        return switch (this) {
            case OCTET -> s;
            case ASCII_CASEMAP -> asciiLower(s);
            case UNICODE_CASEMAP -> unicodeFold(s);
        };
    }

    private static String asciiLower(String s) {
        char[] out = null;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c >= 'A' && c <= 'Z') {
                if (out == null) out = s.toCharArray();
                out[i] = (char) (c + 32);
            }
        }
        return out == null ? s : new String(out);
    }

    private static String unicodeFold(String s) {
        StringBuilder sb = new StringBuilder(s.length());
        s.codePoints().forEach(cp -> sb.appendCodePoint(Character.toTitleCase(cp)));
        return Normalizer.normalize(sb, Normalizer.Form.NFD);
    }
}
