package io.switchboard.yjs;

import java.util.Arrays;
import java.util.function.Consumer;

/**
 * Writes structs the way yjs's lazy struct writer does: consecutive structs of one client form a section
 * starting at the first one's clock; the section count and per-section struct counts are only known at the
 * end, so struct bytes collect in a body buffer and are framed in {@link #finish}.
 *
 * <p>An unsliced item is copied byte for byte, except that yjs rewrites the info byte from what it decoded:
 * it drops the parent-sub flag when an origin is present (the map key was not read, so it is unknown).
 * For everything yjs itself writes, its re-encoding of the remaining fields is the identity, so the copy is
 * byte-identical to yjs's output. A sliced item gets the origin (client, clock - 1) and its content from the
 * cut on.
 */
final class UpdateWriter {
  private static final int FIELDS = 4; // client, first clock, struct count, end offset in body

  private final Lib0Encoder body;
  private long[] sections = new long[FIELDS * 8];
  private int sectionCount;
  private boolean open;

  UpdateWriter(int expectedSize) {
    body = new Lib0Encoder(expectedSize);
  }

  void write(StructRef s) {
    if (open && sections[FIELDS * (sectionCount - 1)] != s.client) {
      closeSection();
    }
    if (!open) {
      if (FIELDS * (sectionCount + 1) > sections.length) {
        sections = Arrays.copyOf(sections, sections.length * 2);
      }
      int at = FIELDS * sectionCount++;
      sections[at] = s.client;
      sections[at + 1] = s.clock;
      sections[at + 2] = 0;
      open = true;
    }
    sections[FIELDS * (sectionCount - 1) + 2]++;
    writeStruct(s);
  }

  private void closeSection() {
    sections[FIELDS * (sectionCount - 1) + 3] = body.size();
    open = false;
  }

  /** Frames the sections, appends the delete set written by {@code deleteSet}, returns the update. */
  byte[] finish(Consumer<Lib0Encoder> deleteSet) {
    if (open) {
      closeSection();
    }
    Lib0Encoder out = new Lib0Encoder(body.size() + 8 + sectionCount * 12);
    out.writeVarUint(sectionCount);
    byte[] bytes = body.toByteArray();
    int from = 0;
    for (int i = 0; i < sectionCount; i++) {
      int at = FIELDS * i;
      out.writeVarUint(sections[at + 2]);
      out.writeVarUint(sections[at]);
      out.writeVarUint(sections[at + 1]);
      int to = (int) sections[at + 3];
      out.writeBytes(bytes, from, to - from);
      from = to;
    }
    deleteSet.accept(out);
    return out.toByteArray();
  }

  private void writeStruct(StructRef s) {
    switch (s.kind) {
      case StructRef.GC -> {
        body.writeUint8(0);
        body.writeVarUint(s.length);
      }
      case StructRef.SKIP -> {
        body.writeUint8(StructRef.INFO_SKIP);
        body.writeVarUint(s.length);
      }
      default -> {
        if (s.offset == 0) {
          writeWholeItem(s);
        } else {
          writeSlicedItem(s);
        }
      }
    }
  }

  private void writeWholeItem(StructRef s) {
    int info = s.info;
    if ((info & (StructRef.INFO_ORIGIN | StructRef.INFO_RIGHT_ORIGIN)) != 0) {
      info &= ~StructRef.INFO_PARENT_SUB;
    }
    body.writeUint8(info);
    body.writeBytes(s.src, s.infoPos + 1, s.end - s.infoPos - 1);
  }

  private void writeSlicedItem(StructRef s) {
    body.writeUint8(s.contentRef() | StructRef.INFO_ORIGIN
        | (s.hasRightOrigin ? StructRef.INFO_RIGHT_ORIGIN : 0)
        | (s.parentSubRead ? StructRef.INFO_PARENT_SUB : 0));
    body.writeVarUint(s.client);
    body.writeVarUint(s.clock - 1);
    if (s.hasRightOrigin) {
      body.writeVarUint(s.rightClient);
      body.writeVarUint(s.rightClock);
    }
    Lib0Decoder in = new Lib0Decoder(s.src, s.contentPos, s.end - s.contentPos);
    switch (s.contentRef()) {
      case YContent.REF_DELETED -> body.writeVarUint(s.length);
      case YContent.REF_JSON -> {
        body.writeVarUint(in.readVarUint() - s.offset);
        for (long i = 0; i < s.offset; i++) {
          in.skipVarUint8Array();
        }
        body.writeBytes(s.src, in.position(), s.end - in.position());
      }
      case YContent.REF_ANY -> {
        body.writeVarUint(in.readVarUint() - s.offset);
        for (long i = 0; i < s.offset; i++) {
          in.skipAny();
        }
        body.writeBytes(s.src, in.position(), s.end - in.position());
      }
      case YContent.REF_STRING -> writeStringTail(s, in);
      default -> throw new IllegalStateException("content ref " + s.contentRef() + " has length 1");
    }
  }

  /**
   * The string from UTF-16 unit {@code offset} on. Cutting a surrogate pair leaves a lone low surrogate,
   * which TextEncoder writes as U+FFFD (and yjs's splice replaces it with U+FFFD): same bytes either way.
   */
  private void writeStringTail(StructRef s, Lib0Decoder in) {
    long byteLength = in.readVarUint();
    int start = in.position();
    int at = Utf8.indexOfUnit(s.src, start, start + (int) byteLength, s.offset);
    if (at >= 0) {
      body.writeVarUint(s.end - at);
      body.writeBytes(s.src, at, s.end - at);
    } else {
      int rest = ~at + 4;
      body.writeVarUint(3 + s.end - rest);
      body.writeUint8(0xEF);
      body.writeUint8(0xBF);
      body.writeUint8(0xBD);
      body.writeBytes(s.src, rest, s.end - rest);
    }
  }
}
