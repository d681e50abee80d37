package io.switchboard.smtp;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;

/**
 * SPF macro expansion (RFC 7208 §7): {@code %{s} %{l} %{o} %{d} %{i} %{p} %{v} %{h}} (and, in
 * explanation strings only, {@code %{c} %{r} %{t}}), each with an optional digit count (keep that
 * many right-hand parts), {@code r} (reverse) and delimiters to split on ({@code .-+,/_=}, default
 * "."); upper-case letters URL-escape the result; {@code %%}, {@code %_} and {@code %-} are "%",
 * a space and "%20". Malformed macros are a syntax error, which check_host() turns into permerror.
 */
final class SpfMacro {
    /** A macro string that does not follow §7.1. */
    static final class SyntaxError extends Exception {
        SyntaxError(String message) {
            super(message);
        }
    }

    /**
     * What the letters stand for in one check_host() call: the sender (MAIL FROM, or
     * postmaster@HELO), the current domain, the client address, the HELO name, and for
     * explanations the receiving host and the time.
     */
    record Context(String sender, String domain, InetAddress ip, String helo, String receiver, long epochSeconds) {
        Context withDomain(String d) {
            return new Context(sender, d, ip, helo, receiver, epochSeconds);
        }

        String localPart() {
            int at = sender.lastIndexOf('@');
            return at <= 0 ? "postmaster" : sender.substring(0, at);
        }

        String senderDomain() {
            int at = sender.lastIndexOf('@');
            return at < 0 ? sender : sender.substring(at + 1);
        }
    }

    private static final String DELIMITERS = ".-+,/_=";
    /** §7.3: a name used in a query is cut from the left to at most 253 characters. */
    static final int MAX_DOMAIN = 253;

    private SpfMacro() {
    }

    /** Expands a domain-spec (§7.1 macro-string) for a DNS query, shortened as §7.3 says. */
    static String domain(String spec, Context ctx) throws SyntaxError {
        return truncate(expand(spec, ctx, false));
    }

    /** Expands a macro-string; {@code explanation} also allows c, r and t (§7.2). */
    static String expand(String spec, Context ctx, boolean explanation) throws SyntaxError {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < spec.length(); i++) {
            char c = spec.charAt(i);
            if (c != '%') {
                if (c < 0x21 || c > 0x7e) {
                    if (!(explanation && c == ' ')) throw new SyntaxError("character not allowed in a macro string: " + (int) c);
                }
                out.append(c);
                continue;
            }
            if (++i >= spec.length()) throw new SyntaxError("lone % at the end");
            char n = spec.charAt(i);
            switch (n) {
                case '%' -> out.append('%');
                case '_' -> out.append(' ');
                case '-' -> out.append("%20");
                case '{' -> {
                    int close = spec.indexOf('}', i);
                    if (close < 0) throw new SyntaxError("unclosed macro");
                    out.append(macro(spec.substring(i + 1, close), ctx, explanation));
                    i = close;
                }
                default -> throw new SyntaxError("% followed by " + n);
            }
        }
        return out.toString();
    }

    /** One {@code letter [digits] [r] [delimiters]} body. */
    private static String macro(String body, Context ctx, boolean explanation) throws SyntaxError {
        if (body.isEmpty()) throw new SyntaxError("empty macro");
        char letter = body.charAt(0);
        boolean escape = Character.isUpperCase(letter);
        String value = value(Character.toLowerCase(letter), ctx, explanation);
        int pos = 1;
        int digitsStart = pos;
        while (pos < body.length() && Character.isDigit(body.charAt(pos))) pos++;
        int keep = -1;
        if (pos > digitsStart) {
            String digits = body.substring(digitsStart, pos);
            keep = digits.length() > 3 ? 128 : Integer.parseInt(digits);
            if (keep == 0) throw new SyntaxError("zero parts"); // §7.1: the count must be non-zero
        }
        boolean reverse = false;
        if (pos < body.length() && (body.charAt(pos) == 'r' || body.charAt(pos) == 'R')) {
            reverse = true;
            pos++;
        }
        String delimiters = body.substring(pos);
        for (char d : delimiters.toCharArray()) if (DELIMITERS.indexOf(d) < 0) throw new SyntaxError("bad delimiter " + d);
        if (keep > 0 || reverse || !delimiters.isEmpty()) {
            List<String> parts = split(value, delimiters.isEmpty() ? "." : delimiters);
            if (reverse) Collections.reverse(parts);
            if (keep > 0 && keep < parts.size()) parts = parts.subList(parts.size() - keep, parts.size());
            value = String.join(".", parts);
        }
        return escape ? urlEscape(value) : value;
    }

    private static String value(char letter, Context ctx, boolean explanation) throws SyntaxError {
        return switch (letter) {
            case 's' -> ctx.sender();
            case 'l' -> ctx.localPart();
            case 'o' -> ctx.senderDomain();
            case 'd' -> ctx.domain();
            case 'i' -> dotted(ctx.ip());
            // §5.5/§7.3: the validated PTR name; we do no PTR lookups (they are discouraged), so "unknown"
            case 'p' -> "unknown";
            case 'v' -> ctx.ip() instanceof Inet6Address ? "ip6" : "in-addr";
            case 'h' -> ctx.helo();
            case 'c', 'r', 't' -> {
                if (!explanation) throw new SyntaxError("%{" + letter + "} is only allowed in explanations");
                yield letter == 'c' ? ctx.ip().getHostAddress() : letter == 'r' ? ctx.receiver() : Long.toString(ctx.epochSeconds());
            }
            default -> throw new SyntaxError("unknown macro letter " + letter);
        };
    }

    /** §7.3: IPv4 in dotted quad, IPv6 as dot-separated nibbles. */
    static String dotted(InetAddress ip) {
        byte[] a = ip.getAddress();
        StringBuilder b = new StringBuilder();
        if (a.length == 4) {
            for (int i = 0; i < 4; i++) b.append(i == 0 ? "" : ".").append(a[i] & 0xff);
            return b.toString();
        }
        for (byte x : a) {
            b.append(b.length() == 0 ? "" : ".").append(Character.forDigit((x >> 4) & 0xf, 16)).append('.').append(Character.forDigit(x & 0xf, 16));
        }
        return b.toString();
    }

    private static List<String> split(String value, String delimiters) {
        List<String> parts = new ArrayList<>();
        int start = 0;
        for (int i = 0; i < value.length(); i++) {
            if (delimiters.indexOf(value.charAt(i)) >= 0) {
                parts.add(value.substring(start, i));
                start = i + 1;
            }
        }
        parts.add(value.substring(start));
        return parts;
    }

    /** §7.3: upper-case macros are escaped as URLs are (RFC 3986: only unreserved characters stay). */
    private static String urlEscape(String s) {
        StringBuilder b = new StringBuilder();
        for (byte x : s.getBytes(StandardCharsets.UTF_8)) {
            int c = x & 0xff;
            if (c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '-' || c == '.' || c == '_' || c == '~') {
                b.append((char) c);
            } else {
                b.append('%').append(String.format(Locale.ROOT, "%02X", c));
            }
        }
        return b.toString();
    }

    /** Removes labels from the left until the name fits in 253 characters (§7.3). */
    static String truncate(String name) {
        String n = name;
        while (n.length() > MAX_DOMAIN) {
            int dot = n.indexOf('.');
            if (dot < 0) return n.substring(n.length() - MAX_DOMAIN);
            n = n.substring(dot + 1);
        }
        return n;
    }
}
