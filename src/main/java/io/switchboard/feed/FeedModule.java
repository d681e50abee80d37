package io.switchboard.feed;

import io.switchboard.Module;
import io.switchboard.Server;
import io.switchboard.config.ConfigKeys;
import io.switchboard.entity.EntityEvent;
import io.switchboard.entity.EntitySchema;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * RSS 2.0, Atom 1.0 and JSON Feed 1.1 from any entity table (issue 5): the {@code feed} table,
 * {@code /feed/{name}.rss|.atom|.json}, and a cache of generated pages kept current by entity
 * change events.
 */
public final class FeedModule implements Module {
    private final FeedCache cache = new FeedCache();

    @Override
    public String name() {
        return "feed";
    }

    @Override
    public List<EntitySchema> builtinTables() {
        return List.of(FeedTable.SCHEMA);
    }

    @Override
    public void start(Server server) {
        server.eventBus().subscribe(this::onChange);
        server.config().addListener((key, value) -> {
            if (key.equals(ConfigKeys.PUBLIC_URL.name())) cache.invalidateAll(Instant.now()); // absolute links changed
        });
        new FeedWrites(server.store()).register(server.http().router());
        new FeedRoutes(server.store(), server.config(), cache, server.loops().workers()).register(server.http().router());
        server.stats().register("feed", cache::stats);
    }

    /** Runs on the publishing thread: only bookkeeping, no I/O. */
    void onChange(EntityEvent ev) {
        switch (ev.table()) {
            case FeedTable.NAME -> cache.invalidateAll(ev.at());
            // table access (world row) or an author's display name changes what every feed shows
            case "world" -> {
                if (ev.type() != EntityEvent.Type.CREATE) cache.invalidateAll(ev.at());
            }
            case "user_account" -> {
                if (ev.type() == EntityEvent.Type.DELETE || ev.previous() != null
                        && !Objects.equals(ev.previous().attributes().get("name"), ev.row().attributes().get("name"))) {
                    cache.invalidateAll(ev.at());
                }
            }
            default -> cache.invalidateTable(ev.table(), ev.at());
        }
    }
}
