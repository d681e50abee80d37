package io.switchboard.console;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The built console files, read from the classpath folder {@code console/} (the jar's resources).
 * Only the files the build listed in {@code console/.files} are served, all read at start and kept
 * with their strong ETag; a requested path is also checked against a strict shape, so nothing
 * outside that folder can be named: no {@code ..}, no backslashes, no empty or dot-led segments,
 * no percent-escapes left over.
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

    /** The build's list of its files (one relative path a line), written by console/build.mjs. */
    static final String FILE_LIST = ".files";
    /** More entries than a console build could have: a corrupt list is not read on. */
    static final int MAX_FILES = 1000;

    private final Map<String, Asset> files;

    /**
     * Loads every file the build listed, once, at start (off the event loops). Requests are map
     * lookups only: no disk access per request and nothing stored for names that do not exist.
     */
    ConsoleAssets(String root, ClassLoader loader) throws IOException {
        String dir = root.endsWith("/") ? root : root + "/";
        Map<String, Asset> loaded = new HashMap<>();
        try (InputStream list = loader.getResourceAsStream(dir + FILE_LIST)) {
            if (list != null) {
                String[] names = new String(list.readNBytes(256 * 1024), StandardCharsets.UTF_8).split("\n");
                for (int i = 0; i < names.length && i < MAX_FILES; i++) {
                    String name = names[i].trim();
                    if (!isSafe(name)) continue;
                    Asset a = load(loader, dir, name);
                    if (a != null) loaded.put(name, a);
                }
            }
        }
        this.files = Map.copyOf(loaded);
    }

    /** True when {@code path} (relative, no leading slash) may name a file of the folder. */
    static boolean isSafe(String path) {
        return path != null && SAFE_PATH.matcher(path).matches() && !path.contains("..");
    }

    /** The file at {@code path} (relative to the folder), or empty when the build has no such file. */
    Optional<Asset> find(String path) {
        if (!isSafe(path)) return Optional.empty();
        return Optional.ofNullable(files.get(path));
    }

    int size() {
        return files.size();
    }

    private static Asset load(ClassLoader loader, String dir, String path) throws IOException {
        try (InputStream in = loader.getResourceAsStream(dir + path)) {
            if (in == null) return null;
            byte[] body = in.readNBytes(MAX_ASSET_BYTES + 1);
            if (body.length > MAX_ASSET_BYTES) throw new IOException("console file " + path + " is over " + MAX_ASSET_BYTES + " bytes");
            return new Asset(path, body, contentType(path), etag(body));
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
