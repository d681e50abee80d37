package io.switchboard.imap;

import org.apache.james.mime4j.dom.Body;
import org.apache.james.mime4j.dom.Entity;
import org.apache.james.mime4j.dom.Message;
import org.apache.james.mime4j.dom.Multipart;
import org.apache.james.mime4j.dom.SingleBody;
import org.apache.james.mime4j.dom.address.Address;
import org.apache.james.mime4j.dom.address.AddressList;
import org.apache.james.mime4j.dom.address.Group;
import org.apache.james.mime4j.dom.address.Mailbox;
import org.apache.james.mime4j.dom.field.ContentDispositionField;
import org.apache.james.mime4j.dom.field.ContentTypeField;
import org.apache.james.mime4j.field.address.DefaultAddressParser;
import org.apache.james.mime4j.message.DefaultMessageBuilder;
import org.apache.james.mime4j.message.DefaultMessageWriter;
import org.apache.james.mime4j.stream.Field;
import org.apache.james.mime4j.stream.MimeConfig;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * A stored message as FETCH sees it: ENVELOPE and BODYSTRUCTURE from a real MIME parse (mime4j,
 * bodies kept transfer-encoded so sizes are octets on the wire, RFC 3501 §7.4.2). Sections
 * (BODY[section], BINARY) are answered by {@link SectionStream} from offsets, not from this parse.
 */
final class MessageView {
    /** Where the stored bytes come from; read at most once, and only if an item needs them. */
    interface Source {
        byte[] load() throws IOException;
    }

    private final Source source;
    private final String cacheKey;
    private byte[] raw;
    private Message parsed;

    MessageView(byte[] raw) {
        this.raw = raw;
        this.source = () -> raw;
        this.cacheKey = null;
    }

    MessageView(Source source) {
        this(source, null);
    }

    /** {@code cacheKey}: the blob key of a large message, whose structures are cached ({@link StructureCache}); else null. */
    MessageView(Source source, String cacheKey) {
        this.source = source;
        this.cacheKey = cacheKey;
    }

    private StructureCache.Structures cached() throws IOException {
        return StructureCache.get(cacheKey, () -> {
            Message m = parsed();
            StructureCache.Structures st = new StructureCache.Structures(envelope(m), structure(m, true), structure(m, false));
            // the parse and the bytes are not needed any more: let them go before the response is written
            parsed = null;
            raw = null;
            return st;
        });
    }

    byte[] raw() throws IOException {
        if (raw == null) raw = source.load();
        return raw;
    }

    private Message parsed() throws IOException {
        if (parsed == null) {
            DefaultMessageBuilder b = new DefaultMessageBuilder();
            b.setMimeEntityConfig(MimeConfig.PERMISSIVE);
            b.setContentDecoding(false);
            parsed = b.parseMessage(new ByteArrayInputStream(raw()));
        }
        return parsed;
    }

    // ----------------------------------------------------------------- raw header and text

    static int bodyOffset(byte[] b) {
        return bodyOffset(b, 0);
    }

    /** Where the body starts (after the header's blank line), looking from {@code from}; b.length when there is none yet. */
    static int bodyOffset(byte[] b, int from) {
        for (int i = from; i < b.length; i++) {
            if (b[i] == '\n' && i + 1 < b.length && b[i + 1] == '\n') return i + 2;
            if (b[i] == '\n' && i + 2 < b.length && b[i + 1] == '\r' && b[i + 2] == '\n') return i + 3;
        }
        return b.length;
    }

    static byte[] header(byte[] b) {
        return java.util.Arrays.copyOf(b, bodyOffset(b));
    }

    static byte[] text(byte[] b) {
        return java.util.Arrays.copyOfRange(b, bodyOffset(b), b.length);
    }

