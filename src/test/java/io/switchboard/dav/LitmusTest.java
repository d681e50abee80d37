package io.switchboard.dav;

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
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The litmus WebDAV suite (Debian {@code litmus}) against /dav/home/. Pass counts are what the
 * README claims: every test of basic, copymove, props, locks and http passes.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class LitmusTest {
    /** suite name to the number of tests litmus 0.13 runs in it; all of them must pass. */
    static final Map<String, Integer> EXPECTED = Map.of("basic", 16, "copymove", 13, "props", 30, "locks", 41, "http", 4);
    private static final Pattern SUMMARY = Pattern.compile("summary for `(\\w+)': of (\\d+) tests run: (\\d+) passed, (\\d+) failed");

    private TestServer ts;

    @BeforeAll
    void start() throws Exception {
        ts = new TestServer(TestServer.Db.H2, Map.of("caldav.enable", "true"));
    }

    @AfterAll
    void stop() throws Exception {
        ts.close();
    }

    @Test
    void litmusBasicCopymovePropsLocksAndHttpSuitesAllPassOnTheHomeSpace() throws Exception {
        String litmus = Tools.require("litmus", "litmus");
        Api.User u = ts.api().newUser("Litmus");
        Path dir = Files.createTempDirectory("litmus-");
        Tools.Result r = Tools.run(dir, List.of(litmus, ts.baseUrl() + "/dav/home/", u.email(), u.password()),
                Map.of("TESTS", "basic copymove props locks http"), 240);
        Matcher m = SUMMARY.matcher(r.output());
        int suites = 0;
        while (m.find()) {
            String suite = m.group(1);
            Integer want = EXPECTED.get(suite);
            if (want == null) continue;
            suites++;
            assertEquals(want, Integer.parseInt(m.group(3)), "passed in " + suite + ":\n" + r.output());
            assertEquals(0, Integer.parseInt(m.group(4)), "failed in " + suite + ":\n" + r.output());
        }
        assertEquals(EXPECTED.size(), suites, "litmus summaries:\n" + r.output());
        assertTrue(!r.output().contains("WARNING"), "litmus warned:\n" + r.output());
        assertEquals(0, r.exit(), r.output());
    }
}
