package io.switchboard.config;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;

/**
 * {@code java -jar switchboard.jar [--config FILE] [--set key=value ...]} and the
 * {@code SWITCHBOARD_<KEY>} environment, turned into a {@link Config}.
 */
public final class CommandLine {
    /** Thrown for a command line that cannot be understood; Main exits with {@code EXIT_USAGE}. */
    public static final class UsageException extends Exception {
        public UsageException(String message) {
            super(message);
        }
    }

    public static final String USAGE = "usage: java -jar switchboard.jar [--config FILE] [--set key=value ...]";

    private CommandLine() {
    }

    public static Config parse(String[] args, Map<String, String> env) throws UsageException {
        Path configFile = null;
        Map<String, String> sets = new LinkedHashMap<>();
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            switch (a) {
                case "--config" -> {
                    if (++i >= args.length) throw new UsageException("--config needs a file\n" + USAGE);
                    configFile = Path.of(args[i]);
                }
                case "--set" -> {
                    if (++i >= args.length) throw new UsageException("--set needs key=value\n" + USAGE);
                    putSetting(sets, args[i]);
                }
                case "--help", "-h" -> throw new UsageException(USAGE);
                default -> {
                    if (a.startsWith("--set=")) putSetting(sets, a.substring(6));
                    else if (a.startsWith("--config=")) configFile = Path.of(a.substring(9));
                    else throw new UsageException("unknown argument " + a + "\n" + USAGE);
                }
            }
        }
        Map<String, String> file = new HashMap<>();
        if (configFile == null) {
            Path local = Path.of("conf", "switchboard.conf");
            if (Files.isRegularFile(local)) configFile = local;
        } else if (!Files.isRegularFile(configFile)) {
            throw new UsageException("config file not found: " + configFile);
        }
        if (configFile != null) file.putAll(readProperties(configFile));
        Map<String, String> environment = new HashMap<>();
        for (ConfigKey key : ConfigKeys.all()) {
            String v = env.get(key.environmentName());
            if (v != null) environment.put(key.name(), v);
        }
        return new Config(file, environment, sets);
    }

    private static void putSetting(Map<String, String> sets, String kv) throws UsageException {
        int eq = kv.indexOf('=');
        if (eq <= 0) throw new UsageException("--set wants key=value, got " + kv);
        sets.put(kv.substring(0, eq).trim(), kv.substring(eq + 1).trim());
    }

    static Map<String, String> readProperties(Path file) throws UsageException {
        Properties p = new Properties();
        try (Reader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            p.load(r);
        } catch (IOException e) {
            throw new UsageException("cannot read config file " + file + ": " + e.getMessage());
        }
        Map<String, String> out = new HashMap<>();
        p.forEach((k, v) -> out.put(k.toString().trim(), v.toString().trim()));
        return out;
    }
}
