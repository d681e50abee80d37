package io.switchboard.yjs;

/**
 * Walks the structs of a v1 update one at a time, checking each completely (lengths, UTF-8, JSON, any
 * values, content and type references) without building it. After the last struct, the delete set follows.
 *
 * <p>Layout (yjs src/utils/encoding.js, updates.js): varuint section count; per section varuint struct
 * count, varuint client, varuint first clock, then the structs. A struct starts with an info byte: 0 is a
 * GC run and 10 a Skip (each with a varuint length); otherwise the low 5 bits are the content reference and
 * bits 8/7/6 flag origin, right origin and parent-sub. Origins are (client, clock) varuint pairs; when there
 * is neither, a varuint says whether the parent is a root name (1, varstring) or an item id (0), followed by
 * the map key when bit 6 is set.
 *
 * <p>Stricter than yjs where yjs itself never writes the form: zero-length structs, GC info bytes with flag
 * bits, parent info other than 0/1, clocks beyond 2^53-1 and trailing bytes are refused.
 */
final class StructCursor {
  final StructRef cur = new StructRef();
  private final byte[] src;
  private final Lib0Decoder in;
  private final boolean dropSkips;
  private long sectionsLeft;
  private long structsLeft;
  private long client;
  private long nextClock;
  private boolean has;
  /** Position in the merge order (see {@link UpdateMerger}). */
  long order;

  /** Positions at the first section header; drive it with {@link #nextSection} and {@link #nextStruct}. */
  StructCursor(byte[] update) {
    this(update, false);
  }

  private StructCursor(byte[] update, boolean dropSkips) {
    this.src = update;
    this.in = new Lib0Decoder(update);
    this.dropSkips = dropSkips;
    this.sectionsLeft = in.readVarUint();
  }

  /** Positions at the first struct, ignoring section boundaries; drive it with {@link #advance}. */
  static StructCursor streaming(byte[] update, boolean dropSkips) {
    StructCursor c = new StructCursor(update, dropSkips);
    c.advance();
    return c;
  }

  boolean has() {
    return has;
  }

  long sectionClient() {
    return client;
  }

  long sectionClock() {
    return nextClock;
  }

  /** Reads the next section header; false when there is none. */
  boolean nextSection() {
    if (sectionsLeft == 0) {
      return false;
    }
    sectionsLeft--;
    structsLeft = in.readVarUint();
    client = in.readVarUint();
    nextClock = in.readVarUint();
    return true;
  }

  /** Reads the next struct of the current section into {@link #cur}; false at the section's end. */
  boolean nextStruct() {
    if (structsLeft == 0) {
      return false;
    }
    structsLeft--;
    readStruct();
    return true;
  }

  /** Moves {@link #cur} to the next struct of any section; {@link #has} turns false after the last. */
  void advance() {
    while (true) {
      while (structsLeft == 0) {
        if (!nextSection()) {
          has = false;
          return;
        }
      }
      structsLeft--;
      readStruct();
      if (!(dropSkips && cur.kind == StructRef.SKIP)) {
        has = true;
        return;
      }
    }
  }

  /** Reads the delete set that follows the structs and checks that nothing follows it. */
  DeleteRanges readDeleteSet() {
    if (sectionsLeft != 0 || structsLeft != 0) {
      throw new IllegalStateException("structs not fully read");
    }
    DeleteRanges ds = DeleteRanges.read(in);
    in.expectEnd("update");
    return ds;
  }

  private void readStruct() {
    StructRef s = cur;
    s.src = src;
    s.client = client;
    s.clock = nextClock;
    s.offset = 0;
    s.infoPos = in.position();
    int info = in.readUint8();
    s.info = info;
    if (info == StructRef.INFO_SKIP) {
      s.kind = StructRef.SKIP;
      s.length = in.readVarUint();
    } else if ((info & StructRef.INFO_CONTENT_REF) == 0) {
      if (info != 0) {
        throw new MalformedUpdateException("GC struct with flags 0x" + Integer.toHexString(info));
      }
      s.kind = StructRef.GC;
      s.length = in.readVarUint();
    } else {
      s.kind = StructRef.ITEM;
      readItem(s, info);
    }
    s.end = in.position();
    if (s.length == 0) {
      throw new MalformedUpdateException("zero-length struct at " + client + ":" + s.clock);
    }
    if (s.length > Lib0Decoder.MAX_SAFE_INTEGER - s.clock) {
      throw new MalformedUpdateException("struct clock beyond 2^53-1 for client " + client);
    }
    nextClock = s.clock + s.length;
  }

  private void readItem(StructRef s, int info) {
    s.hasOrigin = (info & StructRef.INFO_ORIGIN) != 0;
    if (s.hasOrigin) {
      s.originClient = in.readVarUint();
      s.originClock = in.readVarUint();
    }
    s.hasRightOrigin = (info & StructRef.INFO_RIGHT_ORIGIN) != 0;
    if (s.hasRightOrigin) {
      s.rightClient = in.readVarUint();
      s.rightClock = in.readVarUint();
    }
    s.parentSubRead = false;
    s.parentPos = -1;
    if (!s.hasOrigin && !s.hasRightOrigin) {
      s.parentPos = in.position();
      long parentInfo = in.readVarUint();
      if (parentInfo == 1) {
        in.skipVarString();
      } else if (parentInfo == 0) {
        in.readVarUint();
        in.readVarUint();
      } else {
        throw new MalformedUpdateException("bad parent info " + parentInfo);
      }
      if ((info & StructRef.INFO_PARENT_SUB) != 0) {
        in.skipVarString();
        s.parentSubRead = true;
      }
    }
    s.contentPos = in.position();
    s.length = readContent(info & StructRef.INFO_CONTENT_REF);
  }

  /** Checks one content and returns its length. Loops consume at least a byte per step: O(bytes). */
  private long readContent(int ref) {
    switch (ref) {
      case YContent.REF_DELETED:
        return in.readVarUint();
      case YContent.REF_JSON: {
        long n = in.readVarUint();
        for (long i = 0; i < n; i++) {
          in.skipVarJson(true);
        }
        return n;
      }
      case YContent.REF_BINARY:
        in.skipVarUint8Array();
        return 1;
      case YContent.REF_STRING:
        return in.skipVarString();
      case YContent.REF_EMBED:
        in.skipVarJson(false);
        return 1;
      case YContent.REF_FORMAT:
        in.skipVarString();
        in.skipVarJson(false);
        return 1;
      case YContent.REF_TYPE: {
        long typeRef = in.readVarUint();
        if (typeRef > YContent.Type.XML_TEXT) {
          throw new MalformedUpdateException("unknown type ref " + typeRef);
        }
        if (YContent.Type.hasName(typeRef)) {
          in.skipVarString();
        }
        return 1;
      }
      case YContent.REF_ANY: {
        long n = in.readVarUint();
        for (long i = 0; i < n; i++) {
          in.skipAny();
        }
        return n;
      }
      case YContent.REF_DOC:
        in.skipVarString();
        if (in.skipAny() != Lib0Decoder.ANY_OBJECT) {
          throw new MalformedUpdateException("sub-document options are not an object");
        }
        return 1;
      default:
        throw new MalformedUpdateException("unknown content ref " + ref);
    }
  }
}
