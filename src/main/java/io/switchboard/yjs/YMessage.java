package io.switchboard.yjs;

import java.util.Arrays;

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
  record SyncStep1(byte[] stateVector) implements YMessage {
    public SyncStep1 {
      stateVector = stateVector.clone();
    }

    @Override
    public byte[] stateVector() {
      return stateVector.clone();
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof SyncStep1 m && Arrays.equals(stateVector, m.stateVector);
    }

    @Override
    public int hashCode() {
      return Arrays.hashCode(stateVector);
    }

    @Override
    public String toString() {
      return "SyncStep1[" + stateVector.length + " bytes]";
    }
  }

  /** Sync step 2: the update the receiver of step 1 lacked. */
  record SyncStep2(byte[] update) implements YMessage {
    public SyncStep2 {
      update = update.clone();
    }

    @Override
    public byte[] update() {
      return update.clone();
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof SyncStep2 m && Arrays.equals(update, m.update);
    }

    @Override
    public int hashCode() {
      return Arrays.hashCode(update);
    }

    @Override
    public String toString() {
      return "SyncStep2[" + update.length + " bytes]";
    }
  }

  /** An incremental document update. */
  record SyncUpdate(byte[] update) implements YMessage {
    public SyncUpdate {
      update = update.clone();
    }

    @Override
    public byte[] update() {
      return update.clone();
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof SyncUpdate m && Arrays.equals(update, m.update);
    }

    @Override
    public int hashCode() {
      return Arrays.hashCode(update);
    }

    @Override
    public String toString() {
      return "SyncUpdate[" + update.length + " bytes]";
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
  record Unknown(long type, byte[] payload) implements YMessage {
    public Unknown {
      payload = payload.clone();
    }

    @Override
    public byte[] payload() {
      return payload.clone();
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof Unknown m && type == m.type && Arrays.equals(payload, m.payload);
    }

    @Override
    public int hashCode() {
      return Long.hashCode(type) * 31 + Arrays.hashCode(payload);
    }

    @Override
    public String toString() {
      return "Unknown[type=" + type + ", " + payload.length + " bytes]";
    }
  }
}
