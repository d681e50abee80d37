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
 * {@code since} (from {@link EventHistory}) and holds the subscription's live deliveries until the
 * replay is written, so the client sees one ordered stream without gap or duplicate — the router
 * delivers exactly the events after the subscription's {@code startSeq}, the history the ones up to it.
 */
public abstract class ResumableEndpoint extends ChannelSubscriberEndpoint {
    /** Attempts (1 ms apart) to wait for the router and the publishers before giving up. */
    private static final int MAX_ATTEMPTS = 1000;

    private final Realtime realtime;
    private final Map<Subscription, List<Object>> held = new HashMap<>();

    protected ResumableEndpoint(Realtime realtime, Channel channel, int outboundLimit, SlowConsumerPolicy policy) {
        super(realtime.router(), channel, outboundLimit, policy);
        this.realtime = realtime;
    }

    @Override
    public boolean deliver(RoutedEvent event, Subscription subscription) {
        List<Object> waiting = held.get(subscription);
        if (waiting == null) return super.deliver(event, subscription);
        waiting.add(outboundMessage(event, subscription));
        return false;
    }

    /**
     * Replays {@code (since, startSeq]} of the subscription's topic. {@code render} turns a remembered
     * event into the dialect's text message (null: not for this client); {@code tooOld} is the text
     * sent when that part of the history is gone. Event loop only; call right after subscribing.
     */
    protected void replay(Subscription sub, long since, Function<EventHistory.Entry, String> render, String tooOld) {
        held.putIfAbsent(sub, new ArrayList<>());
        replay(sub, since, render, tooOld, 0);
    }

    private void replay(Subscription sub, long since, Function<EventHistory.Entry, String> render, String tooOld, int attempt) {
        if (!held.containsKey(sub)) return; // connection closed meanwhile
        long start = sub.startSeq();
        EventHistory.Replay r = start == Long.MAX_VALUE ? new EventHistory.NotYet() : realtime.history().range(sub.topicName(), since, start);
        if (r instanceof EventHistory.NotYet && attempt < MAX_ATTEMPTS && channel.isActive()) {
            channel.eventLoop().schedule(() -> replay(sub, since, render, tooOld, attempt + 1), 1, TimeUnit.MILLISECONDS);
            return;
        }
        if (r instanceof EventHistory.Events ev) {
            for (EventHistory.Entry e : ev.entries()) {
                String text = render.apply(e);
                if (text != null) channel.write(new TextWebSocketFrame(text));
            }
        } else {
            channel.write(new TextWebSocketFrame(tooOld));
        }
        for (Object frame : held.remove(sub)) channel.write(frame);
        channel.flush();
    }

    @Override
    public void closed() {
        for (List<Object> frames : held.values()) frames.forEach(ReferenceCountUtil::release);
        held.clear();
        super.closed();
    }
}
