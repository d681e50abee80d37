package io.switchboard.mail;

import org.apache.james.mime4j.codec.DecodeMonitor;
import org.apache.james.mime4j.codec.DecoderUtil;
import org.apache.james.mime4j.dom.Body;
import org.apache.james.mime4j.dom.Entity;
import org.apache.james.mime4j.dom.Message;
import org.apache.james.mime4j.dom.Multipart;
import org.apache.james.mime4j.dom.TextBody;
import org.apache.james.mime4j.message.DefaultMessageBuilder;
import org.apache.james.mime4j.stream.MimeConfig;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * An RFC 5322 message split into its raw header fields (kept byte-exact for DKIM) and the few
 * facts the {@code mail} table records: addresses, subject, first text part, attachments.
 */
public final class ParsedMessage {
    /** One header field as it appeared: name and the full raw field including folding, without the final CRLF. */
    public record Header(String name, String raw) {
        /** The unfolded value after the colon, trimmed. */
        public String value() {
            int colon = raw.indexOf(':');
            return raw.substring(colon + 1).replace("\r\n", "").replace("\n", "").trim();
        }
    }

    /**
     * The {@code body} column keeps the first 16 KiB of characters of the text part: enough for
     * previews and the API's text filter, while the full message stays in blob storage (IMAP serves
     * and searches it from there). It was 64 KiB; profiles of 100 KB deliveries showed the mail
     * writer thread, which commits every delivery, spending most of its time hashing and serializing
     * those strings (H2 rewrites a whole leaf page, with its neighbours' bodies, per commit).
     */
    public static final int MAX_BODY_TEXT = 16_384;

    private final byte[] raw;
    private final List<Header> headers;
    private final int bodyOffset;

    private ParsedMessage(byte[] raw, List<Header> headers, int bodyOffset) {
        this.raw = raw;
        this.headers = headers;
        this.bodyOffset = bodyOffset;
    }

    /** Splits the header block (RFC 5322 §2.2: fields, folded lines start with WSP) from the body. */
    public static ParsedMessage parse(byte[] raw) {
        List<Header> headers = new ArrayList<>();
        int pos = 0;
        int n = raw.length;
        StringBuilder current = null;
        int bodyOffset = n;
        while (pos < n) {
            int eol = pos;
            while (eol < n && raw[eol] != '\n') eol++;
            int lineEnd = eol > pos && raw[eol - 1] == '\r' ? eol - 1 : eol;
            if (lineEnd == pos) { // empty line: end of the header block
                bodyOffset = Math.min(n, eol + 1);
                break;
            }
            String line = new String(raw, pos, lineEnd - pos, StandardCharsets.UTF_8);
            if ((line.charAt(0) == ' ' || line.charAt(0) == '\t') && current != null) {
                current.append("\r\n").append(line);
            } else if (line.indexOf(':') > 0) {
                if (current != null) headers.add(field(current.toString()));
                current = new StringBuilder(line);
            } else {
                // not a header line: the body starts here (no empty separator line)
                bodyOffset = pos;
                break;
            }
            pos = eol + 1;
            if (pos >= n) bodyOffset = n;
        }
        if (current != null) headers.add(field(current.toString()));
        return new ParsedMessage(raw, headers, bodyOffset);
    }

    private static Header field(String raw) {
        return new Header(raw.substring(0, raw.indexOf(':')).trim(), raw);
    }

    public byte[] raw() {
        return raw;
    }

    public List<Header> headers() {
        return headers;
    }

    public int bodyOffset() {
        return bodyOffset;
    }

    /** The first field of that name (case-insensitive), decoded (RFC 2047), or null. */
    public String header(String name) {
        for (Header h : headers) {
            if (h.name().equalsIgnoreCase(name)) return DecoderUtil.decodeEncodedWords(h.value(), DecodeMonitor.SILENT);
        }
        return null;
    }

    public boolean has(String name) {
        return header(name) != null;
    }

    public List<Header> all(String name) {
        return headers.stream().filter(h -> h.name().equalsIgnoreCase(name)).toList();
    }

    /** The top-level media type in lower case, "text/plain" when absent (RFC 2045 §5.2). */
    public String mediaType() {
        String ct = header("Content-Type");
        if (ct == null) return "text/plain";
        int semi = ct.indexOf(';');
        return (semi < 0 ? ct : ct.substring(0, semi)).trim().toLowerCase(Locale.ROOT);
    }

    /** The first text/plain part (or the first text/* part), decoded, and whether attachments exist. */
    public record Content(String text, boolean hasAttachment, boolean htmlOnly) {
    }

