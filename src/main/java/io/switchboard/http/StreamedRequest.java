package io.switchboard.http;

import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http.DefaultFullHttpRequest;
import io.netty.handler.codec.http.HttpRequest;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** A request whose body was streamed to a file; the file is deleted when the request is released. */
final class StreamedRequest extends DefaultFullHttpRequest {
    private final Path bodyFile;
    private final long bodyLength;

    StreamedRequest(HttpRequest head, Path bodyFile, long bodyLength) {
        super(head.protocolVersion(), head.method(), head.uri(), Unpooled.EMPTY_BUFFER, head.headers(),
                io.netty.handler.codec.http.EmptyHttpHeaders.INSTANCE);
        setDecoderResult(head.decoderResult());
        this.bodyFile = bodyFile;
        this.bodyLength = bodyLength;
    }

    Path bodyFile() {
        return bodyFile;
    }

    long bodyLength() {
        return bodyLength;
    }

    /** The dispatcher releases each request once when it is answered; the (empty) content never frees itself. */
    @Override
    public boolean release() {
        boolean gone = super.release();
        try {
            Files.deleteIfExists(bodyFile);
        } catch (IOException ignored) {
            // a leftover temporary file is harmless; the directory is cleaned at start-up
        }
        return gone;
    }
}
