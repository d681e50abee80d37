package io.switchboard.imap;

import org.apache.james.mime4j.codec.DecodeMonitor;
import org.apache.james.mime4j.codec.DecoderUtil;
import org.apache.james.mime4j.message.DefaultBodyDescriptorBuilder;
import org.apache.james.mime4j.stream.BodyDescriptor;
import org.apache.james.mime4j.stream.EntityState;
import org.apache.james.mime4j.stream.Field;
import org.apache.james.mime4j.stream.MimeConfig;
import org.apache.james.mime4j.stream.MimeTokenStream;
import org.apache.james.mime4j.stream.RecursionMode;
import org.apache.james.mime4j.util.CharsetUtil;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * The searchable text of a message for SEARCH BODY and TEXT (RFC 3501 §6.4.4, RFC 9051 §6.4.4):
 * header fields with their encoded words decoded (RFC 2047), and the content of every text part
 * with its transfer encoding removed (quoted-printable, base64) and read in its declared charset,
 * including text inside attached messages. Non-text parts (images, attachments) are not text and
 * are skipped. Lower-cased, so a search is a plain case-insensitive substring test. One streaming
 * pass with mime4j's token stream; nothing is built but the two strings.
 */
final class SearchText {
    private final String headers;
    private final String body;

    private SearchText(String headers, String body) {
        this.headers = headers;
        this.body = body;
    }

    /** BODY: the message's text parts. */
    boolean bodyContains(String lowerNeedle) {
        return body.contains(lowerNeedle);
    }

    /** TEXT: header fields and text parts. */
    boolean textContains(String lowerNeedle) {
        return headers.contains(lowerNeedle) || body.contains(lowerNeedle);
    }

    static SearchText of(byte[] raw) throws IOException {
        StringBuilder headers = new StringBuilder();
        StringBuilder body = new StringBuilder();
        MimeTokenStream tokens = new MimeTokenStream(MimeConfig.PERMISSIVE, DecodeMonitor.SILENT, new DefaultBodyDescriptorBuilder());
        tokens.setRecursionMode(RecursionMode.M_RECURSE);
        tokens.parse(new ByteArrayInputStream(raw));
        try {
            for (EntityState st = tokens.getState(); st != EntityState.T_END_OF_STREAM; st = tokens.next()) {
                if (st == EntityState.T_FIELD) {
                    Field f = tokens.getField();
                    headers.append(f.getName()).append(": ").append(decodeHeader(f.getBody())).append('\n');
                } else if (st == EntityState.T_BODY) {
                    BodyDescriptor d = tokens.getBodyDescriptor();
                    String mime = d.getMimeType() == null ? "text/plain" : d.getMimeType().toLowerCase(Locale.ROOT);
                    if (!mime.startsWith("text/")) continue;
                    byte[] encoded = tokens.getInputStream().readAllBytes();
                    body.append(new String(decode(encoded, d.getTransferEncoding()), charset(d.getCharset()))).append('\n');
                }
            }
        } catch (org.apache.james.mime4j.MimeException e) {
            // PERMISSIVE parsing rarely gives up; what was read so far is still searched
        }
        return new SearchText(headers.toString().toLowerCase(Locale.ROOT), body.toString().toLowerCase(Locale.ROOT));
    }

    /**
     * Removes a content transfer encoding (RFC 2045 §6). Done here over the whole part in one
     * array pass: mime4j's decoding streams work a byte at a time and were most of a search's cost.
     */
    static byte[] decode(byte[] b, String transferEncoding) {
        String te = transferEncoding == null ? "" : transferEncoding.toLowerCase(Locale.ROOT);
        if (te.equals("base64")) {
            try {
                return java.util.Base64.getMimeDecoder().decode(b);
            } catch (IllegalArgumentException e) {
                return b; // damaged base64: searched as it is
            }
        }
        if (!te.equals("quoted-printable")) return b;
        byte[] out = new byte[b.length];
        int o = 0;
        for (int i = 0; i < b.length; i++) {
            byte c = b[i];
            if (c != '=') {
                out[o++] = c;
                continue;
            }
            // soft line break: "=" then optional whitespace then CRLF or LF
            int j = i + 1;
            while (j < b.length && (b[j] == ' ' || b[j] == '\t')) j++;
            if (j < b.length && (b[j] == '\r' || b[j] == '\n')) {
                i = b[j] == '\r' && j + 1 < b.length && b[j + 1] == '\n' ? j + 1 : j;
                continue;
            }
            int hi = i + 2 < b.length ? Character.digit(b[i + 1], 16) : -1;
            int lo = hi >= 0 ? Character.digit(b[i + 2], 16) : -1;
            if (hi >= 0 && lo >= 0) {
                out[o++] = (byte) (hi << 4 | lo);
                i += 2;
            } else {
                out[o++] = c; // not an escape: kept as it is (RFC 2045 §6.7 note 1)
            }
        }
        return java.util.Arrays.copyOf(out, o);
    }

    /** A header value with RFC 2047 encoded words decoded; unfolded. */
    static String decodeHeader(String value) {
        if (value == null) return "";
        String unfolded = value.replaceAll("\r?\n[ \t]", " ");
        try {
            return DecoderUtil.decodeEncodedWords(unfolded, DecodeMonitor.SILENT);
        } catch (IllegalArgumentException e) {
            return unfolded;
        }
    }

    /** The part's declared charset; unknown or missing ones read as UTF-8 (US-ASCII is a subset). */
    private static Charset charset(String name) {
        if (name == null || name.isEmpty()) return StandardCharsets.UTF_8;
        Charset c = CharsetUtil.lookup(name);
        return c == null ? StandardCharsets.UTF_8 : c;
    }
}
