package io.switchboard.yjs;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * Random updates that overlap in every way a relay sees: per client one "true" history of items (every
 * content kind, surrogate pairs, GC runs), and updates that each carry random clock ranges of it, cut at
 * random points the way yjs cuts items (a piece starting inside an item gets the origin clock - 1), with
 * Skips for gaps and random delete sets. Content at a clock is the same in every update, so merging any of
 * them is meaningful and yjs's mergeUpdates is a deterministic oracle.
 */
final class SyntheticUpdates {
  private static final String[] UNITS = {"a", "b", "é", "中", "\ud83d\ude00", "\ud834\udd1e", " ", "ж"};
  private static final String[] JSON_TEXTS = {"1", "\"x\"", "undefined", "{\"a\":[1,null]}", "-2500", "true"};
  private static final long[] CLIENTS = {3, 200, 70000, 4294967295L};

  private final Random random;
  private final Map<Long, List<Segment>> history = new LinkedHashMap<>();

  /** One item of the history: its kind is fixed, pieces of it are cut out for updates. */
  private record Segment(long client, long clock, long length, int ref, List<Object> units, YId origin,
      YId rightOrigin, YParent parent, boolean mapEntry, String parentSub) {
  }

  SyntheticUpdates(long seed) {
    random = new Random(seed);
    for (long client : CLIENTS) {
      List<Segment> segments = new ArrayList<>();
      long clock = 0;
      int count = 5 + random.nextInt(8);
      for (int i = 0; i < count; i++) {
        Segment s = randomSegment(client, clock);
        segments.add(s);
        clock += s.length;
      }
      history.put(client, segments);
    }
  }

  long clockOf(long client) {
    List<Segment> s = history.get(client);
    Segment last = s.get(s.size() - 1);
    return last.clock + last.length;
  }

  List<Long> clients() {
    return new ArrayList<>(history.keySet());
  }

  private Segment randomSegment(long client, long clock) {
    int ref = random.nextInt(10); // 0 stands for a GC run
    List<Object> units = new ArrayList<>();
    long length;
    switch (ref) {
      case 0, YContent.REF_DELETED -> length = 1 + random.nextInt(6);
      case YContent.REF_STRING -> {
        int n = 1 + random.nextInt(6);
        for (int i = 0; i < n; i++) {
          String u = UNITS[random.nextInt(UNITS.length)];
          for (char c : u.toCharArray()) {
            units.add(c);
          }
        }
        length = units.size();
      }
      case YContent.REF_ANY -> {
        int n = 1 + random.nextInt(5);
        for (int i = 0; i < n; i++) {
          units.add(randomAny());
        }
        length = n;
      }
      case YContent.REF_JSON -> {
        int n = 1 + random.nextInt(4);
        for (int i = 0; i < n; i++) {
          units.add(JSON_TEXTS[random.nextInt(JSON_TEXTS.length)]);
        }
        length = n;
      }
      default -> length = 1;
    }
    YId origin = null;
    YId rightOrigin = null;
    YParent parent = null;
    boolean mapEntry = false;
    String parentSub = null;
    int shape = random.nextInt(4);
    if (shape == 0 || clock == 0) {
      parent = random.nextBoolean() ? new YParent.Root("root") : new YParent.Nested(new YId(3, 0));
      mapEntry = random.nextInt(3) == 0;
      parentSub = mapEntry ? "key" : null;
    } else {
      if (shape != 1) {
        origin = new YId(random.nextBoolean() ? client : CLIENTS[random.nextInt(CLIENTS.length)], random.nextInt((int) clock));
      }
      if (shape != 2 || origin == null) {
        rightOrigin = new YId(CLIENTS[random.nextInt(CLIENTS.length)], random.nextInt(20));
      }
      mapEntry = random.nextInt(4) == 0;
    }
    return new Segment(client, clock, length, ref, units, origin, rightOrigin, parent, mapEntry, parentSub);
  }

  private Object randomAny() {
    return switch (random.nextInt(6)) {
      case 0 -> (long) random.nextInt(1000) - 500;
      case 1 -> "s" + random.nextInt(10);
      case 2 -> random.nextBoolean();
      case 3 -> null;
      case 4 -> 0.25 * random.nextInt(100) + 0.5;
      default -> List.of(1L, Map.of("k", "v"));
    };
  }

