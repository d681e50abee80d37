package io.switchboard.feed;

import io.switchboard.entity.EntityException;
import io.switchboard.entity.ListQuery.Sort;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class FeedDefinitionTest {
    @Test
    void parsesTheSeedsOrderSyntaxAndSortPrefixes() {
        assertEquals(List.of(new Sort("created_at", true)), FeedDefinition.parseOrder("created_at desc"));
        assertEquals(List.of(new Sort("title", false), new Sort("created_at", true)), FeedDefinition.parseOrder("title ASC, -created_at"));
        assertEquals(List.of(new Sort("title", false)), FeedDefinition.parseOrder("title"));
    }

    @Test
    void refusesOrdersThatAreNotColumnLists() {
        for (String bad : List.of("", "title; drop table x", "title descending", "1col", "a,b,c,d,e,f", "title desc desc")) {
            assertThrows(EntityException.class, () -> FeedDefinition.parseOrder(bad), bad);
        }
    }

    @Test
    void feedNamesAreUrlSafe() {
        for (String ok : List.of("blog-posts", "a", "news.v2", "A_1")) assertEquals(true, FeedDefinition.VALID_NAME.matcher(ok).matches(), ok);
        for (String bad : List.of("", "-x", "a b", "a/b", "a%20", "x".repeat(201))) {
            assertEquals(false, FeedDefinition.VALID_NAME.matcher(bad).matches(), bad);
        }
    }
}
