package io.switchboard.dav;

import io.switchboard.http.ApiRequest;

/** HTTP conditional requests and byte ranges (RFC 9110 §13, §14) as DAV uses them. */
final class Conditions {
    private Conditions() {
    }

    /** True when the If-Match / If-None-Match list matches the current entity tag ("*" matches any existing one). */
    static boolean matches(String header, String etag) {
        if (etag == null) return false;
        String h = header.trim();
        if (h.equals("*")) return true;
        String cur = strip(etag);
        for (String part : h.split(",")) if (strip(part.trim()).equals(cur)) return true;
        return false;
    }

    private static String strip(String e) {
        return e.startsWith("W/") ? e.substring(2) : e;
    }

    /** PUT preconditions: If-Match must match the existing resource, If-None-Match must not. */
    static void checkPut(ApiRequest req, String currentEtag) {
        String im = req.header("If-Match");
        if (im != null && !matches(im, currentEtag)) throw new DavException(412, Replies.PRECONDITION);
        String inm = req.header("If-None-Match");
        if (inm != null && currentEtag != null && matches(inm, currentEtag)) throw new DavException(412, Replies.PRECONDITION);
    }

    /**
     * One byte range {first, last}, null to send the whole entity (no or unusable Range, If-Range
     * mismatch, several ranges), {-1, -1} when unsatisfiable.
     */
    static long[] range(String header, long size, String ifRange, String etag) {
        if (header == null || !header.startsWith("bytes=") || header.indexOf(',') >= 0) return null;
        if (ifRange != null && !ifRange.trim().equals(etag)) return null;
        String spec = header.substring(6).trim();
        int dash = spec.indexOf('-');
        if (dash < 0) return null;
        try {
            long first, last;
            if (dash == 0) {
                long suffix = Long.parseLong(spec.substring(1));
                if (suffix <= 0) return new long[]{-1, -1};
                first = Math.max(0, size - suffix);
                last = size - 1;
            } else {
                first = Long.parseLong(spec.substring(0, dash));
                last = dash == spec.length() - 1 ? size - 1 : Math.min(Long.parseLong(spec.substring(dash + 1)), size - 1);
            }
            if (first >= size || first > last) return new long[]{-1, -1};
            return new long[]{first, last};
        } catch (NumberFormatException e) {
            return null;
        }
    }
}
