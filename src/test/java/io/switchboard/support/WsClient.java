package io.switchboard.support;

import com.fasterxml.jackson.databind.JsonNode;
import io.switchboard.Json;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/** A JDK WebSocket client for tests: collects text messages and the close code. */
public final class WsClient implements AutoCloseable {
    private final BlockingQueue<String> messages = new LinkedBlockingQueue<>();
    private final CompletableFuture<Integer> closed = new CompletableFuture<>();
    private final WebSocket ws;

    private WsClient(URI uri, java.util.Map<String, String> headers) {
        WebSocket.Builder b = HttpClient.newHttpClient().newWebSocketBuilder().connectTimeout(Duration.ofSeconds(5));
        headers.forEach(b::header);
        this.ws = b.buildAsync(uri, new WebSocket.Listener() {
            private final StringBuilder partial = new StringBuilder();

            @Override
            public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
                partial.append(data);
                if (last) {
                    messages.add(partial.toString());
                    partial.setLength(0);
                }
                webSocket.request(1);
                return null;
            }

            @Override
            public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
                closed.complete(statusCode);
                return null;
            }

            @Override
            public void onError(WebSocket webSocket, Throwable error) {
                closed.complete(-1);
            }
        }).join();
    }

    public static WsClient connect(String url) {
        return new WsClient(URI.create(url), java.util.Map.of());
    }

    public static WsClient connect(String url, java.util.Map<String, String> headers) {
        return new WsClient(URI.create(url), headers);
    }

    public WsClient send(String text) {
        ws.sendText(text, true).join();
        return this;
    }

    public WsClient send(Object json) {
        return send(Json.string(json));
    }

    public WsClient sendBinary(byte[] data) {
        ws.sendBinary(ByteBuffer.wrap(data), true).join();
        return this;
    }

    /** The next message, or an AssertionError after the timeout. */
    public JsonNode next() {
        return next(10);
    }

    public JsonNode next(int seconds) {
        try {
            String m = messages.poll(seconds, TimeUnit.SECONDS);
            if (m == null) throw new AssertionError("no message within " + seconds + " s");
            return Json.parse(m);
        } catch (InterruptedException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Skips messages until one matches (others are dropped), or fails after the timeout. */
    public JsonNode nextMatching(Predicate<JsonNode> p) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (System.nanoTime() < deadline) {
            try {
                String m = messages.poll(Math.max(1, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime())), TimeUnit.MILLISECONDS);
                if (m == null) break;
                JsonNode n = Json.parse(m);
                if (p.test(n)) return n;
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        }
        throw new AssertionError("no matching message within 10 s");
    }

    /** True when no message arrives within the given time. */
    public boolean quietFor(int millis) {
        try {
            String m = messages.poll(millis, TimeUnit.MILLISECONDS);
            if (m != null) {
                messages.add(m);
                return false;
            }
            return true;
        } catch (InterruptedException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The close code the server sent, waiting up to the timeout; -1 for an abnormal end. */
    public int closeCode(int seconds) {
        try {
            return closed.get(seconds, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new AssertionError("not closed within " + seconds + " s");
        }
    }

    /** True if the server closed the socket within half a second. */
    public boolean closeCodeQuick() {
        try {
            closed.get(500, TimeUnit.MILLISECONDS);
            return true;
        } catch (Exception e) {
            return false;
        }
    }

    public boolean isOpen() {
        return !closed.isDone() && !ws.isOutputClosed();
    }

    @Override
    public void close() {
        if (!ws.isOutputClosed()) ws.sendClose(1000, "bye");
        ws.abort();
    }
}
