package io.switchboard.console;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ConsoleAssetsTest {
    @Test
    void pathsThatCouldLeaveTheFolderAreNeverLookedUp() {
        for (String bad : List.of("", "..", "../pom.xml", "assets/../../io/switchboard/Server.class", "assets/..", ".hidden",
                "assets/.env", "/etc/passwd", "assets//x.js", "assets\\x.js", "assets/%2e%2e/x", "a/b/", "x.js\u0000.png",
                "assets/x y.js", "a/b/c/d/e/f/g/h/i/j.js")) {
            assertFalse(ConsoleAssets.isSafe(bad), bad);
        }
        for (String good : List.of("index.html", "assets/index-B4IrezcP.css", "assets/index-CWGPEYo7.js", "fonts/a_b-c.woff2")) {
            assertTrue(ConsoleAssets.isSafe(good), good);
        }
    }

    @Test
    void onlyListedFilesAreServedAndResourcesOutsideTheRootStayHidden() throws Exception {
        ConsoleAssets assets = new ConsoleAssets("console", getClass().getClassLoader());
        assertTrue(assets.find("index.html").isPresent(), "the build lists index.html (run mvn generate-resources)");
        assertTrue(assets.size() >= 3, "index.html, a script and a style sheet");
        assertTrue(assets.find(ConsoleAssets.FILE_LIST).isEmpty(), "the list itself is not served");
        assertTrue(assets.find("no-such-file.js").isEmpty());
        // a class file exists on the classpath but outside console/: neither name reaches it
        assertTrue(assets.find("../io/switchboard/Server.class").isEmpty());
        assertTrue(assets.find("io/switchboard/Server.class").isEmpty());
        // a folder with no list serves nothing, even though resources exist below it
        assertEquals(0, new ConsoleAssets("io/switchboard", getClass().getClassLoader()).size());
    }

    @Test
    void contentTypesFollowTheExtension() {
        assertEquals("text/html; charset=utf-8", ConsoleAssets.contentType("index.html"));
        assertEquals("text/javascript; charset=utf-8", ConsoleAssets.contentType("assets/index-x.js"));
        assertEquals("text/css; charset=utf-8", ConsoleAssets.contentType("assets/index-x.CSS"));
        assertEquals("image/svg+xml", ConsoleAssets.contentType("logo.svg"));
        assertEquals("application/octet-stream", ConsoleAssets.contentType("README"));
    }

    @Test
    void ifNoneMatchComparesWeaklyAndAcceptsListsAndStar() {
        assertTrue(ConsoleModule.matches("\"abc\"", "\"abc\""));
        assertTrue(ConsoleModule.matches("W/\"abc\"", "\"abc\""));
        assertTrue(ConsoleModule.matches("\"x\", \"abc\"", "\"abc\""));
        assertTrue(ConsoleModule.matches("*", "\"abc\""));
        assertFalse(ConsoleModule.matches("\"abd\"", "\"abc\""));
        assertFalse(ConsoleModule.matches(null, "\"abc\""));
    }
}
