package io.switchboard.ftp;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** A byte-level FTP client for the protocol tests: sends exact lines, reads whole replies. */
final class RawFtpClient implements AutoCloseable {
    record Reply(int code, String text) {
    }

    private final Socket socket;
    private final InputStream in;
    private final OutputStream out;

    RawFtpClient(int port) throws IOException {
        socket = new Socket();
        socket.setSoTimeout(20_000);
        socket.connect(new InetSocketAddress("127.0.0.1", port), 5000);
        in = socket.getInputStream();
        out = socket.getOutputStream();
    }

    Reply greeting() throws IOException {
        return read();
    }

    Reply login(String user, String password) throws IOException {
        greeting();
        Reply r = send("USER " + user);
        if (r.code() != 331) return r;
        return send("PASS " + password);
    }

    Reply send(String line) throws IOException {
        sendRaw((line + "\r\n").getBytes(StandardCharsets.UTF_8));
        return read();
    }

    void sendRaw(byte[] bytes) throws IOException {
        out.write(bytes);
        out.flush();
    }

    /** One reply, multi-line ones whole (RFC 959 section 4.2). */
    Reply read() throws IOException {
        String first = line();
        if (first == null) throw new IOException("connection closed");
        int code = Integer.parseInt(first.substring(0, 3));
        StringBuilder text = new StringBuilder(first);
        if (first.length() > 3 && first.charAt(3) == '-') {
            String end = first.substring(0, 3) + " ";
            for (int i = 0; i < 10_000; i++) {
                String l = line();
                if (l == null) throw new IOException("connection closed inside a multi-line reply");
                text.append('\n').append(l);
                if (l.startsWith(end)) break;
            }
        }
        return new Reply(code, text.toString());
    }

    private String line() throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        for (int i = 0; i < 100_000; i++) {
            int c = in.read();
            if (c < 0) return b.size() == 0 ? null : b.toString(StandardCharsets.UTF_8);
            if (c == '\n') break;
            if (c != '\r') b.write(c);
        }
        return b.toString(StandardCharsets.UTF_8);
    }

    /** EPSV and connect from {@code localAddress} (another loopback address to play the thief). */
    Socket passiveData(InetAddress localAddress) throws IOException {
        Reply r = send("EPSV");
        if (r.code() != 229) throw new IOException("EPSV failed: " + r);
        Matcher m = Pattern.compile("\\(\\|\\|\\|(\\d+)\\|\\)").matcher(r.text());
        if (!m.find()) throw new IOException("bad EPSV reply: " + r);
        Socket d = new Socket();
        d.setSoTimeout(20_000);
        if (localAddress != null) d.bind(new InetSocketAddress(localAddress, 0));
        d.connect(new InetSocketAddress("127.0.0.1", Integer.parseInt(m.group(1))), 5000);
        return d;
    }

    Socket passiveData() throws IOException {
        return passiveData(null);
    }

    /** LIST/NLST/MLSD/RETR over a fresh passive connection; returns the bytes and checks 150/226. */
    byte[] fetch(String command) throws IOException {
        try (Socket d = passiveData()) {
            Reply start = send(command);
            if (start.code() != 150) throw new IOException(command + " refused: " + start);
            byte[] bytes = d.getInputStream().readAllBytes();
            Reply end = read();
            if (end.code() != 226) throw new IOException(command + " did not complete: " + end);
            return bytes;
        }
    }

    String fetchText(String command) throws IOException {
        return new String(fetch(command), StandardCharsets.UTF_8);
    }

    /** STOR over a fresh passive connection; the final reply. */
    Reply store(String command, byte[] bytes) throws IOException {
        try (Socket d = passiveData()) {
            Reply start = send(command);
            if (start.code() != 150) return start;
            d.getOutputStream().write(bytes);
            d.close();
            return read();
        }
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
