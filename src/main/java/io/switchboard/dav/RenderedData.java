package io.switchboard.dav;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The XML-escaped text of stored objects, kept by entity tag: every calendar-data or address-data
 * answer would otherwise escape the same few hundred bytes (each line's CR included) on every
 * request. The stored text is kept beside it and compared, so a hash collision cannot mix objects up.
 */
final class RenderedData {
    static final int CACHE_SIZE = 20_000;

    private record Entry(String data, String escaped) {
    }

    private static final Map<String, Entry> CACHE = Collections.synchronizedMap(new LinkedHashMap<>(1024, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Entry> e) {
            return size() > CACHE_SIZE;
        }
    });

    private RenderedData() {
    }

    static String escaped(String etag, String data) {
        Entry e = CACHE.get(etag);
        if (e != null && e.data.equals(data)) return e.escaped;
        String x = DavXml.escape(data);
        CACHE.put(etag, new Entry(data, x));
        return x;
    }
}
