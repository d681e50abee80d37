package io.switchboard.http;

/** Answers one routed request. Blocking handlers run on the blocking executor, others on the event loop. */
@FunctionalInterface
public interface RouteHandler {
    ApiResponse handle(ApiRequest request) throws Exception;
}
