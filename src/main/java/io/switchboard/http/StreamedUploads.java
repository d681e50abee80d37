package io.switchboard.http;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.LongSupplier;

/**
 * Request bodies that are streamed to a temporary file instead of aggregated in memory (e.g. DAV
 * PUT, config.md {@code dav.max_upload}). A module registers a method, a path prefix, a live size
 * limit and the directory for the temporary files; the handler then finds the body with
 * {@link ApiRequest#bodyFile()}.
 */
public final class StreamedUploads {
    /** One registration. */
    public record Route(String method, String pathPrefix, LongSupplier maxBytes, Path tmpDir) {
    }

    private final List<Route> routes = new CopyOnWriteArrayList<>();

    public void add(String method, String pathPrefix, LongSupplier maxBytes, Path tmpDir) {
        routes.add(new Route(method, pathPrefix, maxBytes, tmpDir));
    }

    Route match(String method, String uri) {
        for (Route r : routes) if (r.method.equals(method) && uri.startsWith(r.pathPrefix)) return r;
        return null;
    }

    boolean isEmpty() {
        return routes.isEmpty();
    }
}