    /** The header fields named (or, with {@code not}, all others), then the blank line. */
    static byte[] headerFields(byte[] b, Set<String> names, boolean not) {
        String h = new String(header(b), StandardCharsets.ISO_8859_1);
        StringBuilder out = new StringBuilder();
        StringBuilder field = null;
        boolean keep = false;
        for (String line : h.split("(?<=\n)")) {
            if (line.equals("\r\n") || line.equals("\n")) break;
            if (line.startsWith(" ") || line.startsWith("\t")) {
                if (keep && field != null) field.append(line);
                continue;
            }
            if (keep && field != null) out.append(field);
            int colon = line.indexOf(':');
            String name = colon < 0 ? "" : line.substring(0, colon).trim().toUpperCase(Locale.ROOT);
            keep = names.contains(name) != not && colon > 0;
            field = new StringBuilder(line);
        }
        if (keep && field != null) out.append(field);
        out.append("\r\n");
        return out.toString().getBytes(StandardCharsets.ISO_8859_1);
    }

    private static byte[] bodyBytes(Body body) throws IOException {
        if (body instanceof SingleBody sb) {
            try (var in = sb.getInputStream()) {
                return in.readAllBytes();
            }
        }
        ByteArrayOutputStream o = new ByteArrayOutputStream();
        DefaultMessageWriter w = new DefaultMessageWriter();
        if (body instanceof Message m) w.writeMessage(m, o);
        else w.writeBody(body, o);
        return o.toByteArray();
    }

    // ----------------------------------------------------------------- ENVELOPE (§7.4.2)

    String envelope() throws IOException {
        return cacheKey != null ? cached().envelope() : envelope(parsed());
    }

    private static String envelope(Entity m) {
        var h = m.getHeader();
        StringBuilder b = new StringBuilder("(");
        b.append(nstring(fieldBody(h.getField("Date")))).append(' ');
        b.append(nstring(fieldBody(h.getField("Subject")))).append(' ');
        String from = addresses(fieldBody(h.getField("From")));
        String sender = addresses(fieldBody(h.getField("Sender")));
        String replyTo = addresses(fieldBody(h.getField("Reply-To")));
        b.append(from).append(' ');
        b.append(sender.equals("NIL") ? from : sender).append(' ');
        b.append(replyTo.equals("NIL") ? from : replyTo).append(' ');
        b.append(addresses(fieldBody(h.getField("To")))).append(' ');
        b.append(addresses(fieldBody(h.getField("Cc")))).append(' ');
        b.append(addresses(fieldBody(h.getField("Bcc")))).append(' ');
        b.append(nstring(fieldBody(h.getField("In-Reply-To")))).append(' ');
        b.append(nstring(fieldBody(h.getField("Message-ID")))).append(')');
        return b.toString();
    }

    private static String fieldBody(Field f) {
        if (f == null) return null;
        String s = f.getBody();
        return s == null ? null : s.replaceAll("\r?\n[ \t]", " ").trim();
    }

    private static String addresses(String value) {
        if (value == null || value.isBlank()) return "NIL";
        AddressList list;
        try {
            list = DefaultAddressParser.DEFAULT.parseAddressList(value);
        } catch (Exception e) {
            return "NIL";
        }
        if (list == null || list.isEmpty()) return "NIL";
        StringBuilder b = new StringBuilder("(");
        for (Address a : list) {
            if (a instanceof Mailbox mb) {
                mailbox(b, mb);
            } else if (a instanceof Group g) {
                b.append("(NIL NIL ").append(nstring(g.getName())).append(" NIL)");
                for (Mailbox mb : g.getMailboxes()) mailbox(b, mb);
                b.append("(NIL NIL NIL NIL)");
            }
        }
        return b.append(')').toString();
    }

    private static void mailbox(StringBuilder b, Mailbox mb) {
        b.append('(').append(nstring(mb.getName())).append(" NIL ").append(nstring(mb.getLocalPart())).append(' ')
                .append(nstring(mb.getDomain())).append(')');
    }

    // ----------------------------------------------------------------- BODYSTRUCTURE (§7.4.2)

    String bodyStructure(boolean extensible) throws IOException {
        if (cacheKey != null) return extensible ? cached().bodyStructure() : cached().body();
        return structure(parsed(), extensible);
    }

