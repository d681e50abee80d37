package io.switchboard.bench.load;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;

/**
 * {@code publish} mode: publishes {@code rate} messages per second for {@code seconds} seconds, open loop
 * (each message has a due time; a slow server makes the publisher fall behind, which is reported).
 * The message is {@code {"ts":<µs since epoch at send>,"p":<publisher connection>,"n":<1.. per connection>,"pad":"xx…"}}.
 * Dialects:
 * <ul>
 *   <li>{@code http}: Switchboard {@code POST /action/world/publish_to_topic} with a Bearer token;</li>
 *   <li>{@code live}: Switchboard {@code /live} {@code new-message} over one WebSocket (publisher 0);</li>
 *   <li>{@code nchan}: {@code POST <url>} with the raw message as the body (nchan publisher location).</li>
 * </ul>
 * The HTTP dialects use {@code --connections} (default 4) {@link HttpPublishConnection}s, each with one
 * request in flight and its own sequence; together they follow one schedule, so the offered rate is the
 * same as with one connection, up to {@code connections} requests in flight.
 */
final class Publisher {
    private final String dialect;
    private final String url;
    private final String token;
    private final String topic;
    private final double rate;
    private final double seconds;
    private final String pad;
    /** HTTP publisher connections: each sends one request at a time and numbers its own messages. */
    private final int connections;
    private final int warmup;
    private final long drainMillis;
    private final java.util.List<Long> serverPids;
    private final java.util.List<Long> loadgenPids;

    private final AtomicLong ok = new AtomicLong();
    private final AtomicLong lateMax = new AtomicLong();
    /** Messages sent per publisher connection (= the highest sequence number it used). */
    private final AtomicLongArray publishedBy;
    private int reopened;
    private final AtomicLong failedCount = new AtomicLong();
    private final AtomicReference<String> firstError = new AtomicReference<>();
    /**
     * Publish request latency (send to response, µs) of the HTTP dialects: how long the publisher itself
     * waits while the server fans the previous messages out.
     */
    private final LatencyHistogram requestLatency = new LatencyHistogram();

    Publisher(Args a) {
        this.dialect = a.str("dialect", "http");
        this.url = a.req("url");
        this.token = a.str("token", "");
        this.topic = a.str("topic", "bench");
        this.rate = a.dbl("rate", 50);
        this.seconds = a.dbl("seconds", 20);
        this.pad = "x".repeat(Math.max(0, a.integer("pad", 64)));
        // --inflight was the old name: at most that many requests in flight = that many sequential connections
        this.connections = Math.max(1, a.integer("connections", a.integer("inflight", 4)));
        this.publishedBy = new AtomicLongArray(dialect.equals("live") ? 1 : connections);
        this.warmup = a.integer("warmup", 20);
        this.drainMillis = a.integer("drain-ms", 2000);
        this.serverPids = pids(a.str("server-pids", ""));
        this.loadgenPids = pids(a.str("loadgen-pids", ""));
    }

    static java.util.List<Long> pids(String spec) {
        java.util.List<Long> out = new java.util.ArrayList<>();
        for (String p : spec.split("[, ]+")) {
            if (!p.isBlank()) {
                out.add(Long.parseLong(p.trim()));
            }
        }
        return out;
    }

    /** utime + stime of the processes in clock ticks (USER_HZ, 100 on Linux) from /proc/PID/stat. */
    static long ticks(java.util.List<Long> pids) {
        long sum = 0;
        for (long pid : pids) {
            try {
                String stat = java.nio.file.Files.readString(java.nio.file.Path.of("/proc/" + pid + "/stat"));
                String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
                sum += Long.parseLong(f[11]) + Long.parseLong(f[12]);   // fields 14 and 15 of stat(5)
            } catch (Exception e) {
                // the process is gone: its time is lost, reported as missing by the caller comparing counts
            }
        }
        return sum;
    }

    /** Sends {@code warmup} messages without a timestamp one at a time (JIT of both sides, the connection). */
    private void warmUp(HttpPublishConnection c) throws Exception {
        for (int i = 0; i < warmup; i++) {
            c.post(body("{\"warmup\":" + i + "}"));
            Thread.sleep(20);
        }
    }

