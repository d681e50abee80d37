package io.switchboard.http;

import java.util.concurrent.atomic.LongAdder;

/** HTTP request counters for /statistics and /metrics. */
public final class RequestStats {
    final LongAdder requests = new LongAdder();
    final LongAdder status2xx = new LongAdder();
    final LongAdder status3xx = new LongAdder();
    final LongAdder status4xx = new LongAdder();
    final LongAdder status5xx = new LongAdder();
    final LongAdder rateLimited = new LongAdder();
    final LongAdder busy = new LongAdder();

    void record(int status) {
        requests.increment();
        if (status >= 500) status5xx.increment();
        else if (status >= 400) status4xx.increment();
        else if (status >= 300) status3xx.increment();
        else status2xx.increment();
        if (status == 429) rateLimited.increment();
        if (status == 503) busy.increment();
    }

    public long requests() {
        return requests.sum();
    }

    public java.util.Map<String, Long> snapshot() {
        java.util.Map<String, Long> m = new java.util.LinkedHashMap<>();
        m.put("requests", requests.sum());
        m.put("status_2xx", status2xx.sum());
        m.put("status_3xx", status3xx.sum());
        m.put("status_4xx", status4xx.sum());
        m.put("status_5xx", status5xx.sum());
        m.put("rate_limited", rateLimited.sum());
        m.put("busy", busy.sum());
        return m;
    }
}
