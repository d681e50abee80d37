package io.switchboard.realtime;

import io.netty.channel.Channel;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.util.ReferenceCountUtil;
import io.switchboard.pubsub.ChannelSubscriberEndpoint;
import io.switchboard.pubsub.RoutedEvent;
import io.switchboard.pubsub.SlowConsumerPolicy;
import io.switchboard.pubsub.Subscription;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * A pub/sub connection that can resume: {@link #replay} sends the events a client missed after
 * {@code since} and holds the subscription's live deliveries until the replay is written, so the
 * client sees one ordered stream without gap or duplicate.
 *
 * <p>Single node: the router delivers exactly the events after the subscription's {@code startSeq},
 * the history the ones up to it. Several nodes: numbers are the cluster's; the replay comes from
 * this node's history or, when that does not reach back far enough, from the cluster log, and live
 * deliveries numbered at or below the last replayed event are dropped (the log read may run ahead
 * of this node's router).
 */
public abstract class ResumableEndpoint extends ChannelSubscriberEndpoint {
    /** Attempts (1 ms apart) to wait for the router and the publishers before giving up. */
    private static final int MAX_ATTEMPTS = 1000;

    /** A live delivery held back during a replay, with the number the client sees. */
    private record Held(long seq, Object frame) {
    }

    private final Realtime realtime;
    // Both maps are created on first use: most connections never resume, and a delivery then reads no
    // map (the fan-out touches every endpoint once per event: each extra object is a cache miss there).
    private Map<Subscription, List<Held>> held;
    /** Cluster mode: the last number a replay sent per subscription; live events up to it are duplicates. */
    private Map<Subscription, Long> replayedUpTo;

    protected ResumableEndpoint(Realtime realtime, Channel channel, int outboundLimit, SlowConsumerPolicy policy) {
        super(realtime.router(), channel, outboundLimit, policy);
        this.realtime = realtime;
    }

    @Override
    public boolean deliver(RoutedEvent event, Subscription subscription) {
        Map<Subscription, List<Held>> holding = held;
        Map<Subscription, Long> replayed = replayedUpTo;
        if ((holding == null || holding.isEmpty()) && (replayed == null || replayed.isEmpty())) {
            return super.deliver(event, subscription);
        }
        List<Held> waiting = holding == null ? null : holding.get(subscription);
        if (waiting != null) {
            waiting.add(new Held(Realtime.seqOf(event), outboundMessage(event, subscription)));
            return false;
        }
        Long upTo = replayed == null ? null : replayed.get(subscription);
        if (upTo != null) {
            if (Realtime.seqOf(event) <= upTo) return false;
            replayed.remove(subscription);
        }
        return super.deliver(event, subscription);
    }

    /**
     * Replays what the client missed after {@code since} on the subscription's topic. {@code render}
     * turns a remembered event into the dialect's text message (null: not for this client);
     * {@code tooOld} is the text sent when that part of the history is gone. Event loop only; call
     * right after subscribing.
     */
    protected void replay(Subscription sub, long since, Function<EventHistory.Entry, String> render, String tooOld) {
        if (held == null) held = new HashMap<>();
        held.putIfAbsent(sub, new ArrayList<>());
        if (realtime.numbersFromCluster(sub.topicName())) {
            replayClustered(sub, since, render, tooOld);
        } else {
            replay(sub, since, render, tooOld, 0);
        }
    }

    private void replay(Subscription sub, long since, Function<EventHistory.Entry, String> render, String tooOld, int attempt) {
        if (held == null || !held.containsKey(sub)) return; // connection closed meanwhile
        long start = sub.startSeq();
        EventHistory.Replay r = start == Long.MAX_VALUE ? new EventHistory.NotYet() : realtime.history().range(sub.topicName(), since, start);
        if (r instanceof EventHistory.NotYet && attempt < MAX_ATTEMPTS && channel.isActive()) {
            channel.eventLoop().schedule(() -> replay(sub, since, render, tooOld, attempt + 1), 1, TimeUnit.MILLISECONDS);
            return;
        }
        finish(sub, since, r, render, tooOld);
    }

    /**
     * Every event before the subscription's place in the router is in this node's history (it is
     * remembered before it is routed), so the history serves the replay when it reaches back to
     * {@code since + 1}; otherwise the cluster log does, off the event loop.
     */
    private void replayClustered(Subscription sub, long since, Function<EventHistory.Entry, String> render, String tooOld) {
        EventHistory.Events fromMemory = realtime.history().after(sub.topicName(), since);
        if (fromMemory != null) {
            finish(sub, since, fromMemory, render, tooOld);
            return;
        }
        realtime.recover(sub.topicName(), since).whenComplete((r, err) -> channel.eventLoop().execute(
                () -> finish(sub, since, err != null ? new EventHistory.TooOld() : r, render, tooOld)));
    }

    private void finish(Subscription sub, long since, EventHistory.Replay r, Function<EventHistory.Entry, String> render, String tooOld) {
        List<Held> waiting = held == null ? null : held.remove(sub);
        if (waiting == null) return; // connection closed meanwhile
        boolean numbered = realtime.numbersFromCluster(sub.topicName());
        long sent = since;
        if (r instanceof EventHistory.Events ev) {
            for (EventHistory.Entry e : ev.entries()) {
                if (e.seq() <= sent) continue;
                String text = render.apply(e);
                if (text != null) channel.write(new TextWebSocketFrame(text));
                sent = e.seq();
            }
        } else {
            channel.write(new TextWebSocketFrame(tooOld));
        }
        for (Held h : waiting) {
            if (numbered && h.seq() <= sent) {
                ReferenceCountUtil.release(h.frame());
            } else {
                channel.write(h.frame());
                sent = Math.max(sent, h.seq());
            }
        }
        if (numbered && sent > since && sub.isActive()) {
            if (replayedUpTo == null) replayedUpTo = new HashMap<>();
            replayedUpTo.put(sub, sent);
        }
        channel.flush();
    }

    @Override
    public void closed() {
        if (held != null) {
            for (List<Held> frames : held.values()) frames.forEach(h -> ReferenceCountUtil.release(h.frame()));
            held.clear();
        }
        if (replayedUpTo != null) replayedUpTo.clear();
        super.closed();
    }
}
