// Fetches a feed with npm rss-parser and prints what it understood as JSON.
// usage: node rss-parser-dump.mjs URL [AUTHORIZATION_HEADER]
// Run by the io.switchboard.feed tests; rss-parser reads RSS 2.0 and Atom.
import Parser from 'rss-parser';

const [url, auth] = process.argv.slice(2);
const headers = auth ? { Authorization: auth } : {};
const parser = new Parser({ headers, timeout: 20000, customFields: { item: [['dc:creator', 'creator']] } });
try {
  const feed = await parser.parseURL(url);
  process.stdout.write(JSON.stringify({
    title: feed.title,
    link: feed.link,
    feedUrl: feed.feedUrl,
    items: feed.items.map((i) => ({
      title: i.title, link: i.link, guid: i.guid, id: i.id, content: i.content,
      contentSnippet: i.contentSnippet, contentEncoded: i['content:encoded'], summary: i.summary,
      creator: i.creator, author: i.author, categories: i.categories, isoDate: i.isoDate,
    })),
  }));
} catch (e) {
  process.stdout.write(JSON.stringify({ error: String(e && e.message || e) }));
  process.exitCode = 2;
}
