package io.switchboard.http;

import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.FullHttpRequest;

/**
 * A path that upgrades to WebSocket (/live, /ws, /yjs ...). The dispatcher hands it the upgrade
 * request; from then on the endpoint owns the channel's pipeline.
 */
public interface WebSocketRoute {
    /** True when this route serves the (raw, undecoded) path. */
    boolean matches(String path);

    /**
     * Performs the handshake (or refuses it with an HTTP answer). Called on the event loop; the
     * request is released by the caller afterwards, so retain what must outlive the call.
     */
    void upgrade(ChannelHandlerContext ctx, FullHttpRequest request, ApiRequest apiRequest);
}
