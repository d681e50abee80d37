package io.switchboard.bench.load;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * WebSocket fan-out load tool (see {@code bench/fanout/README.md}).
 *
 * <pre>
 * java -cp target/benchmarks.jar io.switchboard.bench.load.LoadMain subscribe --url ws://127.0.0.1:PORT/live?token=T
 *      --dialect live|nchan --conns 5000 --src 127.0.0.2-127.0.0.5 [--threads 1] [--ready-file F] [--stop-file F]
 *      [--max-seconds 120] [--drain-ms 2000]
 * java -cp … LoadMain publish --dialect http|live|nchan --url URL [--token T] --rate 50 --seconds 20 [--pad 64]
 * java -cp … LoadMain setup --base http://127.0.0.1:PORT [--topic bench]          (prints a token)
 * java -cp … LoadMain merge --pub pub.json sub1.json sub2.json …                   (one combined JSON line)
 * </pre>
 */
public final class LoadMain {
    static final ObjectMapper JSON = new ObjectMapper();

    private LoadMain() {
    }

    public static void main(String[] argv) throws Exception {
        if (argv.length == 0) {
            System.err.println("usage: LoadMain subscribe|publish|setup|merge [--options]; see the class comment");
            System.exit(2);
        }
        Args a = new Args(argv, 1);
        switch (argv[0]) {
            case "subscribe" -> System.out.println(JSON.writeValueAsString(new Subscriber(a).run()));
            case "publish" -> System.out.println(JSON.writeValueAsString(new Publisher(a).run()));
            case "setup" -> System.out.println(LiveSetup.run(a));
            case "merge" -> System.out.println(JSON.writeValueAsString(merge(a)));
            default -> {
                System.err.println("unknown mode " + argv[0]);
                System.exit(2);
            }
        }
        System.exit(0);
    }

    /** Combines the publisher's and every subscriber process's JSON into one result line. */
    static ObjectNode merge(Args a) throws Exception {
        JsonNode pub = JSON.readTree(Files.readString(Path.of(a.req("pub"))));
        LatencyHistogram h = new LatencyHistogram();
        long subscribed = 0, conns = 0, received = 0, reordered = 0, duplicates = 0, holes = 0, failed = 0, closedAfter = 0, closedByServer = 0;
        java.util.Map<Integer, Long> distinctBy = new java.util.TreeMap<>();
        long first = Long.MAX_VALUE, last = 0, errorReplies = 0;
        double cpu = 0;
        ObjectNode reasons = JSON.createObjectNode();
        String firstError = null;
        for (String f : a.positional) {
            JsonNode s = JSON.readTree(Files.readString(Path.of(f)));
            h.add(LatencyHistogram.fromJson(s.get("latency_buckets"), s.path("latency_max_us").asLong()));
            conns += s.path("conns").asLong();
            subscribed += s.path("subscribed").asLong();
            received += s.path("received").asLong();
            reordered += s.path("reordered").asLong();
            duplicates += s.path("duplicates").asLong();
            holes += s.path("holes").asLong();
            for (JsonNode bp : s.path("by_publisher")) {
                distinctBy.merge(bp.path("p").asInt(), bp.path("distinct").asLong(), Long::sum);
            }
            failed += s.path("failed").asLong();
            closedAfter += s.path("closed_after_ready").asLong();
            closedByServer += s.path("closed_by_server").asLong();
            errorReplies += s.path("error_replies").asLong();
            cpu += s.path("cpu_seconds_after_ready").asDouble();
            if (s.path("first_message_us").asLong() > 0) {
                first = Math.min(first, s.path("first_message_us").asLong());
            }
            last = Math.max(last, s.path("last_message_us").asLong());
            s.path("close_reasons").fields().forEachRemaining(e ->
                    reasons.put(e.getKey(), reasons.path(e.getKey()).asLong() + e.getValue().asLong()));
            if (firstError == null && !s.path("first_error").isNull()) {
                firstError = s.path("first_error").asText(null);
            }
        }
        long published = pub.path("published").asLong();
        long accepted = pub.path("acknowledged").asLong();
        if (pub.path("dialect").asText().equals("live")) {
            accepted = published - pub.path("failed").asLong();
        }
        double sendSeconds = pub.path("send_seconds").asDouble();
        double spanSeconds = first == Long.MAX_VALUE ? 0 : (last - first) / 1e6;
        // every message the publisher sent may arrive (an HTTP timeout at the publisher does not stop delivery)
        long expected = subscribed * published;
        ObjectNode out = JSON.createObjectNode();
        out.put("dialect", pub.path("dialect").asText());
        out.put("conns", conns);
        out.put("subscribed", subscribed);
        out.put("connect_failed", failed);
        out.put("rate", pub.path("rate").asDouble());
        out.put("published", published);
        out.put("publish_accepted", accepted);
        out.put("publish_failed", pub.path("failed").asLong());
        out.put("publish_first_error", pub.path("first_error").asText(null));
        out.put("publish_max_late_ms", pub.path("max_late_ms").asDouble());
        out.put("expected", expected);
        out.put("received", received);
        out.put("dropped", Math.max(0, expected - received));
        // gaps: numbers a publisher connection sent that a subscribed connection never received, at the end
        long gaps = 0;
        JsonNode by = pub.path("published_by_publisher");
        for (int p = 0; p < by.size(); p++) {
            long missing = subscribed * by.get(p).asLong() - distinctBy.getOrDefault(p, 0L);
            gaps += Math.max(0, missing);
        }
        out.put("gaps", gaps);
        out.put("holes", holes);
        out.put("reordered", reordered);
        out.put("duplicates", duplicates);
        out.put("publisher_connections", by.size());
        out.put("closed_after_ready", closedAfter);
        out.put("closed_by_server", closedByServer);
        out.set("close_reasons", reasons);
        out.put("error_replies", errorReplies);
        out.put("first_error", firstError);
        out.put("send_seconds", sendSeconds);
        out.put("delivery_span_seconds", spanSeconds);
        out.put("delivered_per_s", Math.round(received / Math.max(sendSeconds, spanSeconds)));
        out.put("p50_us", h.percentile(50));
        out.put("p99_us", h.percentile(99));
        out.put("p999_us", h.percentile(99.9));
        out.put("max_us", h.max());
        out.put("loadgen_sub_cpu_seconds", cpu);
        out.put("loadgen_pub_cpu_seconds", pub.path("cpu_seconds").asDouble());
        double serverCpu = pub.path("server_cpu_seconds").asDouble();
        out.put("window_seconds", pub.path("window_seconds").asDouble());
        out.put("server_cpu_seconds", serverCpu);
        out.put("server_cpu_us_per_delivery", received == 0 ? 0 : Math.round(serverCpu * 1e6 / received * 100) / 100.0);
        out.put("loadgen_sub_cpu_seconds_window", pub.path("loadgen_sub_cpu_seconds_proc").asDouble());
        out.put("publish_request_p50_us", pub.path("request_p50_us").asLong());
        out.put("publish_request_p99_us", pub.path("request_p99_us").asLong());
        out.put("publish_request_max_us", pub.path("request_max_us").asLong());
        return out;
    }
}
