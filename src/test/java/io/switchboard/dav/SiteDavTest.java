package io.switchboard.dav;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.switchboard.Json;
import io.switchboard.auth.Permission;
import io.switchboard.auth.Principal;
import io.switchboard.support.Api;
import io.switchboard.support.TestServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** /dav/sites/{hostname}/: the site storage FTP serves, with the site row's READ and CREATE permissions. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SiteDavTest {
    private TestServer ts;
    private Api.User admin;
    private Api.User alice;
    private Dav a;

    @BeforeAll
    void start() throws Exception {
        ts = new TestServer(TestServer.Db.H2, Map.of("caldav.enable", "true"));
        Api api = ts.api();
        admin = api.newUser("Admin");
        assertEquals(200, api.post("/action/world/become_an_administrator", admin.token(), "{}").status());
        alice = api.newUser("Alice");
        int groupRead = Permission.GROUP_PEEK_READ;
        site("docs.test", Permission.OWNER_ALL | groupRead);
        site("team.test", Permission.OWNER_ALL | groupRead | Permission.group(Permission.Op.CREATE));
        site("private.test", Permission.OWNER_ALL);
        a = new Dav(ts.baseUrl(), alice.email(), alice.password());
    }

    private void site(String hostname, int permission) {
        ObjectNode attrs = Json.object().put("name", hostname + " site").put("hostname", hostname).put("permission", permission);
        attrs.putArray("usergroups").add(Principal.USERS_GROUP);
        Api.Resp r = ts.api().post("/api/site", admin.token(), Api.resource("site", attrs));
        assertEquals(201, r.status(), r.text());
    }

    @AfterAll
    void stop() throws Exception {
        ts.close();
    }

    @Test
    void usersSeeTheSitesTheyMayReadAndWriteOnlyWhereTheyHaveCreate() throws Exception {
        Dav.Resp list = a.propfind("/dav/sites/", "1", "");
        assertEquals(207, list.status());
        assertTrue(list.body().contains("/dav/sites/docs.test/") && list.body().contains("/dav/sites/team.test/"), list.body());
        assertFalse(list.body().contains("private.test"), list.body());
        assertEquals(404, a.propfind("/dav/sites/private.test/", "0", "").status());

        assertEquals(403, a.put("/dav/sites/docs.test/x.txt", "nope", "text/plain").status());
        assertEquals(201, a.put("/dav/sites/team.test/index.html", "<h1>hi</h1>", "text/html").status());
        Path stored = ts.server().dataDir().resolve("sites").resolve("team.test").resolve("index.html");
        assertEquals("<h1>hi</h1>", Files.readString(stored));
        Path docs = Files.createDirectories(ts.server().dataDir().resolve("sites").resolve("docs.test"));
        Files.writeString(docs.resolve("readme.txt"), "read me");
        assertEquals("read me", a.send("GET", "/dav/sites/docs.test/readme.txt", null).body());
        assertEquals(403, a.send("DELETE", "/dav/sites/docs.test/readme.txt", null).status());
        int st = a.send("GET", "/dav/sites/team.test/%2e%2e/docs.test/readme.txt", null).status();
        assertTrue(st == 400 || st == 403, "traversal answered " + st);
    }

    @Test
    void litmusBasicAndCopymovePassOnAWritableSite() throws Exception {
        String litmus = Tools.require("litmus", "litmus");
        Path dir = Files.createTempDirectory("litmus-site-");
        Tools.Result r = Tools.run(dir, List.of(litmus, ts.baseUrl() + "/dav/sites/team.test/", alice.email(), alice.password()),
                Map.of("TESTS", "basic copymove"), 240);
        Matcher m = Pattern.compile("summary for `(\\w+)': of (\\d+) tests run: (\\d+) passed, (\\d+) failed").matcher(r.output());
        int suites = 0;
        while (m.find()) {
            suites++;
            assertEquals(LitmusTest.EXPECTED.get(m.group(1)), Integer.parseInt(m.group(3)), r.output());
            assertEquals(0, Integer.parseInt(m.group(4)), r.output());
        }
        assertEquals(2, suites, r.output());
    }
}
