package io.switchboard.imap;

import java.io.ByteArrayInputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Answers BODY[section], BINARY[section], BINARY.SIZE and RFC822.HEADER/TEXT (RFC 3501 §6.4.5,
 * RFC 3516) from the {@link MimeLayout} of the message: the section's offsets are found once per
 * stored message (cached by blob key), and its octets are copied, or decoded, from storage in
 * chunks under write backpressure ({@link ImapSession#rawStream}). A large message is never in
 * memory whole, whatever the number of sessions fetching it; small ones are sliced from the copy
 * the FETCH loaded anyway.
 */
final class SectionStream {
    private SectionStream() {
    }

    /** Messages up to this size are read whole into memory (one read, then slices); larger ones are streamed. */
    static final long IN_MEMORY_LIMIT = 1024 * 1024;
    private static final int CACHE_ENTRIES = 4096;

    /** For /statistics and tests (process-wide): octets section FETCHes streamed from large messages, and octets FETCH loaded whole into memory. */
    static final AtomicLong STREAMED_OCTETS = new AtomicLong();
    static final AtomicLong LOADED_WHOLE_OCTETS = new AtomicLong();

    /** Stored messages never change under a blob key, so their layouts are cached by it. */
    private static final Map<String, MimeLayout> LAYOUTS = new LinkedHashMap<>(256, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, MimeLayout> e) {
            return size() > CACHE_ENTRIES;
        }
    };

    static Map<String, Object> stats() {
        return Map.of("section_octets_streamed", STREAMED_OCTETS.get(), "message_octets_loaded_whole", LOADED_WHOLE_OCTETS.get(),
                "structure_octets_streamed", MessageView.STRUCTURE_OCTETS_STREAMED.get());
    }

    static MimeLayout layout(ImapStore.Msg m, MessageView v, ImapStore store, long size) throws IOException {
        String key = m.blob();
        synchronized (LAYOUTS) {
            MimeLayout l = LAYOUTS.get(key);
            if (l != null) return l;
        }
        MimeLayout l;
        if (size <= IN_MEMORY_LIMIT) {
            l = MimeLayout.scan(new ByteArrayInputStream(v.raw()));
        } else {
            try (InputStream in = store.openRaw(m)) {
                l = MimeLayout.scan(in);
            }
        }
        synchronized (LAYOUTS) {
            LAYOUTS.put(key, l);
        }
        return l;
    }

    /** The octets of one section: where they lie, and how they are transformed on the way out. */
    private record Range(MimeLayout.Part part, long from, long to, boolean decode) {
    }

    /** Writes the item (label, literal or size) into the session's output. */
    static void write(FetchItem f, ImapStore.Msg m, MessageView v, ImapSession out, ImapStore store) throws Exception {
        long size = store.rawSize(m);
        String kind = f.kind();
        String spec = f.spec();
        // the top-level header, which clients ask of every message, needs no layout: only the octets up to the blank line
        if (kind.equals("RFC822.HEADER") || kind.equals("BODY") && f.part().length == 0 && spec.startsWith("HEADER")) {
            byte[] header = topHeader(m, v, store, size);
            if (spec.startsWith("HEADER.FIELDS")) header = MessageView.headerFields(header, f.fields(), spec.endsWith(".NOT"));
            literalBytes(out, kind.equals("RFC822.HEADER") ? "RFC822.HEADER" : f.label(), header, f.start(), f.length());
            return;
        }
        MimeLayout l = layout(m, v, store, size);
        if (kind.equals("RFC822.TEXT")) {
            literal(out, "RFC822.TEXT", m, v, store, size, new Range(l.root, l.root.bodyStart, l.root.end, false), -1, -1);
            return;
        }
        if (!kind.equals("BODY") && !spec.isEmpty()) throw ImapException.bad("BINARY takes part numbers only");
        MimeLayout.Part e = l.entity(f.part());
        if (!kind.equals("BODY")) {
            Range r = new Range(e, e.bodyStart, e.end, true);
            if (!Set7.contains(e.cte) && !e.cte.equals("base64") && !e.cte.equals("quoted-printable")) {
                throw ImapException.no("[UNKNOWN-CTE] Unknown Content-Transfer-Encoding " + e.cte);
            }
            if (kind.equals("BINARY.SIZE")) {
                out.raw(f.label() + " " + decodedSize(r, m, v, store, size));
                return;
            }
            literal(out, f.label(), m, v, store, size, r, f.start(), f.length());
            return;
        }
        boolean top = f.part().length == 0;
        switch (spec) {
            case "" -> literal(out, f.label(), m, v, store, size, new Range(e, e.bodyStart, e.end, false), f.start(), f.length());
            case "MIME" -> literal(out, f.label(), m, v, store, size, new Range(e, e.headerStart, e.bodyStart, false), f.start(), f.length());
            case "HEADER", "TEXT", "HEADER.FIELDS", "HEADER.FIELDS.NOT" -> {
                MimeLayout.Part msg = top ? l.root : e.embedded;
                if (msg == null) throw ImapException.no("Not a message part");
                if (spec.equals("TEXT")) {
                    literal(out, f.label(), m, v, store, size, new Range(msg, msg.bodyStart, msg.end, false), f.start(), f.length());
                } else if (spec.equals("HEADER")) {
                    literal(out, f.label(), m, v, store, size, new Range(msg, msg.headerStart, msg.bodyStart, false), f.start(), f.length());
                } else {
                    byte[] header = read(m, v, store, size, msg.headerStart, msg.bodyStart);
                    byte[] fields = MessageView.headerFields(header, f.fields(), spec.endsWith(".NOT"));
                    literalBytes(out, f.label(), fields, f.start(), f.length());
                }
            }
            default -> throw ImapException.bad(ImapReplies.BAD_ARGS);
        }
    }

    /** Header reads past this size fall back to the layout (a header this long is an abuse, not mail). */
    private static final int MAX_STREAMED_HEADER = 4 * 1024 * 1024;

    /** The message's header with its blank line, read from the start of storage only as far as needed. */
    private static byte[] topHeader(ImapStore.Msg m, MessageView v, ImapStore store, long size) throws IOException {
        if (size <= IN_MEMORY_LIMIT) return MessageView.header(v.raw());
        MimeLayout cached;
        synchronized (LAYOUTS) {
            cached = LAYOUTS.get(m.blob());
        }
        if (cached == null) {
            java.io.ByteArrayOutputStream acc = new java.io.ByteArrayOutputStream();
            byte[] buf = new byte[16 * 1024];
            try (InputStream in = store.openRaw(m)) {
                int n;
                while (acc.size() < MAX_STREAMED_HEADER && (n = in.read(buf)) > 0) {
                    int from = Math.max(0, acc.size() - 2);
                    acc.write(buf, 0, n);
                    byte[] sofar = acc.toByteArray();
                    int end = MessageView.bodyOffset(sofar, from);
                    if (end < sofar.length) return java.util.Arrays.copyOf(sofar, end);
                }
                if (acc.size() < MAX_STREAMED_HEADER) return acc.toByteArray(); // no blank line: all header
            }
            cached = layout(m, v, store, size);
        }
        return read(m, v, store, size, 0, cached.root.bodyStart);
    }

    private static final java.util.Set<String> Set7 = java.util.Set.of("7bit", "8bit", "binary");

    /** "label {n}\r\n" then the (partial) range, copied or decoded from storage. */
    private static void literal(ImapSession out, String label, ImapStore.Msg m, MessageView v, ImapStore store, long size, Range r,
                                long start, long length) throws Exception {
        long total = r.decode ? decodedSize(r, m, v, store, size) : Math.max(0, r.to - r.from);
        long from = start >= 0 ? Math.min(start, total) : 0;
        long len = start >= 0 ? Math.min(total - from, length) : total;
        // RFC 3516 §4.2: decoded content with a NUL goes as literal8
        boolean nul = r.decode && r.part.decodedHasNul;
        out.raw(label + " " + (nul ? "~" : "") + "{" + len + "}\r\n");
        if (len == 0) return;
        try (InputStream in = open(r, m, v, store, size)) {
            in.skipNBytes(from);
            out.rawStream(in, len);
        }
        if (size > IN_MEMORY_LIMIT) STREAMED_OCTETS.addAndGet(len);
    }

    private static void literalBytes(ImapSession out, String label, byte[] b, long start, long length) {
        int from = start >= 0 ? (int) Math.min(start, b.length) : 0;
        int len = start >= 0 ? (int) Math.min(b.length - from, length) : b.length;
        out.raw(label + " {" + len + "}\r\n");
        out.raw(java.util.Arrays.copyOfRange(b, from, from + len));
    }

    /** The range's octets as the client gets them: raw, or with the part's transfer encoding removed. */
    private static InputStream open(Range r, ImapStore.Msg m, MessageView v, ImapStore store, long size) throws IOException {
        InputStream raw;
        long len = Math.max(0, r.to - r.from);
        if (size <= IN_MEMORY_LIMIT) {
            raw = new ByteArrayInputStream(v.raw(), (int) r.from, (int) len);
        } else {
            InputStream whole = store.openRaw(m);
            whole.skipNBytes(r.from);
            raw = new Bounded(whole, len);
        }
        if (!r.decode) return raw;
        return switch (r.part.cte.toLowerCase(Locale.ROOT)) {
            case "base64" -> Base64.getMimeDecoder().wrap(new java.io.BufferedInputStream(raw, 64 * 1024));
            case "quoted-printable" -> new java.io.BufferedInputStream(
                    new org.apache.james.mime4j.codec.QuotedPrintableInputStream(new java.io.BufferedInputStream(raw, 64 * 1024)), 64 * 1024);
            default -> raw;
        };
    }

    /**
     * The decoded length of a part (what BINARY's literal and BINARY.SIZE announce, RFC 3516 §4.2),
     * found by decoding it once without keeping the output, and remembered in the cached layout.
     */
    private static long decodedSize(Range r, ImapStore.Msg m, MessageView v, ImapStore store, long size) throws IOException {
        MimeLayout.Part p = r.part;
        if (p.decodedSize >= 0) return p.decodedSize;
        long n = 0;
        boolean nul = false;
        byte[] buf = new byte[64 * 1024];
        try (InputStream in = open(r, m, v, store, size)) {
            int k;
            while ((k = in.read(buf)) > 0) {
                n += k;
                if (!nul) for (int i = 0; i < k; i++) if (buf[i] == 0) {
                    nul = true;
                    break;
                }
            }
        }
        p.decodedHasNul = nul;
        p.decodedSize = n;
        return n;
    }

    private static byte[] read(ImapStore.Msg m, MessageView v, ImapStore store, long size, long from, long to) throws IOException {
        try (InputStream in = open(new Range(null, from, to, false), m, v, store, size)) {
            return in.readNBytes((int) Math.min(Integer.MAX_VALUE - 16, Math.max(0, to - from)));
        }
    }

    /** At most {@code left} octets of the wrapped stream. */
    private static final class Bounded extends FilterInputStream {
        private long left;

        Bounded(InputStream in, long left) {
            super(in);
            this.left = left;
        }

        @Override
        public int read() throws IOException {
            if (left <= 0) return -1;
            int c = super.read();
            if (c >= 0) left--;
            return c;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            if (left <= 0) return -1;
            int n = super.read(b, off, (int) Math.min(len, left));
            if (n > 0) left -= n;
            return n;
        }

        @Override
        public long skip(long n) throws IOException {
            long k = super.skip(Math.min(n, left));
            left -= k;
            return k;
        }
    }
}
