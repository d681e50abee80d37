package io.switchboard.entity;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Consumer;

/** In-process event bus: listeners are called in order on the publishing thread. */
public final class LocalEventBus implements EventBus {
    private static final Logger log = LoggerFactory.getLogger(LocalEventBus.class);
    private final CopyOnWriteArrayList<Consumer<EntityEvent>> listeners = new CopyOnWriteArrayList<>();
    private final LongAdder published = new LongAdder();

    @Override
    public void publish(EntityEvent event) {
        published.increment();
        for (Consumer<EntityEvent> l : listeners) {
            try {
                l.accept(event);
            } catch (RuntimeException e) {
                // one faulty listener must not stop the others (the seed system lost events this way)
                log.warn("event listener failed for {} {}", event.table(), event.type(), e);
            }
        }
    }

    @Override
    public void subscribe(Consumer<EntityEvent> listener) {
        listeners.add(listener);
    }

    @Override
    public long publishedCount() {
        return published.sum();
    }
}
