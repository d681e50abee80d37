package io.switchboard.dav;

import io.switchboard.http.ApiRequest;

import java.util.Locale;

/** The Depth header (RFC 4918 §10.2): 0, 1 or infinity, anything else a 400. */
final class Depth {
    static final int INFINITY = Integer.MAX_VALUE;

    private Depth() {
    }

    /** The depth asked for; {@code dflt} when absent, where a default of 1 stands for infinity (PROPFIND's default). */
    static int of(ApiRequest req, int dflt) {
        String d = req.header("Depth");
        if (d == null) return dflt == 1 ? INFINITY : dflt;
        return switch (d.trim().toLowerCase(Locale.ROOT)) {
            case "0" -> 0;
            case "1" -> 1;
            case "infinity" -> INFINITY;
            default -> throw new DavException(400, Replies.BAD_DEPTH);
        };
    }

    /** A PROPFIND's depth, 0 or 1: Depth infinity is refused (RFC 4918 §9.1, propfind-finite-depth). */
    static int ofPropfind(ApiRequest req) {
        int depth = of(req, 1);
        if (depth > 1) throw new DavException(403, Replies.DEPTH_INFINITY, "<D:propfind-finite-depth/>");
        return depth;
    }
}
