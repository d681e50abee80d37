package io.switchboard.feed;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;

/** Absolute links for feeds (readers resolve relative ones inconsistently): relative to public.url. */
final class FeedLinks {
    private FeedLinks() {
    }

    /** {@code public.url} without a trailing slash. */
    static String base(String publicUrl) {
        String b = publicUrl == null || publicUrl.isBlank() ? "http://localhost:6336" : publicUrl.trim();
        while (b.endsWith("/")) b = b.substring(0, b.length() - 1);
        return b;
    }

    /** An http(s) link as is, a relative one against the base; null for anything else (javascript:, garbage). */
    static String absolute(String base, String link) {
        if (link == null || link.isBlank()) return null;
        String l = XmlText.clean(link.trim());
        try {
            URI u = new URI(l);
            if (u.isAbsolute()) {
                String scheme = u.getScheme().toLowerCase(Locale.ROOT);
                return scheme.equals("http") || scheme.equals("https") ? u.toASCIIString() : null;
            }
            return URI.create(base + "/").resolve(u).toASCIIString();
        } catch (URISyntaxException | IllegalArgumentException e) {
            return null;
        }
    }
}
