package io.switchboard.imap;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * Folder names are stored as IMAP4rev1 sends them, in modified UTF-7 (RFC 3501 §5.1.3). An
 * IMAP4rev2 client (after ENABLE IMAP4rev2) sends and receives them in UTF-8 (RFC 9051 §5.1), so
 * its names are converted at the edge: UTF-8 to modified UTF-7 on the way in, back on the way out.
 */
final class MailboxNames {
    private MailboxNames() {
    }

    private static final char[] B64 = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+,".toCharArray();

    /** Unicode text to modified UTF-7. */
    static String encode(String name) {
        StringBuilder out = new StringBuilder();
        int i = 0;
        while (i < name.length()) {
            char c = name.charAt(i);
            if (c >= 0x20 && c <= 0x7e) {
                out.append(c == '&' ? "&-" : String.valueOf(c));
                i++;
                continue;
            }
            int j = i;
            while (j < name.length() && (name.charAt(j) < 0x20 || name.charAt(j) > 0x7e)) j++;
            byte[] utf16 = name.substring(i, j).getBytes(StandardCharsets.UTF_16BE);
            out.append('&');
            int bits = 0;
            int acc = 0;
            for (byte b : utf16) {
                acc = acc << 8 | (b & 0xff);
                bits += 8;
                while (bits >= 6) {
                    bits -= 6;
                    out.append(B64[acc >> bits & 0x3f]);
                }
            }
            if (bits > 0) out.append(B64[acc << (6 - bits) & 0x3f]);
            out.append('-');
            i = j;
        }
        return out.toString();
    }

    /** Modified UTF-7 to Unicode text; a malformed shift is left as it is. */
    static String decode(String stored) {
        StringBuilder out = new StringBuilder();
        int i = 0;
        while (i < stored.length()) {
            char c = stored.charAt(i);
            int end = c == '&' ? stored.indexOf('-', i + 1) : -1;
            if (c != '&' || end < 0) {
                out.append(c);
                i++;
                continue;
            }
            if (end == i + 1) {
                out.append('&');
            } else {
                ByteBuffer bytes = ByteBuffer.allocate((end - i) * 6 / 8 + 1);
                int acc = 0;
                int bits = 0;
                boolean ok = true;
                for (int k = i + 1; k < end; k++) {
                    int v = value(stored.charAt(k));
                    if (v < 0) {
                        ok = false;
                        break;
                    }
                    acc = acc << 6 | v;
                    bits += 6;
                    if (bits >= 8) {
                        bits -= 8;
                        bytes.put((byte) (acc >> bits));
                    }
                }
                bytes.flip();
                if (ok && bytes.remaining() % 2 == 0) out.append(StandardCharsets.UTF_16BE.decode(bytes));
                else out.append(stored, i, end + 1);
            }
            i = end + 1;
        }
        return out.toString();
    }

    private static int value(char c) {
        if (c >= 'A' && c <= 'Z') return c - 'A';
        if (c >= 'a' && c <= 'z') return c - 'a' + 26;
        if (c >= '0' && c <= '9') return c - '0' + 52;
        if (c == '+') return 62;
        if (c == ',') return 63;
        return -1;
    }

    /** A stored name as this session sees it on the wire, quoted (or a literal when it holds UTF-8). */
    static String wire(ImapSession s, String stored) {
        if (!s.rev2.enabled) return MessageView.quote(stored);
        String name = decode(stored);
        if (name.indexOf('\r') >= 0 || name.indexOf('\n') >= 0 || name.indexOf('\0') >= 0) return MessageView.quote(name);
        // RFC 9051 §9: a quoted string may hold UTF-8; the output is written one char per octet
        byte[] utf8 = name.replace("\\", "\\\\").replace("\"", "\\\"").getBytes(StandardCharsets.UTF_8);
        return "\"" + new String(utf8, StandardCharsets.ISO_8859_1) + "\"";
    }
}
