package io.switchboard.yjs;

import io.switchboard.support.TestServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfEnvironmentVariable;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The shared-database document store as two nodes use it: two stores (two writer threads, two
 * transactions at a time) append overlapping updates to one document and compact it concurrently;
 * nothing either appended may be lost. PostgreSQL only.
 */
@EnabledIfEnvironmentVariable(named = "SWITCHBOARD_TEST_DB_URL", matches = ".+")
class YjsDatabaseStoreTest {
    @Test
    void twoNodesAppendingAndCompactingOneDocumentLoseNothing() throws Exception {
        try (TestServer ts = new TestServer(TestServer.Db.POSTGRESQL, Map.of())) {
            String doc = "shared-by-two-nodes";
            List<byte[]> appended = new ArrayList<>();
            List<CompletableFuture<Void>> acks = new ArrayList<>();
            SyntheticUpdates history = new SyntheticUpdates(11);
            long bytes = 0;
            try (YjsDatabaseStore a = new YjsDatabaseStore(ts.server().database());
                 YjsDatabaseStore b = new YjsDatabaseStore(ts.server().database())) {
                for (int i = 0; bytes < 6 * YjsFileStore.COMPACT_MIN_LOG_BYTES; i++) {
                    byte[] u = history.randomUpdate();
                    appended.add(u);
                    bytes += u.length;
                    acks.add((i % 2 == 0 ? a : b).append(doc, u));
                }
                for (CompletableFuture<Void> f : acks) f.get();
            }
            long rows = rows(ts, doc);
            assertTrue(rows < appended.size(), "compacted: " + rows + " rows for " + appended.size() + " appends");
            try (YjsDatabaseStore reader = new YjsDatabaseStore(ts.server().database())) {
                // merged bytes depend on how updates were grouped (cut points), so compare what they carry:
                // the clock ranges of every client, and the deleted ranges (content at a clock is the same
                // in every synthetic update)
                YUpdate stored = YUpdateCodec.decode(YUpdates.merge(reader.load(doc)));
                YUpdate all = YUpdateCodec.decode(YUpdates.merge(appended));
                assertEquals(covered(all), covered(stored), "every appended struct is stored, nothing else");
                assertEquals(deleted(all), deleted(stored), "every deletion is stored, nothing else");
            }
        }
    }

    /** Per client, the clock ranges its structs cover (Skips are gaps), adjacent ranges joined. */
    private static Map<Long, TreeMap<Long, Long>> covered(YUpdate u) {
        Map<Long, TreeMap<Long, Long>> out = new TreeMap<>();
        for (YClientStructs section : u.clients()) {
            long clock = section.clock();
            for (YStruct s : section.structs()) {
                if (!(s instanceof YStruct.Skip)) add(out.computeIfAbsent(section.client(), c -> new TreeMap<>()), clock, clock + s.length());
                clock += s.length();
            }
        }
        return out;
    }

    private static Map<Long, TreeMap<Long, Long>> deleted(YUpdate u) {
        Map<Long, TreeMap<Long, Long>> out = new TreeMap<>();
        for (YDeleteSet.Entry e : u.deleteSet().clients()) {
            for (YDeleteSet.Range r : e.ranges()) add(out.computeIfAbsent(e.client(), c -> new TreeMap<>()), r.clock(), r.clock() + r.length());
        }
        return out;
    }

    /** Adds [from, to) to a set of disjoint ranges (start to end), joining overlapping and adjacent ones. */
    private static void add(TreeMap<Long, Long> ranges, long from, long to) {
        Map.Entry<Long, Long> before = ranges.floorEntry(from);
        if (before != null && before.getValue() >= from) {
            from = before.getKey();
            to = Math.max(to, before.getValue());
            ranges.remove(before.getKey());
        }
        for (Map.Entry<Long, Long> next = ranges.ceilingEntry(from); next != null && next.getKey() <= to; next = ranges.ceilingEntry(from)) {
            to = Math.max(to, next.getValue());
            ranges.remove(next.getKey());
        }
        ranges.put(from, to);
    }

    private static long rows(TestServer ts, String doc) throws Exception {
        return ts.server().database().withConnection(c -> count(c, doc));
    }

    private static long count(Connection c, String doc) throws java.sql.SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT count(*) FROM yjs_update WHERE doc = ?")) {
            ps.setString(1, doc);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }
}
