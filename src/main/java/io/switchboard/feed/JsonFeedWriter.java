package io.switchboard.feed;

import com.fasterxml.jackson.core.json.JsonWriteFeature;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.switchboard.Json;

import java.time.Instant;
import java.time.temporal.ChronoUnit;

/**
 * JSON Feed 1.1 (https://www.jsonfeed.org/version/1.1/) with Jackson. Every item has an id and
 * content_html or content_text, as the spec requires. JSON can carry any character, so texts
 * are written as stored.
 */
final class JsonFeedWriter implements FeedWriter {
    static final String VERSION = "https://jsonfeed.org/version/1.1";
    /** Emoji and other characters beyond the BMP as UTF-8 bytes, not as escaped surrogate pairs. */
    private static final ObjectWriter WRITER = Json.MAPPER.writer().with(JsonWriteFeature.COMBINE_UNICODE_SURROGATES_IN_UTF8);

    @Override
    public byte[] write(FeedPage page) throws Exception {
        FeedDefinition f = page.feed();
        ObjectNode root = Json.object();
        root.put("version", VERSION);
        root.put("title", f.title());
        root.put("home_page_url", page.homePage());
        root.put("feed_url", page.url(FeedFormat.JSON, page.page()));
        if (f.description() != null && !f.description().isBlank()) root.put("description", f.description());
        if (page.page() < page.lastPage()) root.put("next_url", page.url(FeedFormat.JSON, page.page() + 1));
        if (page.authorName() != null) root.putArray("authors").addObject().put("name", page.authorName());
        ArrayNode items = root.putArray("items");
        for (FeedItem it : page.items()) {
            ObjectNode o = items.addObject();
            o.put("id", it.urn());
            if (it.link() != null) o.put("url", it.link());
            o.put("title", it.title());
            String content = it.content() != null ? it.content() : it.summary();
            boolean html = it.content() != null ? it.contentHtml() : it.summaryHtml();
            o.put(html ? "content_html" : "content_text", content == null ? "" : content);
            if (it.summary() != null) o.put("summary", it.summary());
            if (it.published() != null) o.put("date_published", rfc3339(it.published()));
            if (it.updated() != null) o.put("date_modified", rfc3339(it.updated()));
            if (it.author() != null) o.putArray("authors").addObject().put("name", it.author());
            if (!it.categories().isEmpty()) {
                ArrayNode tags = o.putArray("tags");
                it.categories().forEach(tags::add);
            }
        }
        return WRITER.writeValueAsBytes(root);
    }

    private static String rfc3339(Instant i) {
        return i.truncatedTo(ChronoUnit.SECONDS).toString();
    }
}
