package io.switchboard.ftp;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.switchboard.Json;
import io.switchboard.auth.Principal;
import io.switchboard.support.Api;
import io.switchboard.support.TestServer;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * A running server with FTP on free ports and four sites:
 * <ul>
 * <li>{@code alpha}: every signed-in user reads and writes;</li>
 * <li>{@code beta}: only its owner (the admin) — other users never see it;</li>
 * <li>{@code docs}: users read only;</li>
 * <li>{@code public}: guests read (anonymous FTP), users read.</li>
 * </ul>
 */
final class FtpFixture implements AutoCloseable {
    /** Passive ports of the tests: high, and away from other suites. */
    static final String PASSIVE_RANGE = "47100-47399";
    /** Group peek, read and create: create on a site row is what lets users write its files. */
    static final int GROUP_READ_WRITE = (1 | 2 | 4) << 14;
    static final int OWNER_ALL = 127 << 7;

    final TestServer server;
    final Api api;
    final Api.User admin;
    final Api.User alice;
    final FtpServer ftp;

    FtpFixture() throws Exception {
        this(Map.of());
    }

    FtpFixture(Map<String, String> extra) throws Exception {
        this(TestServer.Db.H2, extra);
    }

    FtpFixture(TestServer.Db db, Map<String, String> extra) throws Exception {
        java.util.HashMap<String, String> s = new java.util.HashMap<>(Map.of(
                "ftp.enable", "true", "ftp.port", "0", "ftps.port", "0", "ftp.passive.ports", PASSIVE_RANGE));
        s.putAll(extra);
        server = new TestServer(db, s);
        api = server.api();
        admin = api.newUser("Admin");
        assertEquals(200, api.post("/action/world/become_an_administrator", admin.token(), "{}").status());
        alice = api.newUser("Alice");
        site("alpha", OWNER_ALL | GROUP_READ_WRITE, Principal.USERS_GROUP);
        site("beta", OWNER_ALL, null);
        site("docs", OWNER_ALL | ((1 | 2) << 14), Principal.USERS_GROUP);
        site("public", OWNER_ALL | ((1 | 2) << 14) | 3, Principal.USERS_GROUP);
        ftp = server.server().module(FtpModule.class).ftpServer();
    }

    final java.util.Map<String, String> siteIds = new java.util.HashMap<>();

    void site(String hostname, int permission, String group) {
        site(hostname, permission, group, null);
    }

    /** A site created by the admin and owned by {@code ownerId} (null: the admin), whose storage quota its files count against. */
    void site(String hostname, int permission, String group, String ownerId) {
        ObjectNode attrs = Json.object().put("name", hostname + " site").put("hostname", hostname).put("permission", permission);
        if (group != null) attrs.putArray("usergroups").add(group);
        if (ownerId != null) attrs.put("owner", ownerId);
        // server.api(): the port may change with a restart
        Api.Resp r = server.api().post("/api/site", admin.token(), Api.resource("site", attrs));
        assertEquals(201, r.status(), r.text());
        siteIds.put(hostname, r.json().path("data").path("id").asText());
    }

    int ftpPort() {
        return ftp.boundPort(0);
    }

    int ftpsPort() {
        return ftp.boundPort(1);
    }

    /** The storage folder of a site (default path: {data.dir}/sites/{hostname}). */
    Path siteRoot(String hostname) throws IOException {
        Path p = server.server().dataDir().resolve("sites").resolve(hostname);
        Files.createDirectories(p);
        return p;
    }

    @Override
    public void close() throws Exception {
        server.close();
    }

    // ---------------------------------------------------------------- running real clients

    record Run(int exit, String output) {
    }

    /** The tool must be installed; the failure names the Debian package to install. */
    static void requireTool(String tool, String debianPackage) {
        for (String dir : System.getenv().getOrDefault("PATH", "/usr/bin:/bin").split(":")) {
            if (Files.isExecutable(Path.of(dir, tool))) return;
        }
        fail(tool + " is not installed: apt-get install -y " + debianPackage);
    }

    /** Runs a client process (at most 120 s), stdout and stderr together. */
    static Run run(Path workDir, List<String> command) throws Exception {
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
        if (workDir != null) pb.directory(workDir.toFile());
        pb.environment().put("LC_ALL", "C.UTF-8");
        Process p = pb.start();
        p.getOutputStream().close();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        Thread reader = new Thread(() -> {
            try (InputStream in = p.getInputStream()) {
                in.transferTo(out);
            } catch (IOException ignored) {
                // process gone
            }
        });
        reader.start();
        if (!p.waitFor(120, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            reader.join(5000);
            fail("client did not finish in 120 s: " + command + "\n" + out.toString(StandardCharsets.UTF_8));
        }
        reader.join(5000);
        return new Run(p.exitValue(), out.toString(StandardCharsets.UTF_8));
    }

    static List<String> cmd(String... parts) {
        return new ArrayList<>(List.of(parts));
    }
}
