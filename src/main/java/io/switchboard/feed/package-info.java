/**
 * Feeds (issue 5): RSS 2.0, Atom 1.0 (RFC 4287) and JSON Feed 1.1 from any entity table.
 *
 * <ul>
 *   <li>{@link io.switchboard.feed.FeedTable}: the built-in {@code feed} table; one row = one feed over
 *       one item table, with its order, page size, switches and item column mapping.</li>
 *   <li>{@link io.switchboard.feed.FeedWrites}: {@code POST /api/feed}, {@code PATCH /api/feed/{id}}
 *       (accept {@code limit} for page_size, check columns, fill defaults).</li>
 *   <li>{@link io.switchboard.feed.FeedRoutes}: {@code GET /feed/{name}.rss|.atom|.json[?page=N]};
 *       items are listed with the caller's permission; public feeds are open to guests, who see the
 *       guest-readable items; others answer 401 with a Basic challenge.</li>
 *   <li>{@link io.switchboard.feed.FeedCache}: bytes per (feed, format, page, permission view),
 *       invalidated by entity change events; guest hits are answered on the event loop.</li>
 *   <li>{@link io.switchboard.feed.FeedGenerator} maps rows to {@link io.switchboard.feed.FeedItem}s;
 *       {@link io.switchboard.feed.FeedWriter}s write them (ROME for XML, Jackson for JSON).</li>
 * </ul>
 */
package io.switchboard.feed;
