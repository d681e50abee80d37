package io.switchboard.feed;

/** Writes one page of a feed in one format, as UTF-8 bytes. */
interface FeedWriter {
    byte[] write(FeedPage page) throws Exception;

    static FeedWriter of(FeedFormat format) {
        return switch (format) {
            case RSS -> new RssFeedWriter();
            case ATOM -> new AtomFeedWriter();
            case JSON -> new JsonFeedWriter();
        };
    }
}
