package io.switchboard.yjs;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Decodes a v1 update into a {@link YUpdate} and encodes one back. {@code encode(decode(u))} gives back
 * {@code u} byte for byte for everything yjs writes (lib0's canonical forms: minimal varints, and numbers
 * in {@code any} values as lib0 chooses them). JSON texts (embeds, formats, legacy JSON) are kept as text.
 */
public final class YUpdateCodec {
  private YUpdateCodec() {
  }

  /** O(bytes); throws {@link MalformedUpdateException} and builds nothing if the update is malformed. */
  public static YUpdate decode(byte[] update) {
    StructCursor c = new StructCursor(update);
    List<YClientStructs> sections = new ArrayList<>();
    while (c.nextSection()) {
      long client = c.sectionClient();
      long clock = c.sectionClock();
      List<YStruct> structs = new ArrayList<>();
      while (c.nextStruct()) {
        structs.add(toStruct(c.cur));
      }
      sections.add(new YClientStructs(client, clock, structs));
    }
    DeleteRanges ds = c.readDeleteSet();
    List<YDeleteSet.Entry> entries = new ArrayList<>(ds.clients.size());
    for (DeleteRanges.Client dc : ds.clients) {
      List<YDeleteSet.Range> ranges = new ArrayList<>(dc.count);
      for (int i = 0; i < dc.count; i++) {
        ranges.add(new YDeleteSet.Range(dc.pairs[2 * i], dc.pairs[2 * i + 1]));
      }
      entries.add(new YDeleteSet.Entry(dc.client, ranges));
    }
    return new YUpdate(sections, new YDeleteSet(entries));
  }

  private static YStruct toStruct(StructRef s) {
    YId id = new YId(s.client, s.clock);
    switch (s.kind) {
      case StructRef.GC:
        return new YStruct.Gc(id, s.length);
      case StructRef.SKIP:
        return new YStruct.Skip(id, s.length);
      default:
        break;
    }
    YId origin = s.hasOrigin ? new YId(s.originClient, s.originClock) : null;
    YId rightOrigin = s.hasRightOrigin ? new YId(s.rightClient, s.rightClock) : null;
    YParent parent = null;
    String parentSub = null;
    if (s.parentPos >= 0) {
      Lib0Decoder in = new Lib0Decoder(s.src, s.parentPos, s.contentPos - s.parentPos);
      parent = in.readVarUint() == 1 ? new YParent.Root(in.readVarString())
          : new YParent.Nested(new YId(in.readVarUint(), in.readVarUint()));
      if (s.parentSubRead) {
        parentSub = in.readVarString();
      }
    }
    boolean mapEntry = (s.info & StructRef.INFO_PARENT_SUB) != 0;
    return new YStruct.Item(id, origin, rightOrigin, parent, mapEntry, parentSub, toContent(s));
  }

  @SuppressWarnings("unchecked")
  private static YContent toContent(StructRef s) {
    Lib0Decoder in = new Lib0Decoder(s.src, s.contentPos, s.end - s.contentPos);
    switch (s.contentRef()) {
      case YContent.REF_DELETED:
        return new YContent.Deleted(in.readVarUint());
      case YContent.REF_JSON: {
        long n = in.readVarUint();
        List<String> values = new ArrayList<>();
        for (long i = 0; i < n; i++) {
          values.add(in.readVarString());
        }
        return new YContent.Json(values);
      }
      case YContent.REF_BINARY:
        return new YContent.Binary(YBytes.adopt(in.readVarUint8Array()));
      case YContent.REF_STRING:
        return new YContent.Str(in.readVarString());
      case YContent.REF_EMBED:
        return new YContent.Embed(in.readVarString());
      case YContent.REF_FORMAT:
        return new YContent.Format(in.readVarString(), in.readVarString());
      case YContent.REF_TYPE: {
        int typeRef = (int) in.readVarUint();
        return new YContent.Type(typeRef, YContent.Type.hasName(typeRef) ? in.readVarString() : null);
      }
      case YContent.REF_ANY: {
        long n = in.readVarUint();
        List<Object> values = new ArrayList<>();
        for (long i = 0; i < n; i++) {
          values.add(in.readAny());
        }
        return new YContent.Any(values);
      }
      case YContent.REF_DOC:
        return new YContent.Doc(in.readVarString(), (Map<String, Object>) in.readAny());
      default:
        throw new IllegalStateException("content ref checked by the cursor");
    }
  }

