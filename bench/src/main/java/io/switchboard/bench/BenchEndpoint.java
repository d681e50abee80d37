package io.switchboard.bench;

import io.netty.buffer.ByteBuf;
import io.netty.util.concurrent.EventExecutor;
import io.switchboard.pubsub.RoutedEvent;
import io.switchboard.pubsub.SubscriberEndpoint;
import io.switchboard.pubsub.Subscription;

/**
 * A connection without a socket, for both routers. A delivery is the hand-off of the already-encoded
 * message (a retained duplicate of the shared frame, as a channel write needs) into this endpoint's
 * outbound queue; {@link #flush()} stands for a socket that takes everything at once: it releases the
 * queued messages, as Netty does when a write completes. Both routers pay the same per-message costs.
 */
final class BenchEndpoint implements SubscriberEndpoint, NaiveTopicRouter.Endpoint {
    private final EventExecutor executor;
    private final ByteBuf[] outbound = new ByteBuf[8];
    private int queued;
    /** Set by the benchmark on one endpoint per event loop: publishes the last seq seen. */
    boolean sentinel;
    volatile long lastSeq;

    BenchEndpoint(EventExecutor executor) {
        this.executor = executor;
    }

    @Override
    public EventExecutor executor() {
        return executor;
    }

    @Override
    public boolean deliver(RoutedEvent event, Subscription subscription) {
        handOff(event.retainedDuplicate(subscription.encodingKey()));
        if (sentinel) {
            lastSeq = event.seq();
        }
        return true;
    }

    @Override
    public void write(long seq, ByteBuf frame) {
        handOff(frame);
        if (sentinel) {
            lastSeq = seq;
        }
    }

    private void handOff(ByteBuf msg) {
        if (queued == outbound.length) {
            writeOut();
        }
        outbound[queued++] = msg;
    }

    @Override
    public void flush() {
        writeOut();
    }

    private void writeOut() {
        for (int i = 0; i < queued; i++) {
            outbound[i].release();
            outbound[i] = null;
        }
        queued = 0;
    }

    /** Releases what is still queued; call on {@link #executor()}. */
    void releaseAll() {
        writeOut();
    }
}
