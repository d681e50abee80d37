package io.switchboard.feed;

import com.rometools.rome.feed.module.DCModule;
import com.rometools.rome.feed.module.DCModuleImpl;
import com.rometools.rome.feed.module.Module;
import com.rometools.rome.feed.rss.Category;
import com.rometools.rome.feed.rss.Channel;
import com.rometools.rome.feed.rss.Content;
import com.rometools.rome.feed.rss.Description;
import com.rometools.rome.feed.rss.Guid;
import com.rometools.rome.feed.rss.Item;
import org.jdom2.Element;
import org.jdom2.Namespace;

import java.util.ArrayList;
import java.util.Date;
import java.util.List;

/**
 * RSS 2.0 with ROME (https://www.rssboard.org/rss-specification). Descriptions are HTML by RSS
 * convention, so plain-text columns are HTML-escaped; the full content goes to
 * {@code content:encoded}, the item author to {@code dc:creator} (RSS's own author element
 * wants an email address), and {@code atom:link} carries self and paging links
 * (https://www.rssboard.org/rss-profile#namespace-elements-atom-link).
 */
final class RssFeedWriter implements FeedWriter {
    private static final Namespace ATOM = Namespace.getNamespace("atom", "http://www.w3.org/2005/Atom");

    @Override
    public byte[] write(FeedPage page) throws Exception {
        FeedDefinition f = page.feed();
        Channel ch = new Channel("rss_2.0");
        ch.setEncoding("UTF-8");
        ch.setTitle(XmlText.clean(f.title()));
        ch.setLink(page.homePage());
        ch.setDescription(XmlText.clean(page.description()));
        ch.setGenerator(FeedReplies.GENERATOR);
        ch.setLastBuildDate(Date.from(page.updated()));
        ch.setPubDate(Date.from(page.updated()));
        if (f.authorEmail() != null && !f.authorEmail().isBlank()) {
            String name = page.authorName();
            ch.setManagingEditor(XmlText.clean(f.authorEmail() + (name == null ? "" : " (" + name + ")")));
        }
        List<Element> links = new ArrayList<>();
        links.add(atomLink("self", page.url(FeedFormat.RSS, page.page())));
        if (page.page() > 1) links.add(atomLink("previous", page.url(FeedFormat.RSS, (int) Math.min(page.page() - 1, page.lastPage()))));
        if (page.page() < page.lastPage()) links.add(atomLink("next", page.url(FeedFormat.RSS, page.page() + 1)));
        ch.setForeignMarkup(links);
        List<Item> items = new ArrayList<>();
        for (FeedItem it : page.items()) items.add(item(it));
        ch.setItems(items);
        return XmlFeedOutput.bytes(ch);
    }

    private static Item item(FeedItem it) {
        Item item = new Item();
        item.setTitle(XmlText.clean(it.title()));
        item.setLink(it.link());
        Guid guid = new Guid();
        guid.setPermaLink(false);
        guid.setValue(it.urn());
        item.setGuid(guid);
        String summary = it.summary() != null ? it.summary() : it.content();
        boolean summaryHtml = it.summary() != null ? it.summaryHtml() : it.contentHtml();
        if (summary != null) {
            Description d = new Description();
            d.setType("text/html");
            d.setValue(XmlText.clean(summaryHtml ? summary : XmlText.asHtml(summary)));
            item.setDescription(d);
        }
        if (it.content() != null) {
            Content c = new Content();
            c.setType(Content.HTML);
            c.setValue(XmlText.clean(it.contentHtml() ? it.content() : XmlText.asHtml(it.content())));
            item.setContent(c);
        }
        if (it.published() != null) item.setPubDate(Date.from(it.published()));
        if (it.author() != null) {
            DCModule dc = new DCModuleImpl();
            dc.setCreator(XmlText.clean(it.author()));
            List<Module> modules = new ArrayList<>();
            modules.add(dc);
            item.setModules(modules);
        }
        List<Category> cats = new ArrayList<>();
        for (String c : it.categories()) {
            Category cat = new Category();
            cat.setValue(XmlText.clean(c));
            cats.add(cat);
        }
        item.setCategories(cats);
        return item;
    }

    private static Element atomLink(String rel, String href) {
        Element e = new Element("link", ATOM);
        e.setAttribute("href", href);
        e.setAttribute("rel", rel);
        e.setAttribute("type", FeedFormat.RSS.contentType().split(";")[0]);
        return e;
    }
}
