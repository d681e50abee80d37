package io.switchboard.yjs;

/**
 * Where one struct lies in an encoded update, and what merge and diff need to rewrite it: the fields yjs
 * derives from the struct, plus byte positions into {@link #src}. Mutable and reused so walking an update
 * allocates nothing per struct. {@link #offset} is how many clock values were cut off the front of the
 * original struct ({@link #clock} and {@link #length} already account for it).
 */
final class StructRef {
  static final int GC = 0;
  static final int ITEM = 1;
  static final int SKIP = 2;

  static final int INFO_ORIGIN = 0x80;
  static final int INFO_RIGHT_ORIGIN = 0x40;
  static final int INFO_PARENT_SUB = 0x20;
  static final int INFO_CONTENT_REF = 0x1F;
  static final int INFO_SKIP = 10;

  byte[] src;
  int kind;
  long client;
  long clock;
  long length;
  long offset;
  int info;
  int infoPos;
  int parentPos;
  int contentPos;
  int end;
  boolean hasOrigin;
  long originClient;
  long originClock;
  boolean hasRightOrigin;
  long rightClient;
  long rightClock;
  /** The map key was written (no origin known and the parent-sub flag set), so yjs knows it. */
  boolean parentSubRead;

  long endClock() {
    return clock + length;
  }

  int contentRef() {
    return info & INFO_CONTENT_REF;
  }

  void sliceFront(long n) {
    clock += n;
    length -= n;
    offset += n;
  }

  void setSkip(long client, long clock, long length) {
    this.kind = SKIP;
    this.client = client;
    this.clock = clock;
    this.length = length;
    this.offset = 0;
    this.src = null;
  }

  void copyFrom(StructRef o) {
    src = o.src;
    kind = o.kind;
    client = o.client;
    clock = o.clock;
    length = o.length;
    offset = o.offset;
    info = o.info;
    infoPos = o.infoPos;
    parentPos = o.parentPos;
    contentPos = o.contentPos;
    end = o.end;
    hasOrigin = o.hasOrigin;
    originClient = o.originClient;
    originClock = o.originClock;
    hasRightOrigin = o.hasRightOrigin;
    rightClient = o.rightClient;
    rightClock = o.rightClock;
    parentSubRead = o.parentSubRead;
  }
}
