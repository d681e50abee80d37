package io.switchboard.yjs;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Decodes and encodes y-websocket binary frames ({@link YMessage}). Layouts, all lib0:
 * <pre>
 *   sync       varuint 0, varuint 0|1|2 (step 1, step 2, update), varUint8Array state vector or update
 *   awareness  varuint 1, varUint8Array( varuint n, n × (varuint client, varuint clock, varstring JSON) )
 *   auth       varuint 2, varuint 0 (permission denied), varstring reason
 *   query      varuint 3
 * </pre>
 * The codec frames messages only: the update or state vector inside a sync message is checked with
 * {@link YUpdates} / {@link YStateVector}, not here. Awareness states must be valid JSON, as peers
 * {@code JSON.parse} them. Stateless and thread-safe.
 */
public final class YMessageCodec {
  /** Default largest frame accepted: 10 MiB, the documented default message limit for Yjs endpoints. */
  public static final int DEFAULT_MAX_MESSAGE_BYTES = 10 * 1024 * 1024;

  private static final int AUTH_PERMISSION_DENIED = 0;

  private final int maxMessageBytes;

  public YMessageCodec() {
    this(DEFAULT_MAX_MESSAGE_BYTES);
  }

  /** @param maxMessageBytes frames larger than this are refused before they are parsed */
  public YMessageCodec(int maxMessageBytes) {
    if (maxMessageBytes <= 0) {
      throw new IllegalArgumentException("maxMessageBytes must be positive");
    }
    this.maxMessageBytes = maxMessageBytes;
  }

  /**
   * O(frame bytes).
   *
   * @throws MalformedUpdateException if the frame is too large, truncated, has trailing bytes, an unknown
   *     sync or auth sub-type, or an awareness state that is not JSON
   */
  public YMessage decode(byte[] frame) {
    if (frame.length > maxMessageBytes) {
      throw new MalformedUpdateException("message of " + frame.length + " bytes exceeds the limit of "
          + maxMessageBytes);
    }
    Lib0Decoder in = new Lib0Decoder(frame);
    long type = in.readVarUint();
    YMessage message;
    if (type == YMessage.TYPE_SYNC) {
      long step = in.readVarUint();
      YBytes payload = YBytes.adopt(in.readVarUint8Array());
      if (step == YMessage.SYNC_STEP1) {
        message = new YMessage.SyncStep1(payload);
      } else if (step == YMessage.SYNC_STEP2) {
        message = new YMessage.SyncStep2(payload);
      } else if (step == YMessage.SYNC_UPDATE) {
        message = new YMessage.SyncUpdate(payload);
      } else {
        throw new MalformedUpdateException("unknown sync message type " + step);
      }
    } else if (type == YMessage.TYPE_AWARENESS) {
      int len = in.readLength("awareness update");
      message = new YMessage.Awareness(decodeAwareness(new Lib0Decoder(frame, in.position(), len)));
      in.skip(len, "awareness update");
    } else if (type == YMessage.TYPE_AUTH) {
      long authType = in.readVarUint();
      if (authType != AUTH_PERMISSION_DENIED) {
        throw new MalformedUpdateException("unknown auth message type " + authType);
      }
      message = new YMessage.PermissionDenied(in.readVarString());
    } else if (type == YMessage.TYPE_QUERY_AWARENESS) {
      message = new YMessage.QueryAwareness();
    } else {
      return new YMessage.Unknown(type, YBytes.adopt(Arrays.copyOfRange(frame, in.position(), frame.length)));
    }
    in.expectEnd("message");
    return message;
  }

  /** Decodes the awareness payload (without the message type and length prefix). O(bytes). */
  public static YAwarenessUpdate decodeAwareness(byte[] payload) {
    return decodeAwareness(new Lib0Decoder(payload));
  }

  private static YAwarenessUpdate decodeAwareness(Lib0Decoder in) {
    int n = in.readCount(3, "awareness client count");
    List<YAwarenessUpdate.Entry> entries = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      long client = in.readVarUint();
      long clock = in.readVarUint();
      entries.add(new YAwarenessUpdate.Entry(client, clock, in.readVarJson()));
    }
    in.expectEnd("awareness update");
    return new YAwarenessUpdate(entries);
  }

  public byte[] encode(YMessage message) {
    Lib0Encoder out = new Lib0Encoder(64);
    if (message instanceof YMessage.SyncStep1 m) {
      writeSync(out, YMessage.SYNC_STEP1, m.stateVector());
    } else if (message instanceof YMessage.SyncStep2 m) {
      writeSync(out, YMessage.SYNC_STEP2, m.update());
    } else if (message instanceof YMessage.SyncUpdate m) {
      writeSync(out, YMessage.SYNC_UPDATE, m.update());
    } else if (message instanceof YMessage.Awareness m) {
      out.writeVarUint(YMessage.TYPE_AWARENESS);
      out.writeVarUint8Array(encodeAwareness(m.update()));
    } else if (message instanceof YMessage.QueryAwareness) {
      out.writeVarUint(YMessage.TYPE_QUERY_AWARENESS);
    } else if (message instanceof YMessage.PermissionDenied m) {
      out.writeVarUint(YMessage.TYPE_AUTH);
      out.writeVarUint(AUTH_PERMISSION_DENIED);
      out.writeVarString(m.reason());
    } else if (message instanceof YMessage.Unknown m) {
      out.writeVarUint(m.type());
      out.writeBytes(m.payload().array());
    }
    return out.toByteArray();
  }

  /** The awareness payload, as y-protocols' {@code encodeAwarenessUpdate} writes it. */
  public static byte[] encodeAwareness(YAwarenessUpdate update) {
    Lib0Encoder out = new Lib0Encoder(32);
    out.writeVarUint(update.entries().size());
    for (YAwarenessUpdate.Entry e : update.entries()) {
      out.writeVarUint(e.clientId());
      out.writeVarUint(e.clock());
      out.writeVarString(e.stateJson());
    }
    return out.toByteArray();
  }

  private static void writeSync(Lib0Encoder out, int step, YBytes payload) {
    out.writeVarUint(YMessage.TYPE_SYNC);
    out.writeVarUint(step);
    out.writeVarUint8Array(payload.array());
  }
}
