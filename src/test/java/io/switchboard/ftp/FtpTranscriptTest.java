package io.switchboard.ftp;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Protocol transcripts (src/test/resources/transcripts/ftp/*.txt) against the live server: "C:" lines
 * are sent, "S:" lines give the start the next reply must have (its first line). "#" starts a comment.
 */
class FtpTranscriptTest {
    static final Path DIR = Path.of("src/test/resources/transcripts/ftp");
    static FtpFixture fx;

    @BeforeAll
    static void start() throws Exception {
        fx = new FtpFixture();
    }

    @AfterAll
    static void stop() throws Exception {
        fx.close();
    }

    @TestFactory
    Stream<DynamicTest> transcriptsRunAsWritten() throws Exception {
        List<Path> files;
        try (Stream<Path> s = Files.list(DIR)) {
            files = s.filter(p -> p.toString().endsWith(".txt")).sorted().toList();
        }
        assertTrue(files.size() >= 2, "transcripts found in " + DIR);
        return files.stream().map(f -> DynamicTest.dynamicTest(f.getFileName().toString(), () -> run(f)));
    }

    private void run(Path file) throws Exception {
        List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        try (RawFtpClient c = new RawFtpClient(fx.ftpPort())) {
            int n = 0;
            for (String raw : lines) {
                n++;
                String line = raw.replace("${email}", fx.alice.email()).replace("${password}", fx.alice.password());
                if (line.isBlank() || line.startsWith("#")) continue;
                if (line.startsWith("C: ")) {
                    c.sendRaw((line.substring(3) + "\r\n").getBytes(StandardCharsets.UTF_8));
                } else if (line.startsWith("S: ")) {
                    String expected = line.substring(3);
                    String got = c.read().text().split("\n", 2)[0];
                    if (!got.startsWith(expected.stripTrailing()) || (expected.endsWith(" ") && got.length() < 4)) {
                        fail(file.getFileName() + ":" + n + " expected a reply starting with [" + expected + "] but got [" + got + "]");
                    }
                } else {
                    fail(file.getFileName() + ":" + n + ": lines start with C:, S: or #");
                }
            }
        }
    }
}
