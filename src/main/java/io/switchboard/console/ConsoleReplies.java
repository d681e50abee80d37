package io.switchboard.console;

import io.netty.handler.codec.http.HttpResponseStatus;
import io.switchboard.http.ApiResponse;
import io.switchboard.http.JsonErrors;

/** Every text the console module answers with, in one place. */
final class ConsoleReplies {
    private ConsoleReplies() {
    }

    static final String NOT_BUILT = "<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>Switchboard</title></head>"
            + "<body><h1>Switchboard</h1><p>The web console is not part of this build. Build it with "
            + "<code>mvn package</code> (it runs <code>npm ci</code> and <code>npm run build</code> in <code>console/</code>).</p>"
            + "<p>The API is at <a href=\"/api/world\">/api</a>; statistics at <a href=\"/statistics\">/statistics</a>.</p></body></html>";

    static ApiResponse notBuilt() {
        return ApiResponse.text(HttpResponseStatus.SERVICE_UNAVAILABLE, "text/html; charset=utf-8", NOT_BUILT)
                .header("Cache-Control", "no-store");
    }

    static ApiResponse noSuchFile(String path) {
        return JsonErrors.response(HttpResponseStatus.NOT_FOUND, "no console file " + path);
    }
}
