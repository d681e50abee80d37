package io.switchboard.feed;

import io.switchboard.auth.Principal;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

class FeedCacheTest {
    private static final FeedCache.Body BODY = new FeedCache.Body(new byte[]{1, 2, 3}, "text/plain", "\"e\"", Instant.EPOCH, true);

    private static FeedCache.Key key(String table, String view) {
        return new FeedCache.Key(table, "f-" + table, FeedFormat.RSS, 1, view);
    }

    @Test
    void aChangeToTheItemTableDropsOnlyThatTablesPages() {
        FeedCache c = new FeedCache();
        c.put(key("a", "guest"), BODY, c.stamp("a"));
        c.put(key("b", "guest"), BODY, c.stamp("b"));
        c.invalidateTable("a", Instant.now());
        assertNull(c.get(key("a", "guest")));
        assertNotNull(c.get(key("b", "guest")));
        c.invalidateAll(Instant.now());
        assertNull(c.get(key("b", "guest")));
    }

    @Test
    void bytesGeneratedBeforeAChangeAreNotKept() {
        FeedCache c = new FeedCache();
        FeedCache.Stamp before = c.stamp("a");
        c.invalidateTable("a", Instant.now()); // the change lands while the page is being generated
        c.put(key("a", "guest"), BODY, before);
        assertNull(c.get(key("a", "guest")));
        FeedCache.Stamp beforeGlobal = c.stamp("a");
        c.invalidateAll(Instant.now());
        c.put(key("a", "guest"), BODY, beforeGlobal);
        assertNull(c.get(key("a", "guest")));
    }

    @Test
    void viewsSeparateGuestsUsersAndTheirGroups() {
        Principal u1 = new Principal("u1", "a@x", "A", Set.of("g2", "g1"));
        Principal u1other = new Principal("u1", "a@x", "A", Set.of("g1"));
        assertEquals("guest", FeedCache.view(Principal.GUEST));
        assertEquals("user:u1:g1,g2", FeedCache.view(u1));
        assertNotEquals(FeedCache.view(u1), FeedCache.view(u1other));
        assertEquals("admin", FeedCache.view(new Principal("u2", "b@x", "B", Set.of(Principal.ADMINISTRATORS_GROUP))));
    }
}
