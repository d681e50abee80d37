package io.switchboard.yjs;

/**
 * One struct of an update: a run of {@link #length()} clock values of one client. Structs of a client are
 * contiguous: each starts where the previous ended.
 */
public sealed interface YStruct {
  YId id();

  long length();

  /** A garbage-collected run: known to exist and be deleted, content gone. */
  record Gc(YId id, long length) implements YStruct {
    public Gc {
      if (length <= 0) {
        throw new IllegalArgumentException("length must be positive");
      }
    }
  }

  /** A gap in an update: clocks the update does not carry (produced when merging non-adjacent updates). */
  record Skip(YId id, long length) implements YStruct {
    public Skip {
      if (length <= 0) {
        throw new IllegalArgumentException("length must be positive");
      }
    }
  }

  /**
   * An item. {@code origin} is the id of the item it was inserted after, {@code rightOrigin} the one
   * before; when both are null the parent is written ({@code parent} non-null), together with
   * {@code parentSub} (the map key) when {@code mapEntry}. When an origin is known, yjs finds parent and key
   * from it, so both are null here, while {@code mapEntry} still records the flag yjs wrote.
   */
  record Item(YId id, YId origin, YId rightOrigin, YParent parent, boolean mapEntry, String parentSub,
      YContent content) implements YStruct {
    public Item {
      if (origin == null && rightOrigin == null) {
        if (parent == null) {
          throw new IllegalArgumentException("item without origins needs a parent");
        }
        if (mapEntry != (parentSub != null)) {
          throw new IllegalArgumentException("parentSub must be given exactly for map entries");
        }
      } else if (parent != null || parentSub != null) {
        throw new IllegalArgumentException("parent and parentSub are implied by the origin");
      }
    }

    @Override
    public long length() {
      return content.length();
    }
  }
}