    /** The payload subscribers parse: send time, publisher connection, that connection's sequence number. */
    private String message(int publisher, long n) {
        return "{\"ts\":" + Subscriber.nowMicros() + ",\"p\":" + publisher + ",\"n\":" + n + ",\"pad\":\"" + pad + "\"}";
    }

    /** The HTTP request body carrying {@code message}: Switchboard's action envelope, or the raw message for nchan. */
    private byte[] body(String message) {
        String b = dialect.equals("http")
                ? "{\"attributes\":{\"topicName\":\"" + topic + "\",\"message\":" + message + "}}"
                : message;
        return b.getBytes(java.nio.charset.StandardCharsets.UTF_8);
    }

    private void maxLate(long lateNanos) {
        lateMax.accumulateAndGet(lateNanos, Math::max);
    }

    private void fail(String why) {
        failedCount.incrementAndGet();
        firstError.compareAndSet(null, why);
    }

    /**
     * One HTTP publisher connection's loop: takes the next message slot of the common schedule (so the
     * publishers together keep the rate, at most one request in flight each), waits for its due time, and
     * sends it with this connection's next sequence number.
     */
    private void httpPublisher(int id, HttpPublishConnection conn, AtomicLong nextSlot, long total, long start, long giveUp) {
        long seq = 0;
        for (;;) {
            long slot = nextSlot.getAndIncrement();
            if (slot > total) {
                break;
            }
            long now = System.nanoTime();
            if (now > giveUp) {
                firstError.compareAndSet(null, "fell behind: stopped after " + (slot - 1) + " of " + total);
                break;
            }
            long due = start + (long) ((slot - 1) * 1e9 / rate);
            long wait = due - now;
            if (wait > 0) {
                LockSupport.parkNanos(wait);
            } else {
                maxLate(-wait);
            }
            seq++;
            publishedBy.incrementAndGet(id);
            long sentAt = System.nanoTime();
            try {
                HttpPublishConnection.Response r = conn.post(body(message(id, seq)));
                if (r.status() / 100 != 2) {
                    fail(r.status() + " " + r.body());
                } else {
                    ok.incrementAndGet();
                }
            } catch (Exception e) {
                fail("publisher " + id + ": " + e);
            }
            long micros = (System.nanoTime() - sentAt) / 1000;
            synchronized (requestLatency) {
                requestLatency.record(micros);
            }
        }
    }

