package io.switchboard.imap;

import org.apache.james.mime4j.dom.Body;
import org.apache.james.mime4j.dom.Entity;
import org.apache.james.mime4j.dom.Header;
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
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A stored message as FETCH sees it: ENVELOPE and BODYSTRUCTURE from a real MIME parse (mime4j,
 * bodies kept transfer-encoded so sizes are octets on the wire, RFC 3501 §7.4.2). Messages up to
 * {@link SectionStream#IN_MEMORY_LIMIT} are read once and parsed in memory (the fastest path for them);
 * larger ones are parsed as they stream from storage, keeping header fields and counts only. The
 * answers are cached by blob key ({@link StructureCache}). Sections
 * (BODY[section], BINARY) are answered by {@link SectionStream} from offsets, not from this parse.
 */
final class MessageView {
    /** Where the stored bytes come from; read at most once, and only if an item needs them. */
    interface Source {
        byte[] load() throws IOException;
    }

    /** The stored message as a stream, for large messages whose structure is parsed without holding them. */
    interface Opener {
        InputStream open() throws IOException;
    }

    /** For /statistics and tests (process-wide): octets read by streamed ENVELOPE/BODYSTRUCTURE parses of large messages. */
    static final AtomicLong STRUCTURE_OCTETS_STREAMED = new AtomicLong();

    private final Source source;
    private final Opener opener;
    private final String cacheKey;
    private final boolean large;
    private byte[] raw;
    private Message parsed;

    MessageView(byte[] raw) {
        this.raw = raw;
        this.source = () -> raw;
        this.opener = null;
        this.cacheKey = null;
        this.large = false;
    }

    MessageView(Source source) {
        this(source, null, null, false);
    }

    /**
     * {@code cacheKey}: the message's blob key, under which its structures are cached ({@link StructureCache}),
     * or null for none. A {@code large} message is never held: its ENVELOPE alone is read from its
     * top-level header only, its structures from a streamed parse ({@link StreamedStructure}).
     */
    MessageView(Source source, Opener opener, String cacheKey, boolean large) {
        this.source = source;
        this.opener = opener;
        this.cacheKey = cacheKey;
        this.large = large;
    }

    private StructureCache.Structures cached() throws IOException {
        return StructureCache.get(cacheKey, () -> {
            if (!large) {
                Message m = parsed();
                StructureCache.Structures st = new StructureCache.Structures(envelope(m.getHeader()),
                        structure(m, true, MessageView::writtenSize), structure(m, false, MessageView::writtenSize));
                parsed = null; // the answers are kept; the tree is not needed any more
                return st;
            }
            StreamedStructure st;
            try (InputStream in = counted(opener.open())) {
                st = StreamedStructure.parse(in);
            }
            return streamedStructures(st);
        });
    }

    /** ENVELOPE, BODYSTRUCTURE and BODY from a streamed parse (package-private for the comparison test). */
    static StructureCache.Structures streamedStructures(StreamedStructure st) throws IOException {
        Sizer sizer = st::size;
        return new StructureCache.Structures(envelope(st.message.getHeader()), structure(st.message, true, sizer),
                structure(st.message, false, sizer));
    }

    /** The same from the in-memory parse of the whole message (package-private for the comparison test). */
    static StructureCache.Structures inMemoryStructures(byte[] raw) throws IOException {
        Message m = parse(raw);
        return new StructureCache.Structures(envelope(m.getHeader()), structure(m, true, MessageView::writtenSize),
                structure(m, false, MessageView::writtenSize));
    }

    /** ENVELOPE from the top-level header alone, read from the start of a stream and no further. */
    static String envelopeFromHeader(InputStream in) throws IOException {
        DefaultMessageBuilder b = new DefaultMessageBuilder();
        b.setMimeEntityConfig(MimeConfig.PERMISSIVE);
        return envelope(b.parseHeader(new HeaderOnly(in)));
    }

    /**
     * A stream that ends after the header's blank line (LF LF or LF CR LF, as {@link #bodyOffset}
     * finds it): mime4j's parser, even when stopped at the end of the header, reads on to the end.
     */
    private static final class HeaderOnly extends InputStream {
        private final InputStream in;
        /** The last octets seen: 1 after LF (and at the start: an empty header), 2 after LF CR; -1 once the blank line has been read. */
        private int state = 1;

        HeaderOnly(InputStream in) {
            this.in = new java.io.BufferedInputStream(in, 8192);
        }

        @Override
        public int read() throws IOException {
            if (state < 0) return -1;
            int c = in.read();
            if (c == '\n') state = state > 0 ? -1 : 1;
            else if (c == '\r' && state == 1) state = 2;
            else state = 0;
            return c;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            if (len == 0) return 0;
            int n = 0;
            while (n < len) {
                int c = read();
                if (c < 0) break;
                b[off + n++] = (byte) c;
                if (state < 0) break;
            }
            return n == 0 ? -1 : n;
        }
    }

    private static InputStream counted(InputStream in) {
        return new java.io.FilterInputStream(in) {
            @Override
            public int read() throws IOException {
                int c = super.read();
                if (c >= 0) STRUCTURE_OCTETS_STREAMED.incrementAndGet();
                return c;
            }

            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                int n = super.read(b, off, len);
                if (n > 0) STRUCTURE_OCTETS_STREAMED.addAndGet(n);
                return n;
            }
        };
    }

    byte[] raw() throws IOException {
        if (raw == null) raw = source.load();
        return raw;
    }

    private Message parsed() throws IOException {
        if (parsed == null) parsed = parse(raw());
        return parsed;
    }

    private static Message parse(byte[] raw) throws IOException {
        DefaultMessageBuilder b = new DefaultMessageBuilder();
        b.setMimeEntityConfig(MimeConfig.PERMISSIVE);
        b.setContentDecoding(false);
        return b.parseMessage(new ByteArrayInputStream(raw));
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

    /** Octets and lines of a body, as BODYSTRUCTURE reports them. */
    interface Sizer {
        StreamedStructure.Count size(Body body) throws IOException;
    }

    /**
     * A leaf body's stored octets; an embedded message as mime4j writes it out again. The writer
     * leaves transfer encodings as they are: the bodies were never decoded, and encoding them again
     * would give the size of a base64 of the base64 (RFC 3501 §7.4.2: size in its transfer encoding).
     */
    private static StreamedStructure.Count writtenSize(Body body) throws IOException {
        LineCounter out = new LineCounter();
        if (body instanceof SingleBody sb) sb.writeTo(out);
        else if (body instanceof Message m) AS_STORED.writeMessage(m, out);
        else AS_STORED.writeBody(body, out);
        return new StreamedStructure.Count(out.octets, out.lines);
    }

    private static final DefaultMessageWriter AS_STORED = new DefaultMessageWriter() {
        @Override
        protected OutputStream encodeStream(OutputStream out, String encoding, boolean binaryBody) {
            return out;
        }
    };

    private static final class LineCounter extends OutputStream {
        long octets;
        long lines;

        @Override
        public void write(int b) {
            octets++;
            if (b == '\n') lines++;
        }

        @Override
        public void write(byte[] b, int off, int len) {
            octets += len;
            for (int i = off; i < off + len; i++) if (b[i] == '\n') lines++;
        }
    }

    // ----------------------------------------------------------------- ENVELOPE (§7.4.2)

    String envelope() throws IOException {
        if (cacheKey == null) return envelope(parsed().getHeader());
        if (!large) return cached().envelope();
        StructureCache.Structures known = StructureCache.peek(cacheKey);
        if (known != null) return known.envelope();
        try (InputStream in = counted(opener.open())) {
            return envelopeFromHeader(in);
        }
    }

    private static String envelope(Header h) {
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
        return structure(parsed(), extensible, MessageView::writtenSize);
    }

    private static String structure(Entity e, boolean ext, Sizer sizer) throws IOException {
        Body body = e.getBody();
        ContentTypeField ct = (ContentTypeField) e.getHeader().getField("Content-Type");
        if (body instanceof Multipart mp) {
            StringBuilder b = new StringBuilder("(");
            for (Entity part : mp.getBodyParts()) b.append(structure(part, ext, sizer));
            b.append(' ').append(quote(mp.getSubType().toUpperCase(Locale.ROOT)));
            if (ext) b.append(' ').append(params(ct)).append(' ').append(disposition(e)).append(" NIL NIL");
            return b.append(')').toString();
        }
        String mime = e.getMimeType() == null ? "text/plain" : e.getMimeType();
        int slash = mime.indexOf('/');
        String type = (slash < 0 ? mime : mime.substring(0, slash)).toUpperCase(Locale.ROOT);
        String sub = (slash < 0 ? "" : mime.substring(slash + 1)).toUpperCase(Locale.ROOT);
        StreamedStructure.Count content = sizer.size(body);
        StringBuilder b = new StringBuilder("(");
        b.append(quote(type)).append(' ').append(quote(sub)).append(' ');
        String params = params(ct);
        if (params.equals("NIL") && type.equals("TEXT")) params = "(\"CHARSET\" \"US-ASCII\")";
        b.append(params).append(' ');
        b.append(nstring(fieldBody(e.getHeader().getField("Content-ID")))).append(' ');
        b.append(nstring(fieldBody(e.getHeader().getField("Content-Description")))).append(' ');
        String cte = e.getContentTransferEncoding();
        b.append(quote(cte == null ? "7BIT" : cte.toUpperCase(Locale.ROOT))).append(' ');
        b.append(content.octets());
        if (body instanceof Message inner) {
            b.append(' ').append(envelope(inner.getHeader())).append(' ').append(structure(inner, ext, sizer)).append(' ').append(content.lines());
        } else if (type.equals("TEXT")) {
            b.append(' ').append(content.lines());
        }
        if (ext) b.append(" NIL ").append(disposition(e)).append(" NIL NIL");
        return b.append(')').toString();
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
