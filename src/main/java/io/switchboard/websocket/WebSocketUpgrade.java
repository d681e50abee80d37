package io.switchboard.websocket;

import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelPipeline;
import io.netty.handler.codec.http.DefaultHttpHeaders;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.websocketx.WebSocketDecoderConfig;
import io.netty.handler.codec.http.websocketx.WebSocketFrameAggregator;
import io.netty.handler.codec.http.websocketx.WebSocketServerHandshaker;
import io.netty.handler.codec.http.websocketx.WebSocketServerHandshakerFactory;
import io.netty.handler.codec.http.websocketx.extensions.WebSocketExtensionData;
import io.netty.handler.codec.http.websocketx.extensions.WebSocketExtensionUtil;
import io.netty.handler.codec.http.websocketx.extensions.WebSocketServerExtension;
import io.netty.handler.codec.http.websocketx.extensions.compression.PerMessageDeflateServerExtensionHandshaker;
import io.netty.handler.timeout.IdleStateHandler;
import io.switchboard.config.Config;
import io.switchboard.config.ConfigKeys;

import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The RFC 6455 server handshake shared by every WebSocket endpoint: Origin allow-list, frame and
 * message limits, UTF-8 validation of text frames, permessage-deflate (RFC 7692) when the client
 * asks, and the keep-alive ping. After {@link #upgrade} the channel carries WebSocket frames and the
 * given handler sees whole messages.
 */
public final class WebSocketUpgrade {
    /**
     * Pipeline names the HTTP listener installs and the upgrade removes: none of them acts on WebSocket
     * frames, and each left behind costs every connection its handler and context (about 100 bytes of
     * heap per handler) and every frame a hop.
     */
    private static final List<String> HTTP_HANDLERS = List.of("dispatcher", "idle", "aggregator", "compressor",
            "streamed-uploads", "chunked");

    private WebSocketUpgrade() {
    }

    /** True when the Origin header is absent (non-browser clients) or allowed by {@code ws.origins}. */
    public static boolean originAllowed(Config config, FullHttpRequest req) {
        String origin = req.headers().get(HttpHeaderNames.ORIGIN);
        if (origin == null) return true;
        String allowed = config.get(ConfigKeys.WS_ORIGINS).trim();
        if (allowed.equals("*")) return true;
        for (String o : allowed.split(",")) {
            if (o.trim().equalsIgnoreCase(origin)) return true;
        }
        return false;
    }

    /**
     * Performs the handshake and installs {@code handler} after the frame codec; returns the future
     * of the 101 response, or null when the request was not a valid WebSocket handshake (a 400 or
     * 426 answer has then been sent and the channel closed).
     *
     * @param maxMessage  largest message (and frame) in bytes; larger ones close with 1009
     * @param pingSeconds after this long without a frame from the peer a ping goes out; a peer that
     *                    stays silent for another such period is closed (its pongs count as traffic)
     */
    public static ChannelFuture upgrade(Channel ch, FullHttpRequest req, int maxMessage, int pingSeconds, ChannelHandler handler) {
        WebSocketDecoderConfig decoder = WebSocketDecoderConfig.newBuilder()
                .maxFramePayloadLength(maxMessage)
                .allowExtensions(true)
                .expectMaskedFrames(true)
                .allowMaskMismatch(false)
                .closeOnProtocolViolation(true)
                .withUTF8Validator(true)
                .build();
        String url = "ws://" + req.headers().get(HttpHeaderNames.HOST, "localhost") + req.uri();
        WebSocketServerHandshakerFactory factory = new WebSocketServerHandshakerFactory(url, null, decoder);
        WebSocketServerHandshaker handshaker = factory.newHandshaker(req);
        if (handshaker == null) {
            WebSocketServerHandshakerFactory.sendUnsupportedVersionResponse(ch).addListener(f -> ch.close());
            return null;
        }
        HttpHeaders extra = new DefaultHttpHeaders();
        WebSocketServerExtension deflate = negotiateDeflate(req, extra);
        ChannelFuture done;
        try {
            done = handshaker.handshake(ch, req, extra, ch.newPromise());
        } catch (RuntimeException e) {
            // malformed handshake (missing key, wrong method ...): Netty throws; answer 400
            ch.writeAndFlush(new io.netty.handler.codec.http.DefaultFullHttpResponse(req.protocolVersion(),
                    io.netty.handler.codec.http.HttpResponseStatus.BAD_REQUEST)).addListener(f -> ch.close());
            return null;
        }
        ChannelPipeline p = ch.pipeline();
        for (String name : HTTP_HANDLERS) {
            if (p.get(name) != null) p.remove(name);
        }
        if (deflate != null) {
            p.addAfter("wsdecoder", "ws-deflate-decoder", deflate.newExtensionDecoder());
            p.addAfter("wsencoder", "ws-deflate-encoder", deflate.newExtensionEncoder());
        }
        p.addLast("ws-aggregator", new WebSocketFrameAggregator(maxMessage));
        p.addLast("ws-idle", new IdleStateHandler(pingSeconds, 0, 0, TimeUnit.SECONDS));
        p.addLast("ws-handler", handler);
        return done;
    }

    /** Accepts permessage-deflate if offered; adds the response header; null when not offered. */
    private static WebSocketServerExtension negotiateDeflate(FullHttpRequest req, HttpHeaders responseHeaders) {
        String offered = req.headers().get(HttpHeaderNames.SEC_WEBSOCKET_EXTENSIONS);
        if (offered == null) return null;
        PerMessageDeflateServerExtensionHandshaker handshaker = new PerMessageDeflateServerExtensionHandshaker();
        for (WebSocketExtensionData data : WebSocketExtensionUtil.extractExtensions(offered)) {
            WebSocketServerExtension ext = handshaker.handshakeExtension(data);
            if (ext != null) {
                WebSocketExtensionData answer = ext.newReponseData();
                StringBuilder sb = new StringBuilder(answer.name());
                answer.parameters().forEach((k, v) -> {
                    sb.append("; ").append(k);
                    if (v != null) sb.append('=').append(v);
                });
                responseHeaders.set(HttpHeaderNames.SEC_WEBSOCKET_EXTENSIONS, sb.toString());
                return ext;
            }
        }
        return null;
    }
}