  /**
   * Encodes {@code update}. JSON texts are written as given, not checked.
   *
   * @throws IllegalArgumentException if struct ids do not follow their section's client and clocks
   */
  public static byte[] encode(YUpdate update) {
    Lib0Encoder out = new Lib0Encoder(256);
    out.writeVarUint(update.clients().size());
    for (YClientStructs section : update.clients()) {
      out.writeVarUint(section.structs().size());
      out.writeVarUint(section.client());
      out.writeVarUint(section.clock());
      long clock = section.clock();
      for (YStruct struct : section.structs()) {
        if (struct.id().client() != section.client() || struct.id().clock() != clock) {
          throw new IllegalArgumentException("struct " + struct.id() + " out of place, expected "
              + section.client() + ":" + clock);
        }
        writeStruct(out, struct);
        clock += struct.length();
      }
    }
    out.writeVarUint(update.deleteSet().clients().size());
    for (YDeleteSet.Entry e : update.deleteSet().clients()) {
      out.writeVarUint(e.client());
      out.writeVarUint(e.ranges().size());
      for (YDeleteSet.Range r : e.ranges()) {
        out.writeVarUint(r.clock());
        out.writeVarUint(r.length());
      }
    }
    return out.toByteArray();
  }

  private static void writeStruct(Lib0Encoder out, YStruct struct) {
    if (struct instanceof YStruct.Gc gc) {
      out.writeUint8(0);
      out.writeVarUint(gc.length());
      return;
    }
    if (struct instanceof YStruct.Skip skip) {
      out.writeUint8(StructRef.INFO_SKIP);
      out.writeVarUint(skip.length());
      return;
    }
    YStruct.Item item = (YStruct.Item) struct;
    out.writeUint8(item.content().ref()
        | (item.origin() != null ? StructRef.INFO_ORIGIN : 0)
        | (item.rightOrigin() != null ? StructRef.INFO_RIGHT_ORIGIN : 0)
        | (item.mapEntry() ? StructRef.INFO_PARENT_SUB : 0));
    if (item.origin() != null) {
      out.writeVarUint(item.origin().client());
      out.writeVarUint(item.origin().clock());
    }
    if (item.rightOrigin() != null) {
      out.writeVarUint(item.rightOrigin().client());
      out.writeVarUint(item.rightOrigin().clock());
    }
    if (item.parent() instanceof YParent.Root root) {
      out.writeVarUint(1);
      out.writeVarString(root.name());
    } else if (item.parent() instanceof YParent.Nested nested) {
      out.writeVarUint(0);
      out.writeVarUint(nested.item().client());
      out.writeVarUint(nested.item().clock());
    }
    if (item.parentSub() != null) {
      out.writeVarString(item.parentSub());
    }
    writeContent(out, item.content());
  }

  private static void writeContent(Lib0Encoder out, YContent content) {
    if (content instanceof YContent.Deleted d) {
      out.writeVarUint(d.length());
    } else if (content instanceof YContent.Json j) {
      out.writeVarUint(j.values().size());
      j.values().forEach(out::writeVarString);
    } else if (content instanceof YContent.Binary b) {
      out.writeVarUint8Array(b.bytes().array());
    } else if (content instanceof YContent.Str s) {
      out.writeVarString(s.text());
    } else if (content instanceof YContent.Embed e) {
      out.writeVarString(e.json());
    } else if (content instanceof YContent.Format f) {
      out.writeVarString(f.key());
      out.writeVarString(f.json());
    } else if (content instanceof YContent.Type t) {
      out.writeVarUint(t.typeRef());
      if (t.name() != null) {
        out.writeVarString(t.name());
      }
    } else if (content instanceof YContent.Any a) {
      out.writeVarUint(a.values().size());
      a.values().forEach(out::writeAny);
    } else if (content instanceof YContent.Doc d) {
      out.writeVarString(d.guid());
      out.writeAny(d.opts());
    }
  }
}
