package io.switchboard.http;

import io.netty.handler.codec.http.HttpMethod;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RouterTest {
    @Test
    void literalSegmentsWinOverCaptures() {
        Router r = new Router();
        RouteHandler a = req -> null;
        RouteHandler b = req -> null;
        r.get("/api/{type}", a).get("/api/action", b);
        assertEquals(b, r.match(HttpMethod.GET, "/api/action").route().handler());
        Router.Match m = r.match(HttpMethod.GET, "/api/blog_post");
        assertEquals(a, m.route().handler());
        assertEquals("blog_post", m.params().get("type"));
    }

    @Test
    void methodMismatchReportsTheAllowedMethods() {
        Router r = new Router();
        r.get("/x/{id}", req -> null).delete("/x/{id}", req -> null);
        Router.Match m = r.match(HttpMethod.PUT, "/x/1");
        assertFalse(m.found());
        assertTrue(m.allowedMethods().contains("GET") && m.allowedMethods().contains("DELETE") && m.allowedMethods().contains("HEAD"));
        assertTrue(r.match(HttpMethod.HEAD, "/x/1").found());
        assertTrue(r.match(HttpMethod.GET, "/y").allowedMethods().isEmpty());
    }

    @Test
    void capturesAreDecodedAndRestCapturesKeepSlashes() {
        Router r = new Router();
        r.get("/feed/{name}", req -> null).get("/dav/{path*}", req -> null);
        assertEquals("a b.rss", r.match(HttpMethod.GET, "/feed/a%20b.rss").params().get("name"));
        assertEquals("home/x/y.txt", r.match(HttpMethod.GET, "/dav/home/x/y.txt").params().get("path"));
        assertFalse(r.match(HttpMethod.GET, "/feed/").found());
    }
}
