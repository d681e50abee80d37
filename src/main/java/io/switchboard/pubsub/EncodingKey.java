package io.switchboard.pubsub;

import java.util.Objects;

/**
 * Chooses how an event is rendered for a subscription: a wire dialect (the {@link EventEncoder}) and a
 * permission view (any value with {@code equals}, e.g. the set of columns the user may read). Every
 * subscription sharing an equal key shares one encoded buffer per event.
 *
 * <p>Keys are compared by encoder identity and view equality. Create them once per dialect and view (at
 * subscribe time, not per event); reusing the same instance makes the per-delivery lookup an identity check.
 */
public final class EncodingKey {
    private final EventEncoder encoder;
    private final Object view;
    private final int hash;

    private EncodingKey(EventEncoder encoder, Object view) {
        this.encoder = Objects.requireNonNull(encoder, "encoder");
        this.view = view;
        this.hash = System.identityHashCode(encoder) * 31 + Objects.hashCode(view);
    }

    /** A key for a dialect without permission views (every subscriber sees the same bytes). */
    public static EncodingKey of(EventEncoder encoder) {
        return new EncodingKey(encoder, null);
    }

    /** A key for a dialect and a permission view; {@code view} may be null. */
    public static EncodingKey of(EventEncoder encoder, Object view) {
        return new EncodingKey(encoder, view);
    }

    public EventEncoder encoder() {
        return encoder;
    }

    public Object view() {
        return view;
    }

    @Override
    public boolean equals(Object o) {
        if (this == o) {
            return true;
        }
        return o instanceof EncodingKey other && other.encoder == encoder && Objects.equals(other.view, view);
    }

    @Override
    public int hashCode() {
        return hash;
    }

    @Override
    public String toString() {
        return "EncodingKey[" + encoder + ", view=" + view + "]";
    }
}
