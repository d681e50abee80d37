package io.switchboard.pubsub;

import io.netty.buffer.ByteBuf;

/**
 * Renders an event for one wire dialect and one permission view. Called at most once per event and
 * {@link EncodingKey} in the normal case (see {@link RoutedEvent#encoded(EncodingKey)}), on whichever
 * event loop first needs it. Must be a pure function of the event and the key: no I/O, no blocking.
 * The returned buffer is owned by the router (released when the fan-out completes); allocate it from a
 * pooled allocator ({@code ByteBufAllocator.DEFAULT}) so per-subscriber duplicates are cheap.
 */
@FunctionalInterface
public interface EventEncoder {
    ByteBuf encode(RoutedEvent event, EncodingKey key);
}