    private static String structure(Entity e, boolean ext) throws IOException {
        Body body = e.getBody();
        ContentTypeField ct = (ContentTypeField) e.getHeader().getField("Content-Type");
        if (body instanceof Multipart mp) {
            StringBuilder b = new StringBuilder("(");
            for (Entity part : mp.getBodyParts()) b.append(structure(part, ext));
            b.append(' ').append(quote(mp.getSubType().toUpperCase(Locale.ROOT)));
            if (ext) b.append(' ').append(params(ct)).append(' ').append(disposition(e)).append(" NIL NIL");
            return b.append(')').toString();
        }
        String mime = e.getMimeType() == null ? "text/plain" : e.getMimeType();
        int slash = mime.indexOf('/');
        String type = (slash < 0 ? mime : mime.substring(0, slash)).toUpperCase(Locale.ROOT);
        String sub = (slash < 0 ? "" : mime.substring(slash + 1)).toUpperCase(Locale.ROOT);
        byte[] content = bodyBytes(body);
        StringBuilder b = new StringBuilder("(");
        b.append(quote(type)).append(' ').append(quote(sub)).append(' ');
        String params = params(ct);
        if (params.equals("NIL") && type.equals("TEXT")) params = "(\"CHARSET\" \"US-ASCII\")";
        b.append(params).append(' ');
        b.append(nstring(fieldBody(e.getHeader().getField("Content-ID")))).append(' ');
        b.append(nstring(fieldBody(e.getHeader().getField("Content-Description")))).append(' ');
        String cte = e.getContentTransferEncoding();
        b.append(quote(cte == null ? "7BIT" : cte.toUpperCase(Locale.ROOT))).append(' ');
        b.append(content.length);
        if (body instanceof Message inner) {
            b.append(' ').append(envelope(inner)).append(' ').append(structure(inner, ext)).append(' ').append(lines(content));
        } else if (type.equals("TEXT")) {
            b.append(' ').append(lines(content));
        }
        if (ext) b.append(" NIL ").append(disposition(e)).append(" NIL NIL");
        return b.append(')').toString();
    }

    private static long lines(byte[] b) {
        long n = 0;
        for (byte c : b) if (c == '\n') n++;
        return n;
    }

    private static String params(ContentTypeField ct) {
        if (ct == null) return "NIL";
        Map<String, String> p = ct.getParameters();
        if (p == null || p.isEmpty()) return "NIL";
        List<String> items = new ArrayList<>();
        for (var en : p.entrySet()) {
            if (en.getKey().equalsIgnoreCase("boundary") && ct.isMultipart()) {
                items.add(quote("BOUNDARY") + " " + quote(en.getValue()));
            } else {
                items.add(quote(en.getKey().toUpperCase(Locale.ROOT)) + " " + quote(en.getValue()));
            }
        }
        return "(" + String.join(" ", items) + ")";
    }

    private static String disposition(Entity e) {
        if (!(e.getHeader().getField("Content-Disposition") instanceof ContentDispositionField d) || d.getDispositionType() == null) {
            return "NIL";
        }
        Map<String, String> p = d.getParameters();
        String ps = "NIL";
        if (p != null && !p.isEmpty()) {
            List<String> items = new ArrayList<>();
            for (var en : p.entrySet()) items.add(quote(en.getKey().toUpperCase(Locale.ROOT)) + " " + quote(en.getValue()));
            ps = "(" + String.join(" ", items) + ")";
        }
        return "(" + quote(d.getDispositionType().toUpperCase(Locale.ROOT)) + " " + ps + ")";
    }

    /** A quoted string, or a literal when the text cannot be quoted (RFC 3501 §4.3). */
    static String nstring(String s) {
        return s == null ? "NIL" : quote(s);
    }

    static String quote(String s) {
        boolean plain = true;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '\r' || c == '\n' || c > 126 || c == 0) {
                plain = false;
                break;
            }
        }
        if (!plain) {
            byte[] b = s.getBytes(StandardCharsets.UTF_8);
            return "{" + b.length + "}\r\n" + new String(b, StandardCharsets.ISO_8859_1);
        }
        return "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }
}
