package io.switchboard.http;

import java.util.HashMap;
import java.util.Map;

/**
 * A path such as {@code /api/{type}/{id}}: literal segments, {@code {name}} captures one segment,
 * a final {@code {name*}} captures the rest (slashes included).
 */
public final class PathTemplate {
    private final String text;
    private final String[] segments;
    private final boolean restCapture;
    private final int literals;

    public PathTemplate(String text) {
        this.text = text;
        this.segments = text.substring(1).split("/", -1);
        this.restCapture = segments.length > 0 && segments[segments.length - 1].endsWith("*}");
        int n = 0;
        for (String s : segments) if (!s.startsWith("{")) n++;
        this.literals = n;
    }

    public String text() {
        return text;
    }

    /** More literal segments = more specific; used to prefer {@code /api/world} over {@code /api/{type}}. */
    int specificity() {
        return literals * 2 + (restCapture ? 0 : 1);
    }

    /** The captured parameters, or null when the path does not match. Parameters are percent-decoded. */
    public Map<String, String> match(String[] pathSegments) {
        if (restCapture ? pathSegments.length < segments.length - 1 : pathSegments.length != segments.length) return null;
        Map<String, String> params = null;
        for (int i = 0; i < segments.length; i++) {
            String t = segments[i];
            if (restCapture && i == segments.length - 1) {
                StringBuilder rest = new StringBuilder();
                for (int j = i; j < pathSegments.length; j++) {
                    if (j > i) rest.append('/');
                    rest.append(pathSegments[j]);
                }
                if (params == null) params = new HashMap<>();
                params.put(t.substring(1, t.length() - 2), rest.toString());
                break;
            }
            String s = pathSegments[i];
            if (t.startsWith("{")) {
                if (s.isEmpty()) return null;
                if (params == null) params = new HashMap<>();
                params.put(t.substring(1, t.length() - 1), decode(s));
            } else if (!t.equals(s)) {
                return null;
            }
        }
        return params == null ? Map.of() : params;
    }

    static String decode(String s) {
        if (s.indexOf('%') < 0 && s.indexOf('+') < 0) return s;
        try {
            return java.net.URLDecoder.decode(s.replace("+", "%2B"), java.nio.charset.StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw ApiException.badRequest("malformed percent-encoding in path");
        }
    }
}
