package io.switchboard.yjs;

/**
 * A y-websocket message (y-websocket's provider and server, y-protocols sync.js, awareness.js, auth.js).
 * The first varuint is the message type: 0 sync, 1 awareness, 2 auth, 3 query awareness.
 */
public sealed interface YMessage {
  int TYPE_SYNC = 0;
  int TYPE_AWARENESS = 1;
  int TYPE_AUTH = 2;
  int TYPE_QUERY_AWARENESS = 3;

  int SYNC_STEP1 = 0;
  int SYNC_STEP2 = 1;
  int SYNC_UPDATE = 2;

  /** Sync step 1: the sender's state vector; answered with step 2. */
  record SyncStep1(YBytes stateVector) implements YMessage {
    public SyncStep1(byte[] stateVector) {
      this(YBytes.copyOf(stateVector));
    }
  }

  /** Sync step 2: the update the receiver of step 1 lacked. */
  record SyncStep2(YBytes update) implements YMessage {
    public SyncStep2(byte[] update) {
      this(YBytes.copyOf(update));
    }
  }

  /** An incremental document update. */
  record SyncUpdate(YBytes update) implements YMessage {
    public SyncUpdate(byte[] update) {
      this(YBytes.copyOf(update));
    }
  }

  /** Awareness states of some clients. */
  record Awareness(YAwarenessUpdate update) implements YMessage {
  }

  /** Asks the receiver to send all awareness states it knows. */
  record QueryAwareness() implements YMessage {
  }

  /** Auth, permission denied (the only auth message y-protocols defines): the client stops syncing. */
  record PermissionDenied(String reason) implements YMessage {
  }

  /** A message type this codec does not know; y-websocket's server ignores these. */
  record Unknown(long type, YBytes payload) implements YMessage {
    public Unknown(long type, byte[] payload) {
      this(type, YBytes.copyOf(payload));
    }
  }
}
