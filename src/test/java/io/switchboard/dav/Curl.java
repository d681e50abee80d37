package io.switchboard.dav;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** DAV requests sent by the curl program (Debian {@code curl}) with HTTP Basic credentials. */
final class Curl {
    record Out(int status, String body) {
    }

    private final String curl = Tools.require("curl", "curl");
    private final String base;
    private final String credentials;
    private final Path dir;

    Curl(String base, String email, String password) throws java.io.IOException {
        this.base = base;
        this.credentials = email + ":" + password;
        this.dir = Files.createTempDirectory("dav-curl-");
    }

    /** One request; the status comes from -w, the body from the output. */
    Out send(String method, String path, String body, String... headers) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(curl, "-sS", "-X", method, "-u", credentials, "-w", "\n%{http_code}", base + path));
        for (String h : headers) {
            cmd.add("-H");
            cmd.add(h);
        }
        if (body != null) {
            Path f = Files.createTempFile(dir, "body-", ".txt");
            Files.writeString(f, body, StandardCharsets.UTF_8);
            cmd.add("--data-binary");
            cmd.add("@" + f);
        }
        Tools.Result r = Tools.run(dir, cmd, Map.of(), 60);
        assertEquals(0, r.exit(), r.output());
        String o = r.output();
        int nl = o.lastIndexOf('\n');
        return new Out(Integer.parseInt(o.substring(nl + 1).trim()), o.substring(0, nl));
    }

    /** A request whose body is a file sent as it is (large uploads). */
    Out sendFile(String method, String path, Path file) throws Exception {
        List<String> cmd = List.of(curl, "-sS", "-X", method, "-u", credentials, "-w", "\n%{http_code}", "-H", "Content-Type: application/octet-stream",
                "--data-binary", "@" + file, base + path);
        Tools.Result r = Tools.run(dir, cmd, Map.of(), 120);
        String o = r.output();
        int nl = o.lastIndexOf('\n');
        // the server may answer and close before curl has sent everything (exit 55 or 56): the status is still printed
        return new Out(Integer.parseInt(o.substring(nl + 1).trim()), o.substring(0, Math.max(0, nl)));
    }

    Out report(String path, String body) throws Exception {
        return send("REPORT", path, body, "Depth: 1", "Content-Type: application/xml; charset=utf-8");
    }

    Out put(String path, String body, String contentType) throws Exception {
        return send("PUT", path, body, "Content-Type: " + contentType);
    }
}
