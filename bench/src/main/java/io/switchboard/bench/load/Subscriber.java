package io.switchboard.bench.load;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollSocketChannel;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.handler.codec.http.DefaultHttpHeaders;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpClientCodec;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import io.netty.handler.codec.http.websocketx.PingWebSocketFrame;
import io.netty.handler.codec.http.websocketx.PongWebSocketFrame;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketClientHandshaker;
import io.netty.handler.codec.http.websocketx.WebSocketClientHandshakerFactory;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketVersion;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/**
 * {@code subscribe} mode: opens N WebSocket connections from a set of local source addresses, subscribes
 * (Switchboard {@code /live}: a {@code subscribe} request; nchan: the URL is the subscription), and for
 * every received message reads {@code "ts"} (publish time, µs since the epoch), {@code "p"} (publisher
 * connection) and {@code "n"} (that connection's sequence number) from the payload; per connection and
 * publisher a {@link SequenceTracker} counts reorders, duplicates and holes. Prints one JSON line per second on stderr and a final JSON document on stdout
 * (counts, per-second receive counts, latency histogram buckets for merging, percentiles).
 */
final class Subscriber {
    private static final byte[] TS = "\"ts\":".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] N = "\"n\":".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] P = "\"p\":".getBytes(StandardCharsets.US_ASCII);
    /** Publisher connections told apart (the {@code "p"} field); more are folded into the last one. */
    static final int MAX_PUBLISHERS = 64;

    private final URI uri;
    private final String dialect;
    private final String topic;
    private final int conns;
    private final List<InetAddress> sources;
    private final int threads;
    private final int inflightMax;
    private final Path readyFile;
    private final Path stopFile;
    private final int maxSeconds;
    private final int drainMillis;

    private final AtomicInteger connected = new AtomicInteger();
    private final AtomicInteger subscribed = new AtomicInteger();
    private final AtomicInteger failed = new AtomicInteger();
    private final AtomicInteger closedByServer = new AtomicInteger();
    private final AtomicInteger closedAfterReady = new AtomicInteger();
    private final AtomicInteger errorReplies = new AtomicInteger();
    private final Map<String, AtomicInteger> closeReasons = new ConcurrentHashMap<>();
    private final LongAdder received = new LongAdder();
    /** Every connection handler, for the per-publisher sequence totals at the end (read on each one's loop). */
    private final java.util.Queue<ConnHandler> handlers = new java.util.concurrent.ConcurrentLinkedQueue<>();
    private final LongAdder noTimestamp = new LongAdder();
    private final List<LatencyHistogram> histograms = new ArrayList<>();
    private final ThreadLocal<LatencyHistogram> localHist = ThreadLocal.withInitial(() -> {
        LatencyHistogram h = new LatencyHistogram();
        synchronized (histograms) {
            histograms.add(h);
        }
        return h;
    });
    private final AtomicLong firstMessageMicros = new AtomicLong();
    private final AtomicLong lastMessageMicros = new AtomicLong();
    private volatile boolean ready;
    private volatile String firstError;

    Subscriber(Args a) throws IOException {
        this.uri = URI.create(a.req("url"));
        this.dialect = a.str("dialect", "live");
        this.topic = a.str("topic", "bench");
        this.conns = a.integer("conns", 1000);
        this.sources = parseSources(a.str("src", "127.0.0.1"));
        this.threads = a.integer("threads", 1);
        this.inflightMax = a.integer("inflight", 200);
        this.readyFile = a.str("ready-file", null) == null ? null : Path.of(a.str("ready-file", null));
        this.stopFile = a.str("stop-file", null) == null ? null : Path.of(a.str("stop-file", null));
        this.maxSeconds = a.integer("max-seconds", 120);
        this.drainMillis = a.integer("drain-ms", 2000);
        if (!dialect.equals("live") && !dialect.equals("nchan")) {
            throw new IllegalArgumentException("--dialect live|nchan");
        }
    }

    static List<InetAddress> parseSources(String spec) throws IOException {
        List<InetAddress> out = new ArrayList<>();
        for (String part : spec.split(",")) {
            part = part.trim();
            int dash = part.indexOf('-');
            if (dash < 0) {
                out.add(InetAddress.getByName(part));
                continue;
            }
            byte[] lo = InetAddress.getByName(part.substring(0, dash)).getAddress();
            byte[] hi = InetAddress.getByName(part.substring(dash + 1)).getAddress();
            for (int last = lo[3] & 0xff; last <= (hi[3] & 0xff); last++) {
                byte[] b = lo.clone();
                b[3] = (byte) last;
                out.add(InetAddress.getByAddress(b));
            }
        }
        return out;
    }

    static long nowMicros() {
        Instant i = Instant.now();
        return i.getEpochSecond() * 1_000_000L + i.getNano() / 1000;
    }

    ObjectNode run() throws Exception {
        boolean epoll = Epoll.isAvailable();
        EventLoopGroup group = new MultiThreadIoEventLoopGroup(threads,
                epoll ? EpollIoHandler.newFactory() : NioIoHandler.newFactory());
        long t0 = System.nanoTime();
        long cpu0 = processCpuNanos();
        List<Long> perSecond = new ArrayList<>();
        try {
            Bootstrap b = new Bootstrap().group(group)
                    .channel(epoll ? EpollSocketChannel.class : NioSocketChannel.class)
                    .option(ChannelOption.ALLOCATOR, PooledByteBufAllocator.DEFAULT)
                    .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, 10_000)
                    .option(ChannelOption.TCP_NODELAY, true)
                    .handler(new ChannelInitializer<SocketChannel>() {
                        @Override
                        protected void initChannel(SocketChannel ch) {
                            WebSocketClientHandshaker hs = WebSocketClientHandshakerFactory.newHandshaker(
                                    uri, WebSocketVersion.V13, null, false, new DefaultHttpHeaders(), 1 << 20);
                            ch.pipeline().addLast(new HttpClientCodec(), new HttpObjectAggregator(1 << 16),
                                    new ConnHandler(hs));
                        }
                    });
            String host = uri.getHost();
            int port = uri.getPort() > 0 ? uri.getPort() : 80;
            InetSocketAddress remote = new InetSocketAddress(InetAddress.getByName(host), port);
            Semaphore inflight = new Semaphore(inflightMax);
            long deadline = t0 + TimeUnit.SECONDS.toNanos(maxSeconds);
            for (int i = 0; i < conns; i++) {
                if (!inflight.tryAcquire(30, TimeUnit.SECONDS)) {
                    err("connect stalled: " + i + " started, " + connected.get() + " connected");
                    break;
                }
                InetAddress src = sources.get(i % sources.size());
                ChannelFuture f = b.connect(remote, new InetSocketAddress(src, 0));
                Channel ch = f.channel();
                ch.attr(ConnHandler.PERMIT).set(inflight);
                f.addListener(fut -> {
                    if (!fut.isSuccess()) {
                        failed.incrementAndGet();
                        noteError("connect: " + fut.cause());
                        ConnHandler.releasePermit(ch);
                    }
                });
            }
            // wait until every connection is subscribed or has failed
            long lastLog = System.nanoTime();
            while (subscribed.get() + failed.get() < conns && System.nanoTime() < deadline) {
                Thread.sleep(50);
                if (System.nanoTime() - lastLog > 1_000_000_000L) {
                    lastLog = System.nanoTime();
                    err(String.format("{\"phase\":\"connect\",\"connected\":%d,\"subscribed\":%d,\"failed\":%d}",
                            connected.get(), subscribed.get(), failed.get()));
                }
            }
            long setupMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);
            ready = true;
            int readyCount = subscribed.get();
            err(String.format("{\"phase\":\"ready\",\"subscribed\":%d,\"failed\":%d,\"setup_ms\":%d}",
                    readyCount, failed.get(), setupMillis));
            if (readyFile != null) {
                Files.writeString(readyFile, readyCount + "\n");
            }
            long cpuReady = processCpuNanos();
            // receive until the stop file appears (then drain) or the time limit
            long prev = 0;
            long nextTick = System.nanoTime() + 1_000_000_000L;
            long stopAt = Long.MAX_VALUE;
            while (System.nanoTime() < deadline && System.nanoTime() < stopAt) {
                long sleep = nextTick - System.nanoTime();
                if (sleep > 0) {
                    Thread.sleep(Math.max(1, sleep / 1_000_000));
                }
                if (System.nanoTime() >= nextTick) {
                    nextTick += 1_000_000_000L;
                    long now = received.sum();
                    perSecond.add(now - prev);
                    prev = now;
                    err(String.format("{\"phase\":\"run\",\"recv_per_s\":%d,\"open\":%d}", perSecond.get(perSecond.size() - 1),
                            readyCount - closedAfterReady.get()));
                }
                if (stopAt == Long.MAX_VALUE && stopFile != null && Files.exists(stopFile)) {
                    stopAt = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(drainMillis);
                }
                // after the stop file: also stop once nothing arrived for a second (deliveries are over)
                if (stopAt != Long.MAX_VALUE && nowMicros() - lastMessageMicros.get() > 1_000_000
                        && System.nanoTime() > stopAt - TimeUnit.MILLISECONDS.toNanos(drainMillis) + 500_000_000L) {
                    break;
                }
            }
            long cpuEnd = processCpuNanos();
            LatencyHistogram all = new LatencyHistogram();
            synchronized (histograms) {
                for (LatencyHistogram h : histograms) {
                    all.add(h);    // racy read of the last few records only; acceptable for a report
                }
            }
            ObjectNode out = LoadMain.JSON.createObjectNode();
            out.put("mode", "subscribe");
            out.put("dialect", dialect);
            out.put("url", uri.toString());
            out.put("transport", epoll ? "epoll" : "nio");
            out.put("threads", threads);
            out.put("sources", sources.size());
            out.put("conns", conns);
            out.put("connected", connected.get());
            out.put("subscribed", readyCount);
            out.put("failed", failed.get());
            out.put("closed_by_server", closedByServer.get());
            out.put("closed_after_ready", closedAfterReady.get());
            out.set("close_reasons", LoadMain.JSON.valueToTree(closeReasons));
            out.put("error_replies", errorReplies.get());
            out.put("first_error", firstError);
            out.put("setup_ms", setupMillis);
            out.put("received", received.sum());
            SequenceTotals seq = sequenceTotals(group);
            out.put("reordered", seq.reordered);
            out.put("duplicates", seq.duplicates);
            out.put("holes", seq.holes);
            ArrayNode byPub = out.putArray("by_publisher");
            for (int p = 0; p < MAX_PUBLISHERS; p++) {
                if (seq.distinct[p] + seq.duplicates(p) > 0) {
                    byPub.addObject().put("p", p).put("distinct", seq.distinct[p]).put("highest_sum", seq.highestSum[p])
                            .put("reordered", seq.reorderedBy[p]).put("duplicates", seq.duplicatesBy[p]);
                }
            }
            out.put("no_timestamp", noTimestamp.sum());
            out.put("first_message_us", firstMessageMicros.get());
            out.put("last_message_us", lastMessageMicros.get());
            out.put("cpu_seconds_total", cpuEnd / 1e9);
            out.put("cpu_seconds_after_ready", (cpuEnd - cpuReady) / 1e9);
            ArrayNode ps = out.putArray("per_second");
            perSecond.forEach(ps::add);
            out.put("latency_negative", all.negative());
            out.put("latency_max_us", all.max());
            out.put("p50_us", all.percentile(50));
            out.put("p99_us", all.percentile(99));
            out.put("p999_us", all.percentile(99.9));
            out.set("latency_buckets", all.toJson());
            return out;
        } finally {
            group.shutdownGracefully(0, 1, TimeUnit.SECONDS);
        }
    }

    static long processCpuNanos() {
        java.lang.management.OperatingSystemMXBean os = ManagementFactory.getOperatingSystemMXBean();
        if (os instanceof com.sun.management.OperatingSystemMXBean sun) {
            return sun.getProcessCpuTime();
        }
        return 0;
    }

    /** Sums of every connection's {@link SequenceTracker}s, per publisher connection. */
    private static final class SequenceTotals {
        final long[] distinct = new long[MAX_PUBLISHERS];
        final long[] highestSum = new long[MAX_PUBLISHERS];
        final long[] reorderedBy = new long[MAX_PUBLISHERS];
        final long[] duplicatesBy = new long[MAX_PUBLISHERS];
        long reordered;
        long duplicates;
        long holes;

        long duplicates(int p) {
            return duplicatesBy[p];
        }

        void add(int p, SequenceTracker t) {
            distinct[p] += t.distinct();
            highestSum[p] += t.highest();
            reorderedBy[p] += t.reordered();
            duplicatesBy[p] += t.duplicates();
            reordered += t.reordered();
            duplicates += t.duplicates();
            holes += t.holes();
        }
    }

    /** Reads each connection's trackers on its own event loop (they are loop-confined). */
    private SequenceTotals sequenceTotals(EventLoopGroup group) throws Exception {
        SequenceTotals totals = new SequenceTotals();
        for (io.netty.util.concurrent.EventExecutor loop : group) {
            loop.submit(() -> {
                for (ConnHandler h : handlers) {
                    if (h.loop == loop) {
                        h.addTo(totals);
                    }
                }
            }).get(30, TimeUnit.SECONDS);
        }
        return totals;
    }

    private void noteError(String e) {
        if (firstError == null) {
            firstError = e;
            err("{\"error\":" + LoadMain.JSON.valueToTree(e) + "}");
        }
    }

    static void err(String line) {
        System.err.println(line);
    }

    /**
     * Reads a non-negative decimal number that follows {@code key} (which starts with a quote) in the frame;
     * -1 if absent. Jumps from quote to quote ({@code ByteBuf.indexOf} scans several bytes per step).
     */
    static long readNumber(ByteBuf buf, int from, int to, byte[] key) {
        int end = to - key.length;
        int i = from;
        outer:
        while (i <= end) {
            int q = buf.indexOf(i, end + 1, key[0]);
            if (q < 0) {
                return -1;
            }
            i = q + 1;
            for (int j = 1; j < key.length; j++) {
                if (buf.getByte(q + j) != key[j]) {
                    continue outer;
                }
            }
            long v = 0;
            int k = q + key.length;
            while (k < to && buf.getByte(k) == ' ') {
                k++;
            }
            int digits = 0;
            while (k < to) {
                byte c = buf.getByte(k);
                if (c < '0' || c > '9') {
                    break;
                }
                v = v * 10 + (c - '0');
                k++;
                digits++;
            }
            return digits == 0 ? -1 : v;
        }
        return -1;
    }

    /** Parses server-to-client WebSocket frames in place and hands each to {@link ConnHandler#onFrame}. */
    private static final class FastFrameDecoder extends io.netty.handler.codec.ByteToMessageDecoder {
        private final ConnHandler handler;

        FastFrameDecoder(ConnHandler handler) {
            this.handler = handler;
        }

        @Override
        protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
            // One clock read per socket read: every frame in it had arrived by now (reading the clock per
            // frame would add the client's own parsing time of the earlier frames to the later ones).
            long now = 0;
            while (in.readableBytes() >= 2) {
                int ri = in.readerIndex();
                int b0 = in.getUnsignedByte(ri);
                int b1 = in.getUnsignedByte(ri + 1);
                long len = b1 & 0x7f;
                int hdr = 2;
                if (len == 126) {
                    if (in.readableBytes() < 4) {
                        return;
                    }
                    len = in.getUnsignedShort(ri + 2);
                    hdr = 4;
                } else if (len == 127) {
                    if (in.readableBytes() < 10) {
                        return;
                    }
                    len = in.getLong(ri + 2);
                    hdr = 10;
                }
                if ((b1 & 0x80) != 0 || len > (1 << 24)) {
                    throw new IllegalStateException("masked or oversized frame from the server");
                }
                if (in.readableBytes() < hdr + len) {
                    return;
                }
                if (now == 0) {
                    now = nowMicros();
                }
                handler.onFrame(ctx.channel(), b0 & 0x0f, in, ri + hdr, (int) len, now);
                in.readerIndex(ri + hdr + (int) len);
            }
        }
    }

    private final class ConnHandler extends SimpleChannelInboundHandler<Object> {
        static final io.netty.util.AttributeKey<Semaphore> PERMIT = io.netty.util.AttributeKey.valueOf("permit");
        private final WebSocketClientHandshaker handshaker;
        private boolean isSubscribed;
        /** Received sequence numbers per publisher connection ({@code "p"}); loop-confined. */
        private SequenceTracker[] byPublisher = new SequenceTracker[1];
        /** The channel's event loop, set when the handler is added. */
        volatile io.netty.channel.EventLoop loop;

        ConnHandler(WebSocketClientHandshaker handshaker) {
            this.handshaker = handshaker;
        }

        static void releasePermit(Channel ch) {
            Semaphore s = ch.attr(PERMIT).getAndSet(null);
            if (s != null) {
                s.release();
            }
        }

        @Override
        public void channelActive(ChannelHandlerContext ctx) {
            handshaker.handshake(ctx.channel());
        }

        @Override
        protected void channelRead0(ChannelHandlerContext ctx, Object msg) {
            Channel ch = ctx.channel();
            if (!handshaker.isHandshakeComplete()) {
                try {
                    handshaker.finishHandshake(ch, (FullHttpResponse) msg);
                } catch (Exception e) {
                    failed.incrementAndGet();
                    noteError("handshake: " + e.getMessage());
                    releasePermit(ch);
                    ch.close();
                    return;
                }
                connected.incrementAndGet();
                // Netty's frame decoder allocates a frame per message; this one parses in place
                ch.pipeline().replace(io.netty.handler.codec.http.websocketx.WebSocketFrameDecoder.class, "fast-ws-decoder",
                        new FastFrameDecoder(this));
                if (dialect.equals("live")) {
                    ch.writeAndFlush(new TextWebSocketFrame(
                            "{\"method\":\"subscribe\",\"attributes\":{\"topicName\":\"" + topic + "\"},\"id\":\"s\"}"));
                } else {
                    markSubscribed(ch);
                }
                return;
            }
        }

        /** One complete server frame (unmasked, unfragmented) at {@code buf[from, from + len)}. */
        void onFrame(Channel ch, int opcode, ByteBuf buf, int from, int len, long now) {
            switch (opcode) {
                case 1 -> onText(ch, buf, from, len, now);
                case 9 -> ch.writeAndFlush(new PongWebSocketFrame(buf.retainedSlice(from, len)));
                case 8 -> {
                    String why = len >= 2 ? buf.getUnsignedShort(from) + " "
                            + buf.toString(from + 2, len - 2, StandardCharsets.UTF_8) : "no status";
                    closeReasons.computeIfAbsent(why, k -> new AtomicInteger()).incrementAndGet();
                    closedByServer.incrementAndGet();
                    ch.close();
                }
                default -> { }   // pong, binary, continuation: not expected
            }
        }

        private void markSubscribed(Channel ch) {
            if (!isSubscribed) {
                isSubscribed = true;
                subscribed.incrementAndGet();
                releasePermit(ch);
            }
        }

        private void onText(Channel ch, ByteBuf content, int from, int len, long now) {
            long ts = readNumber(content, from, from + len, TS);
            if (ts < 0) {
                // a /live reply: the subscribe response, or an error
                String s = content.toString(from, len, StandardCharsets.UTF_8);
                if (s.contains("\"EventType\":\"error\"")) {
                    errorReplies.incrementAndGet();
                    noteError("reply: " + s);
                } else if (s.contains("\"EventType\":\"response\"")) {
                    markSubscribed(ch);
                } else {
                    noTimestamp.increment();
                }
                return;
            }
            if (!isSubscribed) {
                markSubscribed(ch);   // a message before the subscribe reply still proves the subscription
            }
            received.increment();
            localHist.get().record(now - ts);
            firstMessageMicros.compareAndSet(0, now);
            lastMessageMicros.set(now);
            long n = readNumber(content, from, from + len, N);
            if (n > 0) {
                long p = readNumber(content, from, from + len, P);
                tracker(p < 0 ? 0 : (int) Math.min(p, MAX_PUBLISHERS - 1)).record(n);
            }
        }

        private SequenceTracker tracker(int p) {
            if (p >= byPublisher.length) {
                byPublisher = java.util.Arrays.copyOf(byPublisher, p + 1);
            }
            SequenceTracker t = byPublisher[p];
            if (t == null) {
                byPublisher[p] = t = new SequenceTracker();
            }
            return t;
        }

        void addTo(SequenceTotals totals) {
            for (int p = 0; p < byPublisher.length; p++) {
                if (byPublisher[p] != null) {
                    totals.add(p, byPublisher[p]);
                }
            }
        }

        @Override
        public void handlerAdded(ChannelHandlerContext ctx) {
            loop = ctx.channel().eventLoop();
            handlers.add(this);
        }

        @Override
        public void channelInactive(ChannelHandlerContext ctx) throws Exception {
            if (ready && isSubscribed) {
                closedAfterReady.incrementAndGet();
            }
            if (!isSubscribed && ctx.channel().attr(PERMIT).get() != null) {
                failed.incrementAndGet();
                noteError("closed before subscribed");
                releasePermit(ctx.channel());
            }
            super.channelInactive(ctx);
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            noteError("exception: " + cause);
            ctx.close();
        }
    }
}
