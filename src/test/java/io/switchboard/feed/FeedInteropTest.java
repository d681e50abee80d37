package io.switchboard.feed;

import com.fasterxml.jackson.databind.JsonNode;
import io.switchboard.Json;
import io.switchboard.auth.Permission;
import io.switchboard.support.Api.Resp;
import io.switchboard.support.Api.User;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;

import javax.xml.parsers.DocumentBuilderFactory;
import java.io.ByteArrayInputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Real feed readers against the running server: Python feedparser (RSS and Atom, bozo must be
 * 0) and npm rss-parser, plus RFC 4287's required elements and JSON Feed 1.1. Markup characters,
 * emoji, right-to-left text and control characters go through every format.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class FeedInteropTest {
    static final String ATOM_NS = "http://www.w3.org/2005/Atom";
    /** What a writer stores: markup characters, an emoji, Hebrew, and C0 controls XML cannot carry. */
    static final String TRICKY_TITLE = "Fish & Chips < 3 \uD83D\uDE00 \u05E9\u05DC\u05D5\u05DD \u05E2\u05D5\u05DC\u05DD \u0001\u0008\u001Fend";
    /** The same title as any XML reader gets it: the controls are gone, the rest is intact. */
    static final String TRICKY_TITLE_IN_XML = "Fish & Chips < 3 \uD83D\uDE00 \u05E9\u05DC\u05D5\u05DD \u05E2\u05D5\u05DC\u05DD end";
    static final String SUMMARY = "Plain text with <angle brackets> & \"quotes\" \u202Bمرحبا\u202C";
    static final String BODY_HTML = "<p>Hello <b>world</b> &amp; friends \uD83C\uDF0D</p>";

    private FeedFixture fx;
    private User writer;
    private String publicItem;
    private String privateItem;

    @BeforeAll
    void setUp() throws Exception {
        fx = new FeedFixture();
        writer = fx.user("Writer \u05D3\u05E0\u05D4");
        fx.itemTable("article");
        fx.feed(writer, Json.object().put("feed_name", "news").put("table_name", "article").put("title", "News & <Views>")
                .put("description", "All the news").put("public", true).put("item_categories", "tags")
                .put("author_email", "editor@example.org"));
        publicItem = fx.item(writer, "article", Json.object().put("title", TRICKY_TITLE).put("description", SUMMARY)
                .put("body", BODY_HTML).put("link", "/articles/fish").put("tags", "food, \u05D0\u05D5\u05DB\u05DC")
                .put("permission", FeedFixture.GUEST_READABLE));
        privateItem = fx.item(writer, "article", "Private draft", Permission.DEFAULT_ROW);
    }

    @AfterAll
    void tearDown() throws Exception {
        fx.close();
    }

    private String url(String file) {
        return fx.ts.baseUrl() + "/feed/" + file;
    }

    @Test
    void feedparserReadsRssWithoutErrorsAndTextSurvives() throws Exception {
        JsonNode d = FeedClients.feedparser(url("news.rss"), null, null);
        assertFalse(d.path("bozo").asBoolean(), d.toString());
        assertEquals("rss20", d.path("version").asText());
        assertEquals("News & <Views>", d.path("feed").path("title").asText());
        JsonNode entries = d.path("entries");
        assertEquals(1, entries.size(), "a guest sees only the guest-readable item: " + entries);
        JsonNode e = entries.get(0);
        assertEquals(TRICKY_TITLE_IN_XML, e.path("title").asText());
        assertEquals(SUMMARY, e.path("summary_text").asText());
        assertTrue(e.path("content").get(0).asText().contains("<b>world</b>"), e.toString());
        assertTrue(e.path("content").get(0).asText().contains("\uD83C\uDF0D"), e.toString());
        assertEquals("urn:uuid:" + publicItem, e.path("id").asText());
        assertEquals(FeedFixture.BASE.replace("/site", "") + "/articles/fish", e.path("link").asText());
        assertEquals("Writer \u05D3\u05E0\u05D4", e.path("author").asText());
        assertEquals(List.of("food", "\u05D0\u05D5\u05DB\u05DC"), texts(e.path("tags")));
        assertFalse(e.path("published").asText().isEmpty());
    }

    @Test
    void feedparserReadsAtomWithoutErrorsAndTextSurvives() throws Exception {
        JsonNode d = FeedClients.feedparser(url("news.atom"), null, null);
        assertFalse(d.path("bozo").asBoolean(), d.toString());
        assertEquals("atom10", d.path("version").asText());
        JsonNode feed = d.path("feed");
        assertEquals("News & <Views>", feed.path("title").asText());
        assertTrue(feed.path("id").asText().startsWith("urn:uuid:"));
        assertTrue(texts(feed.path("links"), "href").contains(FeedFixture.BASE + "/feed/news.atom"), feed.toString());
        JsonNode entries = d.path("entries");
        assertEquals(1, entries.size(), entries.toString());
        JsonNode e = entries.get(0);
        assertEquals(TRICKY_TITLE_IN_XML, e.path("title").asText());
        assertEquals("text/plain", e.path("title_type").asText());
        assertEquals(SUMMARY, e.path("summary").asText());
        assertEquals(BODY_HTML.replace("&amp;", "&amp;"), e.path("content").get(0).asText());
        assertEquals(List.of("food", "\u05D0\u05D5\u05DB\u05DC"), texts(e.path("tags")));
    }

    @Test
    void feedparserWithBasicCredentialsSeesTheOwnersPrivateItems() throws Exception {
        JsonNode d = FeedClients.feedparser(url("news.atom"), FeedFixture.basic(writer), null);
        assertFalse(d.path("bozo").asBoolean(), d.toString());
        List<String> ids = new ArrayList<>();
        for (JsonNode e : d.path("entries")) ids.add(e.path("id").asText());
        assertEquals(List.of("urn:uuid:" + privateItem, "urn:uuid:" + publicItem), ids, "newest first, both visible to the owner");
    }

    @Test
    void feedparserConditionalGetWithItsEtagGets304() throws Exception {
        JsonNode first = FeedClients.feedparser(url("news.rss"), null, null);
        String etag = first.path("etag").asText();
        assertFalse(etag.isEmpty(), first.toString());
        JsonNode again = FeedClients.feedparser(url("news.rss"), null, etag);
        assertEquals(304, again.path("status").asInt(), again.toString());
        assertEquals(0, again.path("entries").size());
    }

    @Test
    void rssParserReadsRssAndTextSurvives() throws Exception {
        JsonNode d = FeedClients.rssParser(url("news.rss"), null);
        assertEquals("News & <Views>", d.path("title").asText(), d.toString());
        assertEquals(FeedFixture.BASE + "/feed/news.rss", d.path("feedUrl").asText());
        JsonNode items = d.path("items");
        assertEquals(1, items.size(), items.toString());
        JsonNode i = items.get(0);
        assertEquals(TRICKY_TITLE_IN_XML, i.path("title").asText());
        assertEquals("urn:uuid:" + publicItem, i.path("guid").asText());
        assertEquals(SUMMARY, i.path("contentSnippet").asText());
        assertEquals(BODY_HTML, i.path("contentEncoded").asText());
        assertEquals("Writer \u05D3\u05E0\u05D4", i.path("creator").asText());
        assertEquals(List.of("food", "\u05D0\u05D5\u05DB\u05DC"), texts(i.path("categories")));
    }

    @Test
    void rssParserReadsAtomAndTextSurvives() throws Exception {
        JsonNode d = FeedClients.rssParser(url("news.atom"), null);
        assertEquals("News & <Views>", d.path("title").asText(), d.toString());
        JsonNode i = d.path("items").get(0);
        assertEquals(TRICKY_TITLE_IN_XML, i.path("title").asText());
        assertEquals("urn:uuid:" + publicItem, i.path("id").asText());
        assertEquals(BODY_HTML, i.path("content").asText());
        assertEquals(SUMMARY, i.path("summary").asText());
    }

    @Test
    void rssParserWithBasicCredentialsSeesTheOwnersPrivateItems() throws Exception {
        JsonNode d = FeedClients.rssParser(url("news.rss"), FeedFixture.basic(writer));
        assertEquals(2, d.path("items").size(), d.toString());
        assertEquals("Private draft", d.path("items").get(0).path("title").asText());
    }

    @Test
    void atomHasEveryElementRfc4287Requires() throws Exception {
        Resp r = fx.get("/feed/news.atom", FeedFixture.basic(writer), Map.of());
        assertEquals(200, r.status(), r.text());
        assertEquals("application/atom+xml; charset=utf-8", r.header("Content-Type"));
        DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
        f.setNamespaceAware(true);
        Document doc = f.newDocumentBuilder().parse(new ByteArrayInputStream(r.text().getBytes(StandardCharsets.UTF_8)));
        Element feed = doc.getDocumentElement();
        assertEquals(ATOM_NS, feed.getNamespaceURI());
        assertEquals("feed", feed.getLocalName());
        // 4.1.1: exactly one id (an absolute IRI), title and updated (RFC 3339); an author since entries may lack one
        assertAbsoluteIri(one(feed, "id").getTextContent());
        one(feed, "title");
        OffsetDateTime.parse(one(feed, "updated").getTextContent());
        assertNotNull(one(feed, "author").getElementsByTagNameNS(ATOM_NS, "name").item(0));
        boolean self = false;
        for (Element l : children(feed, "link")) {
            if ("self".equals(l.getAttribute("rel"))) {
                self = true;
                assertEquals(FeedFixture.BASE + "/feed/news.atom", l.getAttribute("href"));
            }
        }
        assertTrue(self, "a self link (4.1.1 SHOULD)");
        List<Element> entries = children(feed, "entry");
        assertEquals(2, entries.size());
        for (Element e : entries) {
            // 4.1.2: exactly one id, title, updated; content or an alternate link
            assertAbsoluteIri(one(e, "id").getTextContent());
            one(e, "title");
            OffsetDateTime.parse(one(e, "updated").getTextContent());
            boolean alternate = children(e, "link").stream().anyMatch(l -> l.getAttribute("rel").isEmpty()
                    || l.getAttribute("rel").equals("alternate"));
            assertTrue(alternate || !children(e, "content").isEmpty());
            for (Element l : children(e, "link")) assertAbsoluteIri(l.getAttribute("href"));
        }
    }

    @Test
    void jsonFeedCarriesTextExactly() throws Exception {
        Resp r = fx.get("/feed/news.json");
        assertEquals(200, r.status(), r.text());
        assertEquals("application/feed+json; charset=utf-8", r.header("Content-Type"));
        JsonNode d = Json.parse(r.text());
        assertEquals("https://jsonfeed.org/version/1.1", d.path("version").asText());
        assertEquals(FeedFixture.BASE + "/feed/news.json", d.path("feed_url").asText());
        assertEquals(1, d.path("items").size());
        JsonNode i = d.path("items").get(0);
        assertEquals("urn:uuid:" + publicItem, i.path("id").asText());
        assertEquals(TRICKY_TITLE, i.path("title").asText(), "JSON carries control characters escaped, nothing is lost");
        assertEquals(BODY_HTML, i.path("content_html").asText());
        assertEquals(SUMMARY, i.path("summary").asText());
        assertEquals("Writer \u05D3\u05E0\u05D4", i.path("authors").get(0).path("name").asText());
        assertTrue(r.text().contains("\uD83D\uDE00"), "emoji as UTF-8, not escaped surrogates");
    }

    private static void assertAbsoluteIri(String s) {
        assertTrue(URI.create(s.trim()).isAbsolute(), "absolute IRI: " + s);
    }

    private static Element one(Element parent, String name) {
        List<Element> c = children(parent, name);
        assertEquals(1, c.size(), "exactly one atom:" + name + " in " + parent.getLocalName());
        return c.get(0);
    }

    private static List<Element> children(Element parent, String name) {
        List<Element> out = new ArrayList<>();
        for (Node n = parent.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n instanceof Element e && ATOM_NS.equals(e.getNamespaceURI()) && name.equals(e.getLocalName())) out.add(e);
        }
        return out;
    }

    private static List<String> texts(JsonNode array) {
        List<String> out = new ArrayList<>();
        for (JsonNode n : array) out.add(n.asText());
        return out;
    }

    private static List<String> texts(JsonNode array, String field) {
        List<String> out = new ArrayList<>();
        for (JsonNode n : array) out.add(n.path(field).asText());
        return out;
    }
}