    ObjectNode run() throws Exception {
        HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(5)).build();
        long total = Math.round(rate * seconds);
        WebSocket ws = null;
        AtomicReference<CompletableFuture<WebSocket>> lastSend = new AtomicReference<>();
        List<HttpPublishConnection> conns = new ArrayList<>();
        if (dialect.equals("live")) {
            ws = client.newWebSocketBuilder().buildAsync(URI.create(url), new WebSocket.Listener() {
                @Override
                public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
                    String s = data.toString();
                    if (s.contains("\"EventType\":\"error\"")) {
                        failedCount.incrementAndGet();
                        firstError.compareAndSet(null, s);
                    } else if (s.contains("\"EventType\":\"response\"")) {
                        ok.incrementAndGet();
                    }
                    webSocket.request(1);
                    return null;
                }
            }).get(10, TimeUnit.SECONDS);
            lastSend.set(CompletableFuture.completedFuture(ws));
        } else if (dialect.equals("http") || dialect.equals("nchan")) {
            String auth = dialect.equals("http") ? "Authorization: Bearer " + token + "\r\n" : "";
            for (int i = 0; i < connections; i++) {
                conns.add(new HttpPublishConnection(URI.create(url), auth, 10_000));
            }
            warmUp(conns.get(0));
        } else {
            throw new IllegalArgumentException("--dialect http|live|nchan");
        }
        Thread.sleep(500);
        long serverTicks0 = ticks(serverPids);
        long loadgenTicks0 = ticks(loadgenPids);
        long start = System.nanoTime();
        long cpu0 = Subscriber.processCpuNanos();
        long sent = 0;
        long giveUp = start + (long) (Math.max(seconds * 3, seconds + 30) * 1e9);
        if (ws != null) {
            for (long n = 1; n <= total; n++) {
                if (System.nanoTime() > giveUp) {
                    firstError.compareAndSet(null, "fell behind: stopped after " + (n - 1) + " of " + total);
                    break;
                }
                sent = n;
                long due = start + (long) ((n - 1) * 1e9 / rate);
                long wait = due - System.nanoTime();
                if (wait > 0) {
                    LockSupport.parkNanos(wait);
                } else {
                    maxLate(-wait);
                }
                publishedBy.incrementAndGet(0);
                String frame = "{\"method\":\"new-message\",\"attributes\":{\"topicName\":\"" + topic
                        + "\",\"message\":" + message(0, n) + ",\"id\":\"" + n + "\"}}";
                WebSocket w = ws;
                // java.net.http.WebSocket allows one outstanding sendText: chain on the previous one
                lastSend.set(lastSend.get().thenCompose(x -> w.sendText(frame, true)));
            }
        } else {
            AtomicLong nextSlot = new AtomicLong(1);
            List<Thread> workers = new ArrayList<>();
            for (int i = 0; i < conns.size(); i++) {
                int id = i;
                HttpPublishConnection c = conns.get(i);
                Thread t = new Thread(() -> httpPublisher(id, c, nextSlot, total, start, giveUp), "publisher-" + i);
                t.start();
                workers.add(t);
            }
            for (Thread t : workers) {
                t.join();
            }
            for (int i = 0; i < conns.size(); i++) {
                sent += publishedBy.get(i);
            }
        }
        long sentNanos = System.nanoTime() - start;
        if (ws != null) {
            lastSend.get().get(10, TimeUnit.SECONDS);
            long waitUntil = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
            while (ok.get() + failedCount.get() < sent && System.nanoTime() < waitUntil) {
                Thread.sleep(10);
            }
            ws.sendClose(WebSocket.NORMAL_CLOSURE, "done");
        } else {
            int reconnects = 0;
            for (HttpPublishConnection c : conns) {
                reconnects += c.reconnects();
                c.close();
            }
            reopened = reconnects;
        }
        double pubCpu = (Subscriber.processCpuNanos() - cpu0) / 1e9;
        // drain: at least --drain-ms, then until the server is idle (< 0.05 s CPU in 0.5 s), at most 60 s more
        Thread.sleep(drainMillis);
        long drainEnd = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        long prevTicks = ticks(serverPids);
        while (!serverPids.isEmpty() && System.nanoTime() < drainEnd) {
            Thread.sleep(500);
            long t = ticks(serverPids);
            if (t - prevTicks < 5) {
                break;
            }
            prevTicks = t;
        }
        long serverTicks = ticks(serverPids) - serverTicks0;
        long loadgenTicks = ticks(loadgenPids) - loadgenTicks0;
        double windowSeconds = (System.nanoTime() - start) / 1e9;
        ObjectNode out = LoadMain.JSON.createObjectNode();
        out.put("mode", "publish");
        out.put("window_seconds", windowSeconds);
        out.put("server_cpu_seconds", serverTicks / 100.0);
        out.put("loadgen_sub_cpu_seconds_proc", loadgenTicks / 100.0);
        out.put("dialect", dialect);
        out.put("url", url.replaceAll("token=[^&]*", "token=…"));
        out.put("rate", rate);
        out.put("seconds", seconds);
        out.put("published", sent);
        out.put("planned", total);
        out.put("acknowledged", ok.get());
        out.put("failed", failedCount.get());
        out.put("first_error", firstError.get());
        out.put("send_seconds", sentNanos / 1e9);
        out.put("max_late_ms", lateMax.get() / 1e6);
        out.put("connections", dialect.equals("live") ? 1 : connections);
        out.put("connections_reopened", reopened);
        ArrayNode by = out.putArray("published_by_publisher");
        for (int i = 0; i < publishedBy.length(); i++) {
            by.add(publishedBy.get(i));
        }
        out.put("cpu_seconds", pubCpu);
        synchronized (requestLatency) {
            out.put("request_count", requestLatency.total());
            out.put("request_p50_us", requestLatency.percentile(50));
            out.put("request_p99_us", requestLatency.percentile(99));
            out.put("request_max_us", requestLatency.max());
        }
        return out;
    }
}
