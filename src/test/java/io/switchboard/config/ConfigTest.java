package io.switchboard.config;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ConfigTest {
    @Test
    void layersApplyInTheDocumentedOrder() {
        Config c = new Config(Map.of("http.port", "1", "log.level", "debug", "smtp.enable", "true"),
                Map.of("http.port", "3"), Map.of("http.port", "4"));
        assertEquals("4", c.get(ConfigKeys.HTTP_PORT));
        assertEquals("debug", c.get(ConfigKeys.LOG_LEVEL));
        c.setStored("log.level", "error");
        assertEquals("error", c.get(ConfigKeys.LOG_LEVEL), "stored beats file");
        c.setStored("http.port", "2");
        assertEquals("4", c.get(ConfigKeys.HTTP_PORT), "--set beats stored");
        assertTrue(c.isOverridden("http.port"));
        assertFalse(c.isOverridden("log.level"));
        assertEquals("./data", c.get(ConfigKeys.DATA_DIR), "built-in default");
    }

    @Test
    void listenersHearEffectiveChangesOnly() {
        Config c = Config.of(Map.of("ws.origins", "pinned"));
        List<String> heard = new ArrayList<>();
        c.addListener((k, v) -> heard.add(k + "=" + v));
        c.setStored("imap.enabled", "true");
        c.setStored("imap.enabled", "true");
        c.setStored("ws.origins", "other"); // pinned by --set: effective value unchanged
        c.removeStored("imap.enabled");
        assertEquals(List.of("imap.enabled=true", "imap.enabled=false"), heard);
    }

    @Test
    void commandLineAndEnvironmentAreRead() throws Exception {
        Config c = CommandLine.parse(new String[]{"--set", "http.port=7000", "--set=data.dir=/tmp/x"},
                Map.of("SWITCHBOARD_DB_POOL_SIZE", "3", "SWITCHBOARD_RATELIMIT_PER_SECOND", "9"));
        assertEquals("7000", c.get(ConfigKeys.HTTP_PORT));
        assertEquals("/tmp/x", c.get(ConfigKeys.DATA_DIR));
        assertEquals(3, c.getInt(ConfigKeys.DB_POOL_SIZE));
        assertEquals(9, c.getInt(ConfigKeys.RATELIMIT_PER_SECOND));
        assertThrows(CommandLine.UsageException.class, () -> CommandLine.parse(new String[]{"--bogus"}, Map.of()));
        assertThrows(CommandLine.UsageException.class, () -> CommandLine.parse(new String[]{"--set", "novalue"}, Map.of()));
        assertThrows(CommandLine.UsageException.class, () -> CommandLine.parse(new String[]{"--config", "/no/such/file"}, Map.of()));
    }

    @Test
    void badNumbersFallBackToTheDefault() {
        Config c = Config.of(Map.of("db.pool.size", "ten"));
        assertEquals(10, c.getInt(ConfigKeys.DB_POOL_SIZE));
    }

    @Test
    void secretsAreNeverInTheView() {
        Config c = Config.of(Map.of("db.password", "hunter2"));
        assertFalse(c.effectiveView().containsKey("db.password"));
        assertFalse(c.effectiveView().containsValue("hunter2"));
    }

    @Test
    void shippedConfFileDocumentsEveryKey() throws Exception {
        String shipped = Files.readString(Path.of("conf", "switchboard.conf"), StandardCharsets.UTF_8);
        assertEquals(ConfDoc.render(), shipped, "regenerate with: java -cp target/classes io.switchboard.config.ConfDoc > conf/switchboard.conf");
        for (ConfigKey k : ConfigKeys.all()) assertTrue(shipped.contains("#" + k.name() + " = " + k.defaultValue() + "\n"), k.name());
    }
}
