package io.switchboard.http;

import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpContentCompressor;
import io.netty.handler.codec.http.HttpDecoderConfig;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMessage;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.compression.StandardCompressionOptions;
import io.netty.handler.timeout.IdleStateHandler;
import io.switchboard.Json;
import io.switchboard.config.ConfigKeys;
import io.switchboard.net.ProtocolServer;

import java.net.InetSocketAddress;
import java.util.List;

/** The HTTP/1.1 API listener on {@code http.port}: codec, gzip, body limit, dispatcher. */
public final class HttpServer extends ProtocolServer {
    /** Longest request line and header block we accept. */
    static final int MAX_INITIAL_LINE = 8192;
    static final int MAX_HEADER_SIZE = 16384;
    /** Responses smaller than this are not worth compressing. */
    static final int COMPRESS_THRESHOLD = 1024;
    /** How long a connection that sent an oversized body may keep sending (discarded) before it is closed. */
    static final int OVERSIZED_LINGER_SECONDS = 5;
    /** Idle keep-alive connections are closed after this long. */
    static final int IDLE_SECONDS = 120;

    private final HttpContext http;

    public HttpServer(HttpContext http) {
        super("http");
        this.http = http;
    }

    public HttpContext context() {
        return http;
    }

    @Override
    protected List<Listener> listeners() {
        return List.of(new Listener(new InetSocketAddress(http.config().get(ConfigKeys.HTTP_BIND),
                http.config().getInt(ConfigKeys.HTTP_PORT)), TlsMode.NONE));
    }

    @Override
    protected void initChannel(SocketChannel ch, Listener listener) {
        ChannelPipeline p = ch.pipeline();
        p.addLast("idle", new IdleStateHandler(0, 0, IDLE_SECONDS));
        p.addLast("codec", new HttpServerCodec(new HttpDecoderConfig()
                .setMaxInitialLineLength(MAX_INITIAL_LINE).setMaxHeaderSize(MAX_HEADER_SIZE).setMaxChunkSize(65536)));
        p.addLast("compressor", new HttpContentCompressor(COMPRESS_THRESHOLD,
                StandardCompressionOptions.gzip(), StandardCompressionOptions.deflate()));
        p.addLast("streamed-uploads", new StreamedUploadHandler(http.streamedUploads()));
        p.addLast("aggregator", new JsonBodyLimit(http.config().getInt(ConfigKeys.HTTP_MAX_BODY)));
        p.addLast("chunked", new io.netty.handler.stream.ChunkedWriteHandler());
        p.addLast("dispatcher", new HttpDispatcher(http));
    }

    /** The aggregator with a JSON:API 413 instead of Netty's empty one. */
    static final class JsonBodyLimit extends HttpObjectAggregator {
        JsonBodyLimit(int maxContentLength) {
            super(maxContentLength, true);
        }

        @Override
        protected void handleOversizedMessage(ChannelHandlerContext ctx, HttpMessage oversized) {
            byte[] body = Json.bytes(JsonErrors.body(HttpResponseStatus.REQUEST_ENTITY_TOO_LARGE,
                    "request body larger than " + maxContentLength() + " bytes"));
            FullHttpResponse r = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.REQUEST_ENTITY_TOO_LARGE,
                    Unpooled.wrappedBuffer(body));
            r.headers().set(HttpHeaderNames.CONTENT_TYPE, ApiResponse.JSON);
            r.headers().set(HttpHeaderNames.CONTENT_LENGTH, body.length);
            r.headers().set(HttpHeaderNames.CONNECTION, "close");
            r.headers().set(HttpHeaderNames.SERVER, "Switchboard");
            // The rest of the body is still on the wire. Closing at once would make the kernel reset
            // the connection (unread input) and the client could lose the 413; so shut our side,
            // let the aggregator discard what still arrives, and close a little later.
            ctx.writeAndFlush(r).addListener(f -> {
                if (ctx.channel() instanceof io.netty.channel.socket.SocketChannel sc && sc.isActive()) {
                    sc.shutdownOutput();
                    ctx.executor().schedule(() -> ctx.close(), OVERSIZED_LINGER_SECONDS, java.util.concurrent.TimeUnit.SECONDS);
                } else {
                    ctx.close();
                }
            });
        }
    }
}
