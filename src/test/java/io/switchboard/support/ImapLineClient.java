package io.switchboard.support;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * A plain-socket IMAP client for tests that need control imaplib does not give: reading pushed
 * lines while in IDLE on one node as another node changes the folder, or not reading at all.
 * Lines are Latin-1; literals in responses are read as part of their line's text. Every read has
 * a socket timeout, so a missing response fails the test instead of hanging it.
 */
public final class ImapLineClient implements AutoCloseable {
    private final Socket socket;
    private final InputStream in;
    private final OutputStream out;
    private int tags;

    private ImapLineClient(Socket socket) throws IOException {
        this.socket = socket;
        this.in = new java.io.BufferedInputStream(socket.getInputStream());
        this.out = socket.getOutputStream();
    }

    /** Connects and reads the greeting. {@code receiveBuffer} &gt; 0 sets SO_RCVBUF before connecting (a slow reader). */
    public static ImapLineClient connect(String host, int port, int receiveBuffer) throws IOException {
        Socket s = new Socket();
        if (receiveBuffer > 0) s.setReceiveBufferSize(receiveBuffer);
        s.connect(new InetSocketAddress(host, port), 5000);
        s.setSoTimeout(30_000);
        ImapLineClient c = new ImapLineClient(s);
        String greeting = c.readLine();
        if (!greeting.startsWith("* OK")) throw new IOException("greeting: " + greeting);
        return c;
    }

    public static ImapLineClient login(String host, int port, String user, String password) throws IOException {
        ImapLineClient c = connect(host, port, 0);
        c.ok("LOGIN \"" + user + "\" \"" + password + "\"");
        return c;
    }

    public Socket socket() {
        return socket;
    }

    /** Sends a command with a new tag; returns the tag. */
    public String send(String command) throws IOException {
        String tag = "t" + (++tags);
        write(tag + " " + command + "\r\n");
        return tag;
    }

    public void write(String text) throws IOException {
        out.write(text.getBytes(StandardCharsets.ISO_8859_1));
        out.flush();
    }

    /** Runs a command; returns every line up to and including the tagged one. */
    public List<String> run(String command) throws IOException {
        return until(send(command));
    }

    /** Runs a command that must end in a tagged OK; returns the untagged lines before it. */
    public List<String> ok(String command) throws IOException {
        List<String> lines = run(command);
        String last = lines.get(lines.size() - 1);
        if (!last.split(" ", 3)[1].equals("OK")) throw new AssertionError(command + " -> " + lines);
        return lines.subList(0, lines.size() - 1);
    }

    /** Reads lines until the one tagged {@code tag} (included). */
    public List<String> until(String tag) throws IOException {
        List<String> lines = new ArrayList<>();
        while (true) {
            String l = readLine();
            lines.add(l);
            if (l.startsWith(tag + " ")) return lines;
        }
    }

    /** APPENDs a message with a LITERAL+ literal. */
    public void append(String mailbox, byte[] message) throws IOException {
        String tag = "t" + (++tags);
        out.write((tag + " APPEND " + mailbox + " {" + message.length + "+}\r\n").getBytes(StandardCharsets.US_ASCII));
        out.write(message);
        out.write("\r\n".getBytes(StandardCharsets.US_ASCII));
        out.flush();
        List<String> lines = until(tag);
        if (!lines.get(lines.size() - 1).startsWith(tag + " OK")) throw new AssertionError("APPEND -> " + lines);
    }

    /** One response line without CRLF; a literal announced at its end is read into the line. */
    public String readLine() throws IOException {
        StringBuilder line = new StringBuilder(raw());
        while (line.length() > 0 && line.charAt(line.length() - 1) == '}') {
            int open = line.lastIndexOf("{");
            if (open < 0) break;
            int n = Integer.parseInt(line.substring(open + 1, line.length() - 1).replace("+", ""));
            byte[] lit = in.readNBytes(n);
            if (lit.length < n) throw new IOException("connection closed inside a literal");
            line.append("\r\n").append(new String(lit, StandardCharsets.ISO_8859_1)).append(raw());
        }
        return line.toString();
    }

    private String raw() throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        int c;
        while ((c = in.read()) >= 0) {
            if (c == '\n') break;
            b.write(c);
        }
        if (c < 0 && b.size() == 0) throw new java.io.EOFException("connection closed");
        String s = b.toString(StandardCharsets.ISO_8859_1);
        return s.endsWith("\r") ? s.substring(0, s.length() - 1) : s;
    }

    /** What came until the server closed the connection: how many octets, and the last few hundred of them. */
    public record Drained(long octets, String tail) {
    }

    /** Reads and discards everything until the server closes the connection. */
    public Drained drainToEnd() throws IOException {
        long n = 0;
        byte[] buf = new byte[65536];
        byte[] tail = new byte[0];
        try {
            int r;
            while ((r = in.read(buf)) >= 0) {
                n += r;
                byte[] joined = new byte[Math.min(512, tail.length + r)];
                int fromBuf = Math.min(r, joined.length);
                int fromTail = joined.length - fromBuf;
                System.arraycopy(tail, tail.length - fromTail, joined, 0, fromTail);
                System.arraycopy(buf, r - fromBuf, joined, fromTail, fromBuf);
                tail = joined;
            }
        } catch (java.net.SocketException reset) {
            // a reset ends the connection as well
        }
        return new Drained(n, new String(tail, StandardCharsets.ISO_8859_1));
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
