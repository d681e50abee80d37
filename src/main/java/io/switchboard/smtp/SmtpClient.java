package io.switchboard.smtp;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509TrustManager;
import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;

/**
 * A small blocking SMTP client for outgoing mail (runs on the blocking executor): EHLO, STARTTLS
 * when offered (opportunistic, RFC 3207), AUTH PLAIN when credentials are given, one envelope,
 * whose DSN parameters are passed on when the next hop advertises DSN (RFC 3461 §5.2.1).
 */
final class SmtpClient {
    /** A failed delivery; {@code permanent} for 5xx answers (RFC 5321 §4.2.1). */
    static final class DeliveryException extends Exception {
        final boolean permanent;

        DeliveryException(String message, boolean permanent) {
            super(message);
            this.permanent = permanent;
        }
    }

    private static final int TIMEOUT_MILLIS = 30_000;
    private static final int MAX_REPLY_LINE = 4096;

    private record Reply(int code, List<String> lines) {
        String text() {
            return String.join(" / ", lines);
        }
    }

    /** One envelope with its DSN parameters as received (RFC 3461; null when absent). */
    record Envelope(String from, String to, String dsnNotify, String orcpt, String ret, String envid) {
    }

    /** A delivery the next hop accepted; {@code dsnPassedOn} when it speaks DSN, so reporting is now its job (RFC 3461 §5.2.1). */
    record Delivered(String host, boolean dsnPassedOn) {
    }

    private SmtpClient() {
    }

    static Delivered send(String host, int port, String heloName, String user, String password, Envelope env, byte[] message)
            throws DeliveryException {
        try (Socket plain = new Socket()) {
            plain.connect(new InetSocketAddress(host, port), TIMEOUT_MILLIS);
            plain.setSoTimeout(TIMEOUT_MILLIS);
            Socket s = plain;
            InputStream in = new BufferedInputStream(s.getInputStream());
            OutputStream out = s.getOutputStream();
            expect(read(in), 220, "greeting");
            Reply ehlo = command(in, out, "EHLO " + heloName, 250);
            if (has(ehlo, "STARTTLS")) {
                command(in, out, "STARTTLS", 220);
                SSLSocket tls = (SSLSocket) trustAll().getSocketFactory().createSocket(plain, host, port, false);
                tls.setEnabledProtocols(new String[]{"TLSv1.3", "TLSv1.2"});
                tls.startHandshake();
                s = tls;
                in = new BufferedInputStream(s.getInputStream());
                out = s.getOutputStream();
                ehlo = command(in, out, "EHLO " + heloName, 250);
            }
            if (user != null && !user.isEmpty()) {
                String token = Base64.getEncoder().encodeToString(("\0" + user + "\0" + password).getBytes(StandardCharsets.UTF_8));
                command(in, out, "AUTH PLAIN " + token, 235);
            }
            boolean dsn = has(ehlo, "DSN");
            StringBuilder mail = new StringBuilder("MAIL FROM:<").append(env.from()).append('>');
            if (has(ehlo, "8BITMIME")) mail.append(" BODY=8BITMIME");
            if (dsn && env.ret() != null) mail.append(" RET=").append(env.ret());
            if (dsn && env.envid() != null) mail.append(" ENVID=").append(env.envid());
            StringBuilder rcpt = new StringBuilder("RCPT TO:<").append(env.to()).append('>');
            if (dsn && env.dsnNotify() != null) rcpt.append(" NOTIFY=").append(env.dsnNotify());
            if (dsn && env.orcpt() != null) rcpt.append(" ORCPT=").append(env.orcpt());
            command(in, out, mail.toString(), 250);
            command(in, out, rcpt.toString(), 250);
            command(in, out, "DATA", 354);
            out.write(dotStuff(message));
            out.write(".\r\n".getBytes(StandardCharsets.US_ASCII));
            out.flush();
            expect(read(in), 250, "end of data");
            try {
                command(in, out, "QUIT", 221);
            } catch (DeliveryException | IOException ignored) {
                // delivered already; a rude goodbye changes nothing
            }
            return new Delivered(host, dsn);
        } catch (IOException e) {
            throw new DeliveryException(host + ":" + port + ": " + e.getMessage(), false);
        }
    }

    private static boolean has(Reply ehlo, String keyword) {
        for (String l : ehlo.lines()) if (l.toUpperCase(Locale.ROOT).startsWith(keyword)) return true;
        return false;
    }

    private static Reply command(InputStream in, OutputStream out, String line, int expected) throws IOException, DeliveryException {
        out.write((line + "\r\n").getBytes(StandardCharsets.UTF_8));
        out.flush();
        return expect(read(in), expected, line.startsWith("AUTH") ? "AUTH" : line);
    }

    private static Reply expect(Reply r, int expected, String what) throws DeliveryException {
        if (r.code() == expected || expected == 250 && r.code() == 251) return r;
        throw new DeliveryException(what + ": " + r.code() + " " + r.text(), r.code() >= 500);
    }

    /** A possibly multi-line reply (RFC 5321 §4.2.1). */
    private static Reply read(InputStream in) throws IOException {
        List<String> lines = new ArrayList<>();
        while (true) {
            String l = readLine(in);
            if (l.length() < 3) throw new IOException("bad reply: " + l);
            lines.add(l.length() > 4 ? l.substring(4) : "");
            if (l.length() == 3 || l.charAt(3) != '-') {
                try {
                    return new Reply(Integer.parseInt(l.substring(0, 3)), lines);
                } catch (NumberFormatException e) {
                    throw new IOException("bad reply: " + l);
                }
            }
            if (lines.size() > 100) throw new IOException("reply too long");
        }
    }

    private static String readLine(InputStream in) throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        int c;
        while ((c = in.read()) != -1) {
            if (c == '\n') break;
            if (c != '\r') b.write(c);
            if (b.size() > MAX_REPLY_LINE) throw new IOException("reply line too long");
        }
        if (c == -1) throw new IOException("connection closed");
        return b.toString(StandardCharsets.UTF_8);
    }

    /** RFC 5321 §4.5.2: a leading dot is doubled; the message ends with CRLF. */
    static byte[] dotStuff(byte[] m) {
        ByteArrayOutputStream o = new ByteArrayOutputStream(m.length + 64);
        boolean lineStart = true;
        for (byte b : m) {
            if (lineStart && b == '.') o.write('.');
            o.write(b);
            lineStart = b == '\n';
        }
        if (m.length > 0 && m[m.length - 1] != '\n') o.writeBytes("\r\n".getBytes(StandardCharsets.US_ASCII));
        return o.toByteArray();
    }

    /** A client context that encrypts without verifying the peer (opportunistic TLS; the tests use it too). */
    static SSLContext trustAll() throws IOException {
        try {
            SSLContext ctx = SSLContext.getInstance("TLS");
            ctx.init(null, new TrustManager[]{new X509TrustManager() {
                @Override
                public void checkClientTrusted(X509Certificate[] chain, String authType) {
                }

                @Override
                public void checkServerTrusted(X509Certificate[] chain, String authType) {
                    // opportunistic TLS (RFC 7435): encrypt even when the peer's certificate is not verifiable
                }

                @Override
                public X509Certificate[] getAcceptedIssuers() {
                    return new X509Certificate[0];
                }
            }}, null);
            return ctx;
        } catch (Exception e) {
            throw new IOException(e);
        }
    }
}
