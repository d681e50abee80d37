package io.switchboard.http;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.util.ReferenceCountUtil;
import io.switchboard.Json;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Sits before the aggregator: bodies of registered {@link StreamedUploads} routes go to a
 * temporary file chunk by chunk (never whole in memory) and continue as one {@link StreamedRequest};
 * everything else passes through untouched. Over the route's limit: 413 and the connection closes.
 * Writes go to the page cache on the event loop (no fsync here; the handler forces the file).
 */
final class StreamedUploadHandler extends ChannelInboundHandlerAdapter {
    private final StreamedUploads uploads;
    private HttpRequest head;
    private Path file;
    private FileChannel channel;
    private long written;
    private long max;
    private boolean discarding;

    StreamedUploadHandler(StreamedUploads uploads) {
        this.uploads = uploads;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) throws Exception {
        if (discarding) {
            ReferenceCountUtil.release(msg);
            return;
        }
        if (msg instanceof HttpRequest req && head == null && !(msg instanceof io.netty.handler.codec.http.FullHttpRequest)) {
            StreamedUploads.Route r = uploads.isEmpty() ? null : uploads.match(req.method().name(), req.uri());
            if (r == null || req.decoderResult().isFailure()) {
                ctx.fireChannelRead(msg);
                return;
            }
            max = r.maxBytes().getAsLong();
            if (HttpUtil.getContentLength(req, -1L) > max) {
                tooLarge(ctx);
                ReferenceCountUtil.release(msg);
                return;
            }
            if (HttpUtil.is100ContinueExpected(req)) {
                ctx.writeAndFlush(new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.CONTINUE, Unpooled.EMPTY_BUFFER));
                req.headers().remove(HttpHeaderNames.EXPECT);
            }
            Files.createDirectories(r.tmpDir());
            head = req;
            file = Files.createTempFile(r.tmpDir(), "upload-", ".tmp");
            channel = FileChannel.open(file, StandardOpenOption.WRITE);
            written = 0;
            if (msg instanceof HttpContent c) append(ctx, c);
            return;
        }
        if (head != null && msg instanceof HttpContent c) {
            append(ctx, c);
            return;
        }
        ctx.fireChannelRead(msg);
    }

    private void append(ChannelHandlerContext ctx, HttpContent c) throws IOException {
        try {
            ByteBuf b = c.content();
            written += b.readableBytes();
            if (written > max) {
                abort();
                tooLarge(ctx);
                return;
            }
            while (b.isReadable()) b.readBytes(channel, b.readableBytes());
        } finally {
            c.release();
        }
        if (c instanceof LastHttpContent) {
            channel.close();
            channel = null;
            StreamedRequest full = new StreamedRequest(head, file, written);
            head = null;
            file = null;
            ctx.fireChannelRead(full);
        }
    }

    private void tooLarge(ChannelHandlerContext ctx) {
        discarding = true;
        byte[] body = Json.bytes(JsonErrors.body(HttpResponseStatus.REQUEST_ENTITY_TOO_LARGE, "upload larger than " + max + " bytes"));
        FullHttpResponse r = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.REQUEST_ENTITY_TOO_LARGE,
                Unpooled.wrappedBuffer(body));
        r.headers().set(HttpHeaderNames.CONTENT_TYPE, ApiResponse.JSON);
        r.headers().set(HttpHeaderNames.CONTENT_LENGTH, body.length);
        r.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
        r.headers().set(HttpHeaderNames.SERVER, "Switchboard");
        // the rest of the body is still on the wire: answer and close rather than parse it as a request
        ctx.writeAndFlush(r).addListener(ChannelFutureListener.CLOSE);
    }

    private void abort() {
        try {
            if (channel != null) channel.close();
            if (file != null) Files.deleteIfExists(file);
        } catch (IOException ignored) {
            // best effort
        }
        channel = null;
        file = null;
        head = null;
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) throws Exception {
        abort();
        super.channelInactive(ctx);
    }
}
