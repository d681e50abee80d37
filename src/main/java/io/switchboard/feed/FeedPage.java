package io.switchboard.feed;

import java.time.Instant;
import java.util.List;

/**
 * One page of a feed, ready to write in any format: the definition, the items the caller may
 * read, where this page sits, absolute URLs, and the resolved feed author.
 *
 * @param baseUrl {@code public.url} without a trailing slash
 * @param updated the latest change: the feed row, its items, the last change event seen
 */
record FeedPage(FeedDefinition feed, List<FeedItem> items, int page, long lastPage, String baseUrl, String authorName,
                Instant updated) {
    /** The absolute URL of a page of this feed in a format. */
    String url(FeedFormat format, int pageNumber) {
        return baseUrl + "/feed/" + feed.name() + "." + format.extension() + (pageNumber > 1 ? "?page=" + pageNumber : "");
    }

    /** Where the feed's website is: its link column (made absolute) or public.url. */
    String homePage() {
        String l = FeedLinks.absolute(baseUrl, feed.link());
        return l != null ? l : baseUrl + "/";
    }

    String description() {
        return feed.description() == null || feed.description().isBlank() ? feed.title() : feed.description();
    }
}
