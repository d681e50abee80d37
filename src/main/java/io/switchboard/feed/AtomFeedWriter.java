package io.switchboard.feed;

import com.rometools.rome.feed.atom.Category;
import com.rometools.rome.feed.atom.Content;
import com.rometools.rome.feed.atom.Entry;
import com.rometools.rome.feed.atom.Feed;
import com.rometools.rome.feed.atom.Generator;
import com.rometools.rome.feed.atom.Link;
import com.rometools.rome.feed.atom.Person;

import java.util.ArrayList;
import java.util.Date;
import java.util.List;

/**
 * Atom 1.0 with ROME (RFC 4287). The feed always has id, title, updated and an author (section
 * 4.1.1), so entries without one of their own inherit it; every entry has id, title and updated
 * (4.1.2). Paging links follow RFC 5005 section 3.
 */
final class AtomFeedWriter implements FeedWriter {
    private static final String ATOM_TYPE = "application/atom+xml";

    @Override
    public byte[] write(FeedPage page) throws Exception {
        FeedDefinition f = page.feed();
        Feed feed = new Feed("atom_1.0");
        feed.setEncoding("UTF-8");
        feed.setId("urn:uuid:" + f.id());
        feed.setTitleEx(text(f.title(), false));
        if (f.description() != null && !f.description().isBlank()) feed.setSubtitle(text(f.description(), false));
        feed.setUpdated(Date.from(page.updated()));
        Person author = new Person();
        author.setName(XmlText.clean(page.authorName() != null ? page.authorName() : f.name()));
        if (f.authorEmail() != null && !f.authorEmail().isBlank()) author.setEmail(XmlText.clean(f.authorEmail()));
        feed.setAuthors(new ArrayList<>(List.of(author)));
        Generator gen = new Generator();
        gen.setValue(FeedReplies.GENERATOR);
        feed.setGenerator(gen);
        feed.setAlternateLinks(new ArrayList<>(List.of(link("alternate", page.homePage(), "text/html"))));
        List<Link> other = new ArrayList<>();
        other.add(link("self", page.url(FeedFormat.ATOM, page.page()), ATOM_TYPE));
        other.add(link("first", page.url(FeedFormat.ATOM, 1), ATOM_TYPE));
        if (page.page() > 1) other.add(link("previous", page.url(FeedFormat.ATOM, (int) Math.min(page.page() - 1, page.lastPage())), ATOM_TYPE));
        if (page.page() < page.lastPage()) other.add(link("next", page.url(FeedFormat.ATOM, page.page() + 1), ATOM_TYPE));
        other.add(link("last", page.url(FeedFormat.ATOM, (int) page.lastPage()), ATOM_TYPE));
        feed.setOtherLinks(other);
        List<Entry> entries = new ArrayList<>();
        for (FeedItem it : page.items()) entries.add(entry(it));
        feed.setEntries(entries);
        return XmlFeedOutput.bytes(feed);
    }

    private static Entry entry(FeedItem it) {
        Entry e = new Entry();
        e.setId(it.urn());
        e.setTitleEx(text(it.title(), false));
        e.setUpdated(Date.from(it.updated() != null ? it.updated() : it.published()));
        if (it.published() != null) e.setPublished(Date.from(it.published()));
        if (it.author() != null) {
            Person p = new Person();
            p.setName(XmlText.clean(it.author()));
            e.setAuthors(new ArrayList<>(List.of(p)));
        }
        if (it.link() != null) e.setAlternateLinks(new ArrayList<>(List.of(link("alternate", it.link(), null))));
        if (it.summary() != null) e.setSummary(text(it.summary(), it.summaryHtml()));
        if (it.content() != null) e.setContents(new ArrayList<>(List.of(text(it.content(), it.contentHtml()))));
        List<Category> cats = new ArrayList<>();
        for (String c : it.categories()) {
            Category cat = new Category();
            cat.setTerm(XmlText.clean(c));
            cats.add(cat);
        }
        e.setCategories(cats);
        return e;
    }

    /** An Atom text construct (RFC 4287 section 3.1): type "text" or "html". */
    private static Content text(String value, boolean html) {
        Content c = new Content();
        c.setType(html ? Content.HTML : Content.TEXT);
        c.setValue(XmlText.clean(value));
        return c;
    }

    private static Link link(String rel, String href, String type) {
        Link l = new Link();
        l.setRel(rel);
        l.setHref(href);
        if (type != null) l.setType(type);
        return l;
    }
}
