/**
 * In-memory topic router tuned for high fan-out: {@link io.switchboard.pubsub.TopicRouter}.
 *
 * <h2>Data flow</h2>
 * <ol>
 *   <li>{@code publish(topic, payload)}: a map lookup, then either one CAS on the topic's tail counter (no
 *   subscribers: nothing is allocated) or an append to the topic's lock-free linked list, which gives the
 *   event its seq (see {@link io.switchboard.pubsub.Topic}).</li>
 *   <li>One publisher at a time (whoever wins a CAS; the others return at once) walks the list in seq
 *   order and, per event, hands one {@code DeliveryBatch} to the {@code DeliveryLane} of each event loop
 *   that has subscribers, using the topic's copy-on-write subscriber snapshot (subscriptions grouped by
 *   event loop, the ones of one connection adjacent).</li>
 *   <li>Each loop's lane runs the batches of all topics in the order it got them, in bounded runs (about
 *   1 ms of deliveries and 1 ms of flushes, then it yields to the loop's I/O and other tasks). A batch
 *   evaluates each subscription's {@link io.switchboard.pubsub.EventFilter} (the permission decision
 *   lives there) and calls {@link io.switchboard.pubsub.SubscriberEndpoint#deliver}. While the lane keeps
 *   up, each connection is flushed right after its deliveries; when batches queue up, connections are
 *   flushed once per run for everything written meanwhile (flush coalescing).</li>
 *   <li>Endpoints take the bytes with {@link io.switchboard.pubsub.RoutedEvent#retainedDuplicate}: each
 *   {@link io.switchboard.pubsub.EncodingKey} (wire dialect + permission view) is encoded once per event,
 *   on the first event loop that needs it; each loop takes one reference on that buffer and hands out
 *   views of a loop-local frame whose reference counts are plain ints (no atomic operation per
 *   delivery). Frames and views are recycled through the loop's {@link io.switchboard.pubsub.FramePool},
 *   so a delivery allocates nothing (a young object stored into an old connection queue per delivery
 *   made G1 refine cards continuously). Everything is released when the last batch ends and the
 *   connections have written their views.</li>
 * </ol>
 *
 * <h2>Guarantees</h2>
 * <ul>
 *   <li>Per topic, seq is 1, 2, 3, ... without gaps, counting events published with no subscribers.</li>
 *   <li>A subscription receives every accepted event with {@code seq > startSeq()}, exactly once and in seq
 *   order, until it ends (events already queued for its loop are skipped once it is inactive).</li>
 *   <li>{@code publish} takes no lock and never waits for another thread; subscribe, unsubscribe and
 *   topic management never block a publisher.</li>
 *   <li>A long fan-out does not hold an event loop: other connections' reads and the tasks other threads
 *   queue (a publisher's HTTP response) run between two lane runs.</li>
 *   <li>A slow connection only fills its own bounded backlog
 *   ({@link io.switchboard.pubsub.ChannelSubscriberEndpoint}); then it drops or is closed with 1008.</li>
 * </ul>
 *
 * <h2>Limits</h2>
 * There is no publish-side back-pressure: the router assumes publishers are paced by their source
 * (database commits). A publisher that outruns the event loops grows the topic's list and the loops'
 * task queues.
 */
package io.switchboard.pubsub;