    public Content content() {
        Content simple = singleTextPart();
        if (simple != null) return simple;
        try {
            MimeConfig cfg = new MimeConfig.Builder().setMaxLineLen(-1).setMaxHeaderLen(-1).setMaxHeaderCount(-1).build();
            DefaultMessageBuilder b = new DefaultMessageBuilder();
            b.setMimeEntityConfig(cfg);
            b.setDecodeMonitor(DecodeMonitor.SILENT);
            // bodies in memory: the default factory spills parts over 8 KiB to temporary files
            b.setBodyFactory(new org.apache.james.mime4j.message.BasicBodyFactory());
            Message m = b.parseMessage(new ByteArrayInputStream(raw));
            String[] text = new String[2];
            boolean[] attach = new boolean[1];
            walk(m, text, attach);
            String chosen = text[0] != null ? text[0] : text[1];
            return new Content(chosen, attach[0], text[0] == null && text[1] != null);
        } catch (IOException | RuntimeException e) {
            return new Content(null, false, false);
        }
    }

    private static final java.util.regex.Pattern CHARSET = java.util.regex.Pattern.compile("(?i);\\s*charset\\s*=\\s*\"?([^\";\\s]+)");

    /**
     * The common case without a MIME parse: one text/plain or text/html part, not encoded
     * (7bit/8bit/binary), not an attachment. Only the first {@link #MAX_BODY_TEXT} characters are
     * decoded. Null for anything else, which goes through mime4j.
     */
    private Content singleTextPart() {
        String type = mediaType();
        boolean html = type.equals("text/html");
        if (!html && !type.equals("text/plain")) return null;
        String ct = header("Content-Type");
        if (ct != null && ct.toLowerCase(Locale.ROOT).contains("name=")) return null;
        String cte = header("Content-Transfer-Encoding");
        if (cte != null && !cte.trim().equalsIgnoreCase("7bit") && !cte.trim().equalsIgnoreCase("8bit") && !cte.trim().equalsIgnoreCase("binary")) {
            return null;
        }
        String disposition = header("Content-Disposition");
        if (disposition != null && !disposition.trim().toLowerCase(Locale.ROOT).startsWith("inline")) return null;
        java.nio.charset.Charset cs = StandardCharsets.US_ASCII;
        java.util.regex.Matcher m = ct == null ? null : CHARSET.matcher(ct);
        if (m != null && m.find()) {
            try {
                cs = java.nio.charset.Charset.forName(m.group(1));
            } catch (IllegalArgumentException unknown) {
                return null;
            }
        }
        int from = Math.min(bodyOffset, raw.length);
        // at most 4 bytes per character in any charset we meet; cut the decoded text afterwards
        int len = (int) Math.min(raw.length - from, (long) MAX_BODY_TEXT * 4);
        String text = new String(raw, from, len, cs);
        if (text.length() > MAX_BODY_TEXT) text = text.substring(0, MAX_BODY_TEXT);
        return new Content(text, false, html);
    }

    private static void walk(Entity e, String[] text, boolean[] attach) throws IOException {
        Body body = e.getBody();
        if (body instanceof Multipart mp) {
            for (Entity part : mp.getBodyParts()) walk(part, text, attach);
            return;
        }
        if (body instanceof Message inner) {
            attach[0] = true;
            return;
        }
        String disposition = e.getDispositionType();
        if ("attachment".equalsIgnoreCase(disposition) || e.getFilename() != null) {
            attach[0] = true;
            return;
        }
        if (body instanceof TextBody tb) {
            String mime = e.getMimeType() == null ? "text/plain" : e.getMimeType().toLowerCase(Locale.ROOT);
            int slot = mime.equals("text/plain") ? 0 : mime.equals("text/html") ? 1 : -1;
            if (slot < 0 || text[slot] != null) return;
            StringBuilder sb = new StringBuilder();
            try (Reader r = tb.getReader()) {
                char[] buf = new char[8192];
                int k;
                while ((k = r.read(buf)) > 0 && sb.length() < MAX_BODY_TEXT) sb.append(buf, 0, k);
            }
            text[slot] = sb.length() > MAX_BODY_TEXT ? sb.substring(0, MAX_BODY_TEXT) : sb.toString();
        } else {
            attach[0] = true;
        }
    }

    /** The bare address of a mailbox header value such as {@code "Name" <a@b>}, lower-cased domain kept as is. */
    public static String address(String value) {
        if (value == null) return null;
        int lt = value.lastIndexOf('<');
        int gt = value.lastIndexOf('>');
        String a = lt >= 0 && gt > lt ? value.substring(lt + 1, gt) : value;
        return a.trim();
    }

    /** The domain after the last '@', lower case, or "" when none. */
    public static String domain(String address) {
        if (address == null) return "";
        int at = address.lastIndexOf('@');
        return at < 0 ? "" : address.substring(at + 1).trim().toLowerCase(Locale.ROOT);
    }
}
