package io.switchboard.support;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Runs a real client program (node, python3, curl ...) for an interop test and returns its output.
 * A missing program fails the test with the package that provides it: tests never skip.
 */
public final class ProcessRunner {
    /** Exit code and the two output streams. */
    public record Result(int exit, String stdout, String stderr) {
        public List<String> lines() {
            return stdout.lines().filter(l -> !l.isBlank()).toList();
        }
    }

    private ProcessRunner() {
    }

    /** Fails unless {@code program} is on PATH, naming the Debian package to install. */
    public static void require(String program, String debianPackage) {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(":")) {
            if (Files.isExecutable(Path.of(dir, program))) return;
        }
        throw new AssertionError(program + " is missing: install the Debian package " + debianPackage + " (bash .ci/run does)");
    }

    /** Fails unless {@code clients/<folder>/node_modules/<pkg>} exists, naming the fix. */
    public static Path requireNodeModule(String folder, String pkg) {
        require("node", "nodejs");
        Path dir = Path.of("clients", folder).toAbsolutePath();
        if (!Files.isDirectory(dir.resolve("node_modules").resolve(pkg))) {
            throw new AssertionError("npm package " + pkg + " is missing: run npm ci in " + dir + " (bash .ci/run does)");
        }
        return dir;
    }

    public static Result run(Path workDir, int timeoutSeconds, String... command) throws IOException, InterruptedException {
        ProcessBuilder pb = new ProcessBuilder(new ArrayList<>(List.of(command)));
        pb.directory(workDir.toFile());
        Path out = Files.createTempFile("proc", ".out");
        Path err = Files.createTempFile("proc", ".err");
        pb.redirectOutput(out.toFile());
        pb.redirectError(err.toFile());
        Process p = pb.start();
        try {
            if (!p.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new AssertionError(String.join(" ", command) + " did not finish within " + timeoutSeconds + " s; stderr: "
                        + Files.readString(err, StandardCharsets.UTF_8));
            }
            return new Result(p.exitValue(), Files.readString(out, StandardCharsets.UTF_8), Files.readString(err, StandardCharsets.UTF_8));
        } finally {
            Files.deleteIfExists(out);
            Files.deleteIfExists(err);
        }
    }
}
