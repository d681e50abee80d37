package io.switchboard.bench.load;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;

/**
 * One publisher connection: a plain HTTP/1.1 keep-alive socket that carries one request at a time. The next
 * request goes out only after the previous response arrived, so the server has published message {@code n}
 * of this connection before it receives {@code n + 1}: within one connection, publish order is send order,
 * and a subscriber that sees {@code n + 1} before {@code n} has found a real reordering. Across connections
 * no order exists (the server handles them concurrently), which is why every message names its connection.
 *
 * <p>Written on sockets instead of {@code java.net.http.HttpClient} because that client picks a pooled
 * connection per request: which connection carried which message, and so which order holds, was unknown.
 */
final class HttpPublishConnection implements AutoCloseable {
    private final URI url;
    private final byte[] headPrefix;
    private final int timeoutMillis;
    private Socket socket;
    private InputStream in;
    private OutputStream out;
    private int reconnects = -1;

    /** @param extraHeaders complete header lines, each ending in CRLF (e.g. an Authorization header) */
    HttpPublishConnection(URI url, String extraHeaders, int timeoutMillis) {
        this.url = url;
        this.timeoutMillis = timeoutMillis;
        String path = url.getRawPath() + (url.getRawQuery() == null ? "" : "?" + url.getRawQuery());
        this.headPrefix = ("POST " + path + " HTTP/1.1\r\nHost: " + url.getHost() + ":" + port() + "\r\n"
                + "Content-Type: application/json\r\n" + extraHeaders).getBytes(StandardCharsets.US_ASCII);
    }

    private int port() {
        return url.getPort() > 0 ? url.getPort() : 80;
    }

    /** Times the connection was opened again after the server closed it (or a request failed). */
    int reconnects() {
        return Math.max(0, reconnects);
    }

    /** Sends one POST and reads the whole response; returns the status, or throws (the socket is then closed). */
    Response post(byte[] body) throws IOException {
        if (socket == null) {
            open();
        }
        try {
            ByteArrayOutputStream req = new ByteArrayOutputStream(headPrefix.length + body.length + 32);
            req.write(headPrefix);
            req.write(("Content-Length: " + body.length + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            req.write(body);
            out.write(req.toByteArray());
            out.flush();
            return readResponse();
        } catch (IOException | RuntimeException e) {
            close();
            throw e;
        }
    }

    record Response(int status, String body) {
    }

    private void open() throws IOException {
        reconnects++;
        Socket s = new Socket();
        s.setTcpNoDelay(true);
        s.connect(new InetSocketAddress(url.getHost(), port()), timeoutMillis);
        s.setSoTimeout(timeoutMillis);
        socket = s;
        in = new BufferedInputStream(s.getInputStream(), 8192);
        out = s.getOutputStream();
    }

    private Response readResponse() throws IOException {
        String status = line();
        if (!status.startsWith("HTTP/1.")) {
            throw new IOException("not an HTTP response: " + status);
        }
        int code = Integer.parseInt(status.substring(9, 12));
        long length = -1;
        boolean chunked = false;
        boolean closeAfter = status.startsWith("HTTP/1.0");
        for (String h; !(h = line()).isEmpty(); ) {
            int colon = h.indexOf(':');
            if (colon < 0) {
                continue;
            }
            String name = h.substring(0, colon).trim();
            String value = h.substring(colon + 1).trim();
            if (name.equalsIgnoreCase("Content-Length")) {
                length = Long.parseLong(value);
            } else if (name.equalsIgnoreCase("Transfer-Encoding") && value.toLowerCase().contains("chunked")) {
                chunked = true;
            } else if (name.equalsIgnoreCase("Connection")) {
                closeAfter = value.equalsIgnoreCase("close");
            }
        }
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        if (chunked) {
            for (;;) {
                String size = line();
                int semi = size.indexOf(';');
                long n = Long.parseLong((semi < 0 ? size : size.substring(0, semi)).trim(), 16);
                if (n == 0) {
                    while (!line().isEmpty()) {
                        // trailers
                    }
                    break;
                }
                copy(n, body);
                line();
            }
        } else if (length >= 0) {
            copy(length, body);
        } else {
            closeAfter = true; // body until close: read it all
            in.transferTo(body);
        }
        if (closeAfter) {
            close();
        }
        return new Response(code, body.toString(StandardCharsets.UTF_8));
    }

    private void copy(long n, ByteArrayOutputStream to) throws IOException {
        byte[] buf = new byte[(int) Math.min(n, 8192)];
        while (n > 0) {
            int r = in.read(buf, 0, (int) Math.min(n, buf.length));
            if (r < 0) {
                throw new IOException("connection closed in a response body");
            }
            to.write(buf, 0, r);
            n -= r;
        }
    }

    private String line() throws IOException {
        StringBuilder sb = new StringBuilder(64);
        for (;;) {
            int c = in.read();
            if (c < 0) {
                throw new IOException("connection closed in a response head");
            }
            if (c == '\n') {
                int len = sb.length();
                if (len > 0 && sb.charAt(len - 1) == '\r') {
                    sb.setLength(len - 1);
                }
                return sb.toString();
            }
            sb.append((char) c);
        }
    }

    @Override
    public void close() {
        Socket s = socket;
        socket = null;
        if (s != null) {
            try {
                s.close();
            } catch (IOException ignored) {
                // closing anyway
            }
        }
    }
}
