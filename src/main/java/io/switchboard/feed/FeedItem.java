package io.switchboard.feed;

import java.time.Instant;
import java.util.List;

/**
 * One entry of a feed, mapped from an item row. Texts are as stored (writers clean and escape
 * them); {@code summaryHtml}/{@code contentHtml} say whether the column holds HTML.
 */
record FeedItem(String id, String title, String summary, boolean summaryHtml, String content, boolean contentHtml,
                String link, String author, Instant published, Instant updated, List<String> categories) {
    /** A stable, globally unique id (RFC 4287 section 4.2.6; RSS guid, JSON Feed id). */
    String urn() {
        return "urn:uuid:" + id;
    }
}
