package io.switchboard.http;

import io.netty.handler.codec.http.HttpMethod;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Method + path template to handler. Routes can be added while running (protocol issues add
 * theirs when they start). The most specific matching template wins.
 */
public final class Router {
    /**
     * Where a handler runs. {@code EVENT_LOOP_FIRST}: on the event loop first (answers from memory,
     * such as cached feeds); a {@code null} answer means the request needs blocking work, and the
     * same handler is then called again on the blocking executor, where it must answer.
     */
    public enum Mode { BLOCKING, EVENT_LOOP, EVENT_LOOP_FIRST }

    /** One registered route. */
    public record Route(HttpMethod method, PathTemplate path, RouteHandler handler, Mode mode) {
    }

    /** The outcome of matching: a route with its parameters, or the methods the path allows. */
    public record Match(Route route, Map<String, String> params, Set<String> allowedMethods) {
        public boolean found() {
            return route != null;
        }
    }

    private final List<Route> routes = new CopyOnWriteArrayList<>();

    public Router add(HttpMethod method, String template, Mode mode, RouteHandler handler) {
        routes.add(new Route(method, new PathTemplate(template), handler, mode));
        return this;
    }

    public Router get(String template, RouteHandler handler) {
        return add(HttpMethod.GET, template, Mode.BLOCKING, handler);
    }

    public Router post(String template, RouteHandler handler) {
        return add(HttpMethod.POST, template, Mode.BLOCKING, handler);
    }

    public Router patch(String template, RouteHandler handler) {
        return add(HttpMethod.PATCH, template, Mode.BLOCKING, handler);
    }

    public Router put(String template, RouteHandler handler) {
        return add(HttpMethod.PUT, template, Mode.BLOCKING, handler);
    }

    public Router delete(String template, RouteHandler handler) {
        return add(HttpMethod.DELETE, template, Mode.BLOCKING, handler);
    }

    public Match match(HttpMethod method, String path) {
        String[] segs = path.length() <= 1 ? new String[]{""} : path.substring(1).split("/", -1);
        Route best = null;
        Map<String, String> bestParams = null;
        Set<String> allowed = new LinkedHashSet<>();
        HttpMethod wanted = method.equals(HttpMethod.HEAD) ? HttpMethod.GET : method;
        for (Route r : routes) {
            Map<String, String> params = r.path().match(segs);
            if (params == null) continue;
            allowed.add(r.method().name());
            if (r.method().equals(wanted) && (best == null || r.path().specificity() > best.path().specificity())) {
                best = r;
                bestParams = params;
            }
        }
        if (allowed.contains("GET")) allowed.add("HEAD");
        return new Match(best, bestParams, allowed);
    }

    public List<Route> routes() {
        return new ArrayList<>(routes);
    }
}
