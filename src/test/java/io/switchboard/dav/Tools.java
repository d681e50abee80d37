package io.switchboard.dav;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.fail;

/** Runs the real client programs the DAV tests use; a missing tool fails the test naming its package. */
final class Tools {
    private Tools() {
    }

    record Result(int exit, String output) {
    }

    /** The absolute path of an executable on PATH, or a test failure naming the Debian package to install. */
    static String require(String executable, String debianPackage) {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
            Path p = Path.of(dir, executable);
            if (Files.isExecutable(p)) return p.toString();
        }
        for (String dir : List.of("/usr/bin", "/usr/local/bin")) {
            Path p = Path.of(dir, executable);
            if (Files.isExecutable(p)) return p.toString();
        }
        fail(executable + " not found: install the Debian package '" + debianPackage + "' (apt-get install -y " + debianPackage + ")");
        return null;
    }

    /**
     * {@code /usr/bin/python3} (Debian's, where the Debian python modules live) after checking it can
     * import {@code module}; a test failure naming the Debian package otherwise.
     */
    static String requirePythonModule(Path dir, String module, String debianPackage) throws IOException, InterruptedException {
        Path python = Path.of("/usr/bin/python3");
        if (!Files.isExecutable(python)) fail("/usr/bin/python3 missing: install the Debian package '" + debianPackage + "'");
        Result check = run(dir, List.of(python.toString(), "-c", "import " + module), Map.of(), 60);
        if (check.exit() != 0) fail("python " + module + " module missing: install the Debian package '" + debianPackage + "'\n" + check.output());
        return python.toString();
    }

    /** Runs a command in a directory with a hard time limit; output is stdout and stderr together. */
    static Result run(Path dir, List<String> cmd, Map<String, String> env, long timeoutSeconds) throws IOException, InterruptedException {
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true);
        pb.environment().putAll(env);
        Path out = Files.createTempFile("dav-tool-out-", ".txt");
        pb.redirectOutput(out.toFile());
        Process p = pb.start();
        if (!p.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            p.waitFor(10, TimeUnit.SECONDS);
            fail(cmd.get(0) + " did not finish within " + timeoutSeconds + " s; output:\n" + Files.readString(out, StandardCharsets.UTF_8));
        }
        return new Result(p.exitValue(), Files.readString(out, StandardCharsets.UTF_8));
    }
}
