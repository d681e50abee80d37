/**
 * In-memory topic router tuned for high fan-out: {@link io.switchboard.pubsub.TopicRouter}.
 *
 * <h2>Data flow</h2>
 * <ol>
 *   <li>{@code publish(topic, payload)}: a map lookup, then either one CAS on the topic's tail counter (no
 *   subscribers: nothing is allocated) or an append to the topic's lock-free linked list, which gives the
 *   event its seq (see {@link io.switchboard.pubsub.Topic}).</li>
 *   <li>One publisher at a time (whoever wins a CAS; the others return at once) walks the list in seq
 *   order and, per event, submits one {@code DeliveryBatch} to each event loop that has subscribers,
 *   using the topic's copy-on-write subscriber snapshot (subscriptions grouped by event loop, the ones of
 *   one connection adjacent).</li>
 *   <li>On the event loop the batch evaluates each subscription's {@link io.switchboard.pubsub.EventFilter}
 *   (the permission decision lives there), calls {@link io.switchboard.pubsub.SubscriberEndpoint#deliver},
 *   and flushes each connection once.</li>
 *   <li>Endpoints take the bytes with {@link io.switchboard.pubsub.RoutedEvent#retainedDuplicate}: each
 *   {@link io.switchboard.pubsub.EncodingKey} (wire dialect + permission view) is encoded once per event,
 *   on the first event loop that needs it; each loop holds one duplicate of that buffer and hands out
 *   duplicates with references taken in bulk. Everything is released when the last batch ends and the
 *   connections have written their duplicates.</li>
 * </ol>
 *
 * <h2>Guarantees</h2>
 * <ul>
 *   <li>Per topic, seq is 1, 2, 3, ... without gaps, counting events published with no subscribers.</li>
 *   <li>A subscription receives every accepted event with {@code seq > startSeq()}, exactly once and in seq
 *   order, until it ends (events already queued for its loop are skipped once it is inactive).</li>
 *   <li>{@code publish} takes no lock and never waits for another thread; subscribe, unsubscribe and
 *   topic management never block a publisher.</li>
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
