package io.switchboard.feed;

/**
 * Text made safe for XML 1.0: characters outside the {@code Char} production
 * (https://www.w3.org/TR/xml/#charsets: tab, LF, CR, U+0020-U+D7FF, U+E000-U+FFFD,
 * U+10000-U+10FFFF) are dropped, as are unpaired surrogates. Escaping is the XML writer's job.
 */
final class XmlText {
    private XmlText() {
    }

    static String clean(String s) {
        if (s == null) return null;
        int n = s.length();
        int i = 0;
        while (i < n && allowed(s, i)) i += Character.charCount(s.codePointAt(i));
        if (i >= n) return s;
        StringBuilder sb = new StringBuilder(n);
        sb.append(s, 0, i);
        while (i < n) {
            int cp = s.codePointAt(i);
            if (allowed(s, i)) sb.appendCodePoint(cp);
            i += Character.charCount(cp);
        }
        return sb.toString();
    }

    private static boolean allowed(String s, int i) {
        int cp = s.codePointAt(i);
        if (cp == 0x9 || cp == 0xA || cp == 0xD) return true;
        if (cp >= 0x20 && cp <= 0xD7FF) return true;
        if (cp >= 0xE000 && cp <= 0xFFFD) return true;
        return cp >= 0x10000 && cp <= 0x10FFFF;
    }

    /** Plain text as HTML, for RSS descriptions (which readers treat as entity-encoded HTML). */
    static String asHtml(String text) {
        StringBuilder sb = new StringBuilder(text.length() + 16);
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '<' -> sb.append("&lt;");
                case '>' -> sb.append("&gt;");
                case '&' -> sb.append("&amp;");
                case '"' -> sb.append("&quot;");
                default -> sb.append(c);
            }
        }
        return sb.toString();
    }
}
