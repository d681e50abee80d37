package io.switchboard.ftp;

import java.util.List;

/**
 * One reply (RFC 959 section 4.2): a three-digit code and one or more text lines. Multi-line
 * replies go out as {@code code-first}, the middle lines indented by a space, {@code code last}.
 */
public record FtpReply(int code, List<String> lines) {
    public FtpReply {
        if (code < 100 || code > 599) throw new IllegalArgumentException("reply code " + code);
        lines = List.copyOf(lines);
        if (lines.isEmpty()) throw new IllegalArgumentException("empty reply");
    }

    public static FtpReply of(int code, String text) {
        return new FtpReply(code, List.of(text));
    }

    /** The reply as sent on the wire, CRLF-terminated. CR and LF inside a text line become spaces. */
    public String wire() {
        StringBuilder sb = new StringBuilder();
        if (lines.size() == 1) return sb.append(code).append(' ').append(clean(lines.get(0))).append("\r\n").toString();
        sb.append(code).append('-').append(clean(lines.get(0))).append("\r\n");
        for (int i = 1; i < lines.size() - 1; i++) sb.append(' ').append(clean(lines.get(i))).append("\r\n");
        return sb.append(code).append(' ').append(clean(lines.get(lines.size() - 1))).append("\r\n").toString();
    }

    private static String clean(String s) {
        return s.replace('\r', ' ').replace('\n', ' ');
    }
}
