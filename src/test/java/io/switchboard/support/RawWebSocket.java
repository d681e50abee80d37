package io.switchboard.support;

/** WebSocket checks that need the raw bytes on the wire. */
public final class RawWebSocket {
    private RawWebSocket() {
    }

    /**
     * Announces one binary frame of {@code size} bytes over a raw socket (the frame header alone is
     * enough for the server to refuse it) and returns the status code of the close frame it answers
     * with; a JDK client may see its own send fail first, so the close is read here byte by byte.
     */
    public static int oversizedFrameCloseCode(int port, String path, long size) throws Exception {
        try (java.net.Socket s = new java.net.Socket("127.0.0.1", port)) {
            s.setSoTimeout(10_000);
            var out = s.getOutputStream();
            var in = new java.io.DataInputStream(s.getInputStream());
            out.write(("GET " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: Upgrade\r\nUpgrade: websocket\r\n"
                    + "Sec-WebSocket-Version: 13\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n\r\n").getBytes(java.nio.charset.StandardCharsets.US_ASCII));
            StringBuilder head = new StringBuilder();
            while (!head.toString().endsWith("\r\n\r\n")) head.append((char) in.readUnsignedByte());
            if (!head.toString().startsWith("HTTP/1.1 101")) throw new AssertionError(head.toString());
            java.nio.ByteBuffer h = java.nio.ByteBuffer.allocate(14);
            h.put((byte) 0x82).put((byte) (0x80 | 127)).putLong(size).putInt(0x01020304); // FIN+binary, masked, 64-bit length
            out.write(h.array());
            out.flush();
            while (true) { // skip the server's greeting frames until its close frame
                int b0 = in.readUnsignedByte();
                int len = in.readUnsignedByte() & 0x7f;
                long n = len == 126 ? in.readUnsignedShort() : len == 127 ? in.readLong() : len;
                byte[] payload = new byte[(int) n];
                in.readFully(payload);
                if ((b0 & 0x0f) == 0x8) return ((payload[0] & 0xff) << 8) | (payload[1] & 0xff);
            }
        }
    }

}
