package io.switchboard.feed;

/** The three formats a feed is served in, chosen by the URL's extension. */
enum FeedFormat {
    /** RSS 2.0 (https://www.rssboard.org/rss-specification). */
    RSS("rss", "application/rss+xml; charset=utf-8"),
    /** Atom 1.0 (RFC 4287). */
    ATOM("atom", "application/atom+xml; charset=utf-8"),
    /** JSON Feed 1.1 (https://www.jsonfeed.org/version/1.1/). */
    JSON("json", "application/feed+json; charset=utf-8");

    private final String extension;
    private final String contentType;

    FeedFormat(String extension, String contentType) {
        this.extension = extension;
        this.contentType = contentType;
    }

    String extension() {
        return extension;
    }

    String contentType() {
        return contentType;
    }

    /** The format of an extension ("rss", "atom", "json"; "xml" is RSS), or null. */
    static FeedFormat ofExtension(String ext) {
        return switch (ext) {
            case "rss", "xml" -> RSS;
            case "atom" -> ATOM;
            case "json" -> JSON;
            default -> null;
        };
    }
}
