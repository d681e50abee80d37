package io.switchboard.feed;

import com.fasterxml.jackson.databind.JsonNode;
import io.switchboard.Json;
import io.switchboard.auth.Permission;
import io.switchboard.support.Api;
import io.switchboard.support.Api.Resp;
import io.switchboard.support.Api.User;
import io.switchboard.support.TestServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Who may read which feed, what each caller sees, validators and 304, the cache and its
 * invalidation, paging and the feed table's write rules, over real HTTP; on H2 and on PostgreSQL
 * (where {@code order} and {@code public} are reserved words).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class FeedServingSuite {
    private FeedFixture fx;
    private User owner;
    private User other;

    abstract TestServer.Db db();

    @BeforeAll
    void setUp() throws Exception {
        fx = new FeedFixture(db());
        owner = fx.api.newUser("Owner");
        other = fx.api.newUser("Other");
    }

    @AfterAll
    void tearDown() throws Exception {
        fx.close();
    }

    private static List<String> titles(Resp jsonFeed) {
        assertEquals(200, jsonFeed.status(), jsonFeed.text());
        List<String> out = new ArrayList<>();
        for (JsonNode i : jsonFeed.json().path("items")) out.add(i.path("title").asText());
        return out;
    }

    private static String bearer(User u) {
        return "Bearer " + u.token();
    }

    @Test
    void guestGets401WithBasicChallengeForAFeedThatIsNotPublic() {
        fx.itemTable("memo");
        fx.feed(owner, Json.object().put("feed_name", "memos").put("table_name", "memo"));
        for (String ext : List.of("rss", "atom", "json")) {
            Resp r = fx.get("/feed/memos." + ext);
            assertEquals(401, r.status(), r.text());
            assertTrue(r.header("WWW-Authenticate").startsWith("Basic "), r.header("WWW-Authenticate"));
            assertTrue(r.text().contains(FeedReplies.SIGN_IN));
        }
    }

    @Test
    void basicOrBearerCredentialsOpenAFeedTheCallerMayRead() {
        fx.itemTable("note");
        fx.feed(owner, Json.object().put("feed_name", "notes").put("table_name", "note"));
        fx.item(owner, "note", "my note", Permission.DEFAULT_ROW);
        assertEquals(List.of("my note"), titles(fx.get("/feed/notes.json", FeedFixture.basic(owner), Map.of())));
        assertEquals(List.of("my note"), titles(fx.get("/feed/notes.json", bearer(owner), Map.of())));
        assertEquals(200, fx.get("/feed/notes.rss?token=" + owner.token(), null, Map.of()).status());
        Resp wrong = fx.get("/feed/notes.rss", "Basic " + java.util.Base64.getEncoder().encodeToString((owner.email() + ":nope").getBytes()), Map.of());
        assertEquals(401, wrong.status());
        assertTrue(wrong.header("WWW-Authenticate").startsWith("Basic "));
        Resp notAllowed = fx.get("/feed/notes.rss", FeedFixture.basic(other), Map.of());
        assertEquals(404, notAllowed.status(), "a signed-in user who may not read the feed row does not learn it exists");
        assertEquals(200, fx.get("/feed/notes.rss", bearer(fx.admin), Map.of()).status());
    }

    @Test
    void eachCallerSeesOnlyTheItemsTheirPermissionAllows() {
        fx.itemTable("post");
        fx.feed(owner, Json.object().put("feed_name", "posts").put("table_name", "post").put("public", true).put("order", "title asc"));
        fx.item(owner, "post", "a public", FeedFixture.GUEST_READABLE);
        fx.item(owner, "post", "b owner only", Permission.DEFAULT_ROW);
        fx.item(other, "post", "c other only", Permission.DEFAULT_ROW);
        assertEquals(List.of("a public"), titles(fx.get("/feed/posts.json")));
        assertEquals(List.of("a public", "b owner only"), titles(fx.get("/feed/posts.json", FeedFixture.basic(owner), Map.of())));
        assertEquals(List.of("a public", "c other only"), titles(fx.get("/feed/posts.json", bearer(other), Map.of())));
        assertEquals(List.of("a public", "b owner only", "c other only"), titles(fx.get("/feed/posts.json", bearer(fx.admin), Map.of())));
        // the guest's page again, now from the cache: still only the public item
        assertEquals(List.of("a public"), titles(fx.get("/feed/posts.json")));
    }

    @Test
    void answers304ForAMatchingEtagOrAnUnchangedDate() {
        fx.itemTable("story");
        fx.feed(owner, Json.object().put("feed_name", "stories").put("table_name", "story").put("public", true));
        fx.item(owner, "story", "one", FeedFixture.GUEST_READABLE);
        Resp first = fx.get("/feed/stories.atom");
        assertEquals(200, first.status());
        String etag = first.header("ETag");
        String lastModified = first.header("Last-Modified");
        assertNotNull(etag);
        assertNotNull(lastModified);
        Resp byTag = fx.get("/feed/stories.atom", null, Map.of("If-None-Match", etag));
        assertEquals(304, byTag.status());
        assertEquals("", byTag.text());
        assertEquals(etag, byTag.header("ETag"));
        assertEquals(304, fx.get("/feed/stories.atom", null, Map.of("If-None-Match", "\"other\", " + etag)).status());
        assertEquals(304, fx.get("/feed/stories.atom", null, Map.of("If-Modified-Since", lastModified)).status());
        assertEquals(200, fx.get("/feed/stories.atom", null, Map.of("If-None-Match", "\"other\"")).status());
        assertEquals(200, fx.get("/feed/stories.atom", null, Map.of("If-None-Match", "\"other\"", "If-Modified-Since", lastModified)).status(),
                "If-None-Match decides when both are sent");
        assertEquals(200, fx.get("/feed/stories.atom", null, Map.of("If-Modified-Since", "Thu, 01 Jan 1970 00:00:00 GMT")).status());
        fx.item(owner, "story", "two", FeedFixture.GUEST_READABLE);
        Resp changed = fx.get("/feed/stories.atom", null, Map.of("If-None-Match", etag));
        assertEquals(200, changed.status());
        assertNotEquals(etag, changed.header("ETag"));
    }

    @Test
    void cachedReadsAreAnsweredFromMemoryUntilARowChanges() {
        fx.itemTable("entry");
        fx.feed(owner, Json.object().put("feed_name", "entries").put("table_name", "entry").put("public", true));
        String id = fx.item(owner, "entry", "first", FeedFixture.GUEST_READABLE);
        assertEquals(List.of("first"), titles(fx.get("/feed/entries.json")));
        long generations = fx.stats().path("generations").asLong();
        long fromLoop = fx.stats().path("event_loop_answers").asLong();
        for (int i = 0; i < 5; i++) assertEquals(List.of("first"), titles(fx.get("/feed/entries.json")));
        assertEquals(generations, fx.stats().path("generations").asLong(), "cached reads generate nothing and query nothing");
        assertEquals(fromLoop + 5, fx.stats().path("event_loop_answers").asLong(), "guest reads of a cached page stay on the event loop");

        String second = fx.item(owner, "entry", "second", FeedFixture.GUEST_READABLE);
        assertEquals(List.of("second", "first"), titles(fx.get("/feed/entries.json")), "create invalidates");
        Resp patched = fx.api.patch("/api/entry/" + id, owner.token(), Api.resource("entry", Json.object().put("title", "first, edited")));
        assertEquals(200, patched.status(), patched.text());
        assertEquals(List.of("second", "first, edited"), titles(fx.get("/feed/entries.json")), "update invalidates");
        assertEquals(204, fx.api.delete("/api/entry/" + second, owner.token()).status());
        assertEquals(List.of("first, edited"), titles(fx.get("/feed/entries.json")), "delete invalidates");
        Resp hidden = fx.api.patch("/api/entry/" + id, owner.token(), Api.resource("entry", Json.object().put("permission", Permission.DEFAULT_ROW)));
        assertEquals(200, hidden.status(), hidden.text());
        assertEquals(List.of(), titles(fx.get("/feed/entries.json")), "a permission change invalidates");
        assertTrue(fx.stats().path("generations").asLong() > generations);
    }

    @Test
    void changingTheFeedRowChangesWhatIsServed() {
        fx.itemTable("bulletin");
        JsonNode feed = fx.feed(owner, Json.object().put("feed_name", "bulletins").put("table_name", "bulletin").put("public", true)
                .put("title", "Old title"));
        String id = feed.path("id").asText();
        assertEquals("Old title", fx.get("/feed/bulletins.json").json().path("title").asText());
        patchFeed(id, Json.object().put("title", "New title"));
        assertEquals("New title", fx.get("/feed/bulletins.json").json().path("title").asText());
        patchFeed(id, Json.object().put("enable_rss", false));
        assertEquals(404, fx.get("/feed/bulletins.rss").status());
        assertEquals(200, fx.get("/feed/bulletins.atom").status());
        patchFeed(id, Json.object().put("public", false));
        assertEquals(401, fx.get("/feed/bulletins.atom").status());
        patchFeed(id, Json.object().put("enable", false));
        assertEquals(404, fx.get("/feed/bulletins.atom", bearer(owner), Map.of()).status());
        assertEquals(204, fx.api.delete("/api/feed/" + id, owner.token()).status());
        assertEquals(404, fx.get("/feed/bulletins.json", bearer(owner), Map.of()).status());
    }

    private void patchFeed(String id, com.fasterxml.jackson.databind.node.ObjectNode attrs) {
        Resp r = fx.api.patch("/api/feed/" + id, owner.token(), Api.resource("feed", attrs));
        assertEquals(200, r.status(), r.text());
    }

    @Test
    void limitIsAnAliasOfPageSizeAndPagesLinkToEachOther() {
        fx.itemTable("event");
        JsonNode feed = fx.feed(owner, Json.object().put("feed_name", "events").put("table_name", "event").put("public", true)
                .put("order", "title asc").put("limit", 2));
        assertEquals(2, feed.path("attributes").path("page_size").asInt());
        for (String t : List.of("e1", "e2", "e3", "e4", "e5")) fx.item(owner, "event", t, FeedFixture.GUEST_READABLE);
        assertEquals(List.of("e1", "e2"), titles(fx.get("/feed/events.json")));
        Resp p2 = fx.get("/feed/events.json?page=2");
        assertEquals(List.of("e3", "e4"), titles(p2));
        assertEquals(FeedFixture.BASE + "/feed/events.json?page=3", p2.json().path("next_url").asText());
        Resp p3 = fx.get("/feed/events.json?page=3");
        assertEquals(List.of("e5"), titles(p3));
        assertTrue(p3.json().path("next_url").isMissingNode());
        String atom = fx.get("/feed/events.atom?page=2").text();
        assertTrue(atom.contains("rel=\"next\" type=\"application/atom+xml\" href=\"" + FeedFixture.BASE + "/feed/events.atom?page=3\""), atom);
        assertTrue(atom.contains("rel=\"previous\" type=\"application/atom+xml\" href=\"" + FeedFixture.BASE + "/feed/events.atom\""), atom);
        String rss = fx.get("/feed/events.rss").text();
        assertTrue(rss.contains("href=\"" + FeedFixture.BASE + "/feed/events.rss?page=2\" rel=\"next\""), rss);

        Resp patched = fx.api.patch("/api/feed/" + feed.path("id").asText(), owner.token(), Api.resource("feed", Json.object().put("limit", 3)));
        assertEquals(200, patched.status(), patched.text());
        assertEquals(3, patched.json().path("data").path("attributes").path("page_size").asInt());
        assertEquals(List.of("e1", "e2", "e3"), titles(fx.get("/feed/events.json")));
    }

    @Test
    void itemMappingPicksTheNamedColumns() {
        Resp t = fx.api.createTable(fx.admin.token(), "release", "headline:label", "teaser:content", "notes:html", "url:url",
                "writer:label", "happened:datetime", "labels:json");
        assertEquals(201, t.status(), t.text());
        fx.feed(owner, Json.object().put("feed_name", "releases").put("table_name", "release").put("public", true)
                .put("item_title", "headline").put("item_summary", "teaser").put("item_content", "notes").put("item_link", "url")
                .put("item_author", "writer").put("item_date", "happened").put("item_categories", "labels").put("order", "happened desc"));
        com.fasterxml.jackson.databind.node.ObjectNode a = Json.object().put("headline", "v1.0").put("teaser", "first <release>")
                .put("notes", "<ul><li>fast</li></ul>").put("url", "https://example.net/v1").put("writer", "Release Bot")
                .put("happened", "2025-03-04T05:06:07Z").put("permission", FeedFixture.GUEST_READABLE);
        a.putArray("labels").add("stable").add("lts");
        fx.item(owner, "release", a);
        fx.item(owner, "release", Json.object().put("headline", "evil link").put("url", "javascript:alert(1)")
                .put("happened", "2024-01-01T00:00:00Z").put("permission", FeedFixture.GUEST_READABLE));
        JsonNode items = fx.get("/feed/releases.json").json().path("items");
        assertEquals(2, items.size());
        JsonNode i = items.get(0);
        assertEquals("v1.0", i.path("title").asText());
        assertEquals("first <release>", i.path("summary").asText());
        assertEquals("<ul><li>fast</li></ul>", i.path("content_html").asText(), "an html column is HTML content");
        assertEquals("https://example.net/v1", i.path("url").asText());
        assertEquals("Release Bot", i.path("authors").get(0).path("name").asText());
        assertEquals("2025-03-04T05:06:07Z", i.path("date_published").asText());
        assertEquals("stable", i.path("tags").get(0).asText());
        assertEquals("lts", i.path("tags").get(1).asText());
        JsonNode evil = items.get(1);
        assertTrue(evil.path("url").asText().startsWith(FeedFixture.BASE + "/api/release/"), "only http(s) links are passed on: " + evil);
        assertEquals("", evil.path("content_text").asText(), "JSON Feed items always carry content");
        String rss = fx.get("/feed/releases.rss").text();
        assertFalse(rss.contains("javascript:"), rss);
        assertTrue(rss.contains("<pubDate>Tue, 04 Mar 2025 05:06:07 GMT</pubDate>"), rss);
    }

    @Test
    void createFillsInTheDocumentedDefaults() {
        fx.itemTable("digest");
        JsonNode a = fx.feed(owner, Json.object().put("feed_name", "digests").put("table_name", "digest")).path("attributes");
        assertEquals("created_at desc", a.path("order").asText());
        assertEquals(20, a.path("page_size").asInt());
        for (String f : List.of("enable", "enable_rss", "enable_atom", "enable_json")) assertTrue(a.path(f).asBoolean(), f);
        assertFalse(a.path("public").asBoolean());
        assertEquals("title", a.path("item_title").asText());
        assertEquals("description", a.path("item_summary").asText());
        assertEquals("body", a.path("item_content").asText());
        assertEquals("link", a.path("item_link").asText());
        assertEquals("created_at", a.path("item_date").asText());
        assertEquals(Permission.DEFAULT_ROW, a.path("permission").asInt());
        assertEquals(owner.id(), a.path("owner").asText());
    }

    @Test
    void rejectsFeedsThatCannotBeServed() {
        fx.itemTable("report");
        assertEquals(400, createFeed(Json.object().put("feed_name", "has space").put("table_name", "report")).status());
        assertEquals(400, createFeed(Json.object().put("feed_name", "r1").put("table_name", "report").put("order", "title; drop")).status());
        assertEquals(400, createFeed(Json.object().put("feed_name", "r2").put("table_name", "report").put("order", "nosuch desc")).status());
        assertEquals(400, createFeed(Json.object().put("feed_name", "r3").put("table_name", "report").put("item_title", "nosuch")).status());
        assertEquals(400, createFeed(Json.object().put("feed_name", "r4").put("table_name", "report").put("limit", 0)).status());
        assertEquals(400, createFeed(Json.object().put("feed_name", "r5").put("table_name", "report").put("page_size", 501)).status());
        assertEquals(404, createFeed(Json.object().put("feed_name", "r6").put("table_name", "no_such_table")).status());
        assertEquals(401, fx.api.post("/api/feed", null, Api.resource("feed", Json.object().put("feed_name", "r7").put("table_name", "report"))).status());
        assertEquals(201, createFeed(Json.object().put("feed_name", "r8").put("table_name", "report")).status());
        assertEquals(409, createFeed(Json.object().put("feed_name", "r8").put("table_name", "report")).status(), "feed_name is unique");
    }

    private Resp createFeed(com.fasterxml.jackson.databind.node.ObjectNode attrs) {
        return fx.api.post("/api/feed", owner.token(), Api.resource("feed", attrs));
    }

    @Test
    void unknownFeedsFormatsAndPagesAreRefused() {
        assertEquals(404, fx.get("/feed/no-such-feed.rss").status());
        assertEquals(404, fx.get("/feed/no-such-feed.html").status());
        assertEquals(404, fx.get("/feed/noextension").status());
        fx.itemTable("photo");
        fx.feed(owner, Json.object().put("feed_name", "photos").put("table_name", "photo").put("public", true));
        assertEquals(400, fx.get("/feed/photos.rss?page=0").status());
        assertEquals(400, fx.get("/feed/photos.rss?page=abc").status());
        assertEquals(200, fx.get("/feed/photos.rss?page=7").status(), "past the last page: an empty page");
    }

    @Test
    void absoluteLinksFollowPublicUrlWhenItChanges() {
        fx.itemTable("link_item");
        fx.feed(owner, Json.object().put("feed_name", "links").put("table_name", "link_item").put("public", true));
        assertEquals(FeedFixture.BASE + "/feed/links.json", fx.get("/feed/links.json").json().path("feed_url").asText());
        fx.ts.server().config().setStored("public.url", "https://news.example.net");
        try {
            assertEquals("https://news.example.net/feed/links.json", fx.get("/feed/links.json").json().path("feed_url").asText());
        } finally {
            fx.ts.server().config().setStored("public.url", FeedFixture.PUBLIC_URL);
        }
    }
}
