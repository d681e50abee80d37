package io.switchboard.console;

import java.io.IOException;
import java.io.InputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

/**
 * The built console files, read from the classpath folder {@code console/} (the jar's resources).
 * A requested path is checked against a strict shape before any lookup, so nothing outside that
 * folder can be named: no {@code ..}, no backslashes, no empty or dot-led segments, no
 * percent-escapes left over. Files are read once and kept with their strong ETag.
 */
final class ConsoleAssets {
    /** One served file: bytes, media type and a strong validator. */
    record Asset(String path, byte[] body, String contentType, String etag) {
    }

    /** Segments of letters, digits, '-', '_', '.', not starting with a dot; at most 8 deep. */
    private static final Pattern SAFE_PATH = Pattern.compile("([A-Za-z0-9_\\-][A-Za-z0-9_.\\-]{0,120}/){0,8}[A-Za-z0-9_\\-][A-Za-z0-9_.\\-]{0,120}");
    /** Larger files are not served from memory (the console has none near this size). */
    static final int MAX_ASSET_BYTES = 8 * 1024 * 1024;
    private static final Map<String, String> TYPES = Map.ofEntries(
            Map.entry("html", "text/html; charset=utf-8"),
            Map.entry("js", "text/javascript; charset=utf-8"),
            Map.entry("mjs", "text/javascript; charset=utf-8"),
            Map.entry("css", "text/css; charset=utf-8"),
            Map.entry("json", "application/json; charset=utf-8"),
            Map.entry("map", "application/json; charset=utf-8"),
            Map.entry("svg", "image/svg+xml"),
            Map.entry("png", "image/png"),
            Map.entry("ico", "image/x-icon"),
            Map.entry("woff2", "font/woff2"),
            Map.entry("txt", "text/plain; charset=utf-8"),
            Map.entry("webmanifest", "application/manifest+json"));

    private final String root;
    private final ClassLoader loader;
    private final Map<String, Optional<Asset>> cache = new ConcurrentHashMap<>();

    ConsoleAssets(String root, ClassLoader loader) {
        this.root = root.endsWith("/") ? root : root + "/";
        this.loader = loader;
    }

    /** True when {@code path} (relative, no leading slash) may name a file of the folder. */
    static boolean isSafe(String path) {
        return path != null && SAFE_PATH.matcher(path).matches() && !path.contains("..");
    }

    /** The file at {@code path} (relative to the folder), or empty when absent or not a safe name. */
    Optional<Asset> find(String path) {
        if (!isSafe(path)) return Optional.empty();
        return cache.computeIfAbsent(path, this::load);
    }

    private Optional<Asset> load(String path) {
        try (InputStream in = loader.getResourceAsStream(root + path)) {
            if (in == null) return Optional.empty();
            byte[] body = in.readNBytes(MAX_ASSET_BYTES + 1);
            if (body.length > MAX_ASSET_BYTES) return Optional.empty();
            return Optional.of(new Asset(path, body, contentType(path), etag(body)));
        } catch (IOException e) {
            // A directory entry inside a jar, or an unreadable resource: not a file we serve.
            return Optional.empty();
        }
    }

    static String contentType(String path) {
        int dot = path.lastIndexOf('.');
        String ext = dot < 0 ? "" : path.substring(dot + 1).toLowerCase(Locale.ROOT);
        return TYPES.getOrDefault(ext, "application/octet-stream");
    }

    private static String etag(byte[] body) {
        try {
            byte[] d = MessageDigest.getInstance("SHA-256").digest(body);
            return "\"" + HexFormat.of().formatHex(d, 0, 16) + "\"";
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
