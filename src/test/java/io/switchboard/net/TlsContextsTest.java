package io.switchboard.net;

import io.netty.handler.ssl.SslContext;
import io.switchboard.config.Config;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TlsContextsTest {
    @TempDir
    Path dir;

    @Test
    void selfSignedPairIsGeneratedOnceAndReused() throws Exception {
        SslContext first = new TlsContexts(Config.of(Map.of()), dir).server();
        assertTrue(first.isServer());
        byte[] cert = Files.readAllBytes(dir.resolve("tls/self-signed.crt"));
        new TlsContexts(Config.of(Map.of()), dir).server();
        assertArrayEquals(cert, Files.readAllBytes(dir.resolve("tls/self-signed.crt")), "a restart keeps the certificate");
        assertTrue(new String(Files.readAllBytes(dir.resolve("tls/self-signed.key"))).contains("BEGIN PRIVATE KEY"));
    }
}