  /** An update carrying random ranges of random clients, cut at random points. */
  byte[] randomUpdate() {
    List<YClientStructs> sections = new ArrayList<>();
    List<Long> clients = clients();
    for (int i = clients.size() - 1; i >= 0; i--) { // yjs writes higher clients first
      long client = clients.get(i);
      if (random.nextInt(3) == 0) {
        continue;
      }
      long end = clockOf(client);
      long from = random.nextInt((int) end);
      long to = from + 1 + random.nextInt((int) (end - from));
      List<YStruct> structs = new ArrayList<>();
      long at = from;
      while (at < to) {
        long pieceEnd = Math.min(to, at + 1 + random.nextInt(7));
        pieceEnd = Math.min(pieceEnd, segmentAt(client, at).clock + segmentAt(client, at).length);
        if (random.nextInt(8) == 0 && !structs.isEmpty() && pieceEnd < to) {
          structs.add(new YStruct.Skip(new YId(client, at), pieceEnd - at)); // a gap
        } else {
          structs.add(piece(segmentAt(client, at), at, pieceEnd));
        }
        at = pieceEnd;
      }
      sections.add(new YClientStructs(client, from, structs));
    }
    return YUpdateCodec.encode(new YUpdate(sections, randomDeleteSet()));
  }

  private Segment segmentAt(long client, long clock) {
    for (Segment s : history.get(client)) {
      if (clock < s.clock + s.length) {
        return s;
      }
    }
    throw new IllegalArgumentException("clock beyond history");
  }

  private YStruct piece(Segment s, long from, long to) {
    YId id = new YId(s.client, from);
    if (s.ref == 0) {
      return new YStruct.Gc(id, to - from);
    }
    int a = (int) (from - s.clock);
    int b = (int) (to - s.clock);
    YContent content = switch (s.ref) {
      case YContent.REF_DELETED -> new YContent.Deleted(to - from);
      case YContent.REF_STRING -> {
        StringBuilder text = new StringBuilder();
        s.units.subList(a, b).forEach(text::append);
        yield new YContent.Str(text.toString());
      }
      case YContent.REF_ANY -> new YContent.Any(s.units.subList(a, b));
      case YContent.REF_JSON -> new YContent.Json(s.units.subList(a, b).stream().map(String.class::cast).toList());
      case YContent.REF_BINARY -> new YContent.Binary(new byte[] {1, 2, (byte) s.clock});
      case YContent.REF_EMBED -> new YContent.Embed("{\"image\":\"i" + s.clock + "\"}");
      case YContent.REF_FORMAT -> new YContent.Format("bold", s.clock % 2 == 0 ? "true" : "null");
      case YContent.REF_TYPE -> new YContent.Type(YContent.Type.XML_ELEMENT, "p" + s.clock);
      default -> new YContent.Doc("guid-" + s.clock, Map.of());
    };
    if (from == s.clock) {
      return new YStruct.Item(id, s.origin, s.rightOrigin, s.parent, s.mapEntry, s.parentSub, content);
    }
    // a piece cut out of an item: yjs writes the origin clock - 1 and keeps the right origin
    return new YStruct.Item(id, new YId(s.client, from - 1), s.rightOrigin, null, s.mapEntry, null, content);
  }

  private YDeleteSet randomDeleteSet() {
    List<YDeleteSet.Entry> entries = new ArrayList<>();
    for (long client : clients()) {
      if (random.nextInt(3) != 0) {
        continue;
      }
      List<YDeleteSet.Range> ranges = new ArrayList<>();
      long clock = random.nextInt(4);
      for (int i = random.nextInt(4); i > 0; i--) {
        long length = random.nextInt(5); // zero-length ranges occur in the wild
        ranges.add(new YDeleteSet.Range(clock, length));
        clock += length + random.nextInt(4);
      }
      entries.add(new YDeleteSet.Entry(client, ranges));
    }
    if (!entries.isEmpty() && random.nextInt(4) == 0) {
      entries.add(entries.get(0)); // a client twice
    }
    return new YDeleteSet(entries);
  }

  /** A state vector with random clocks (inside items, beyond the history, or absent). */
  YStateVector randomStateVector() {
    Map<Long, Long> clocks = new LinkedHashMap<>();
    for (long client : clients()) {
      if (random.nextInt(4) != 0) {
        clocks.put(client, (long) random.nextInt((int) clockOf(client) + 3));
      }
    }
    return YStateVector.of(clocks);
  }
}
