package io.switchboard.imap;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Where each MIME part of a stored message lies, as octet offsets into the raw message (RFC 2045,
 * RFC 2046 §5.1.1): the part's header, its body, its children. Made by one streaming pass over the
 * message, line by line, so a 50 MB message never has to be in memory to answer BODY[2] or
 * BINARY[2]: the FETCH copies (or decodes) just that range from storage (see {@link SectionStream}).
 * Only the header lines of each part are kept, up to {@link #MAX_HEADER} octets.
 */
final class MimeLayout {
    /** Header text kept per part to find Content-Type and Content-Transfer-Encoding. */
    static final int MAX_HEADER = 64 * 1024;
    /** Multiparts and embedded messages followed per message; past that, bodies are opaque. */
    private static final int MAX_CONTAINERS = 10_000;

    /**
     * One entity: a message (the top one, or one inside a message/rfc822 part) or a body part.
     * {@code headerStart..bodyStart} is its header with the blank line, {@code bodyStart..end} its body.
     */
    static final class Part {
        final long headerStart;
        long bodyStart = -1;
        long end = -1;
        String type = "text";
        String subtype = "plain";
        String boundary;
        String cte = "7bit";
        /** Set for message/rfc822 parts: the message their body holds. */
        Part embedded;
        final List<Part> children = new ArrayList<>();
        final boolean digestChild;
        private final StringBuilder header = new StringBuilder();
        /** Decoded length and whether it holds a NUL (BINARY), found by a counting pass on first use. */
        volatile boolean decodedHasNul;
        /** Written after {@link #decodedHasNul}, so a reader that sees a size sees its NUL flag. */
        volatile long decodedSize = -1;

        Part(long headerStart, boolean digestChild) {
            this.headerStart = headerStart;
            this.digestChild = digestChild;
            if (digestChild) {
                type = "message";
                subtype = "rfc822";
            }
        }

        boolean multipart() {
            return type.equals("multipart") && boundary != null;
        }

        boolean message() {
            return type.equals("message") && subtype.equals("rfc822");
        }
    }

    final Part root;
    final long size;

    private MimeLayout(Part root, long size) {
        this.root = root;
        this.size = size;
    }

    /** The entity a part number (1-based, dotted) names, as IMAP numbers them (RFC 3501 §6.4.5); none names the message. */
    Part entity(int[] part) throws ImapException {
        Part e = root;
        for (int p : part) {
            Part inner = e.embedded != null ? e.embedded : e;
            if (inner.multipart()) {
                if (p < 1 || p > inner.children.size()) throw ImapException.no("No such body part");
                e = inner.children.get(p - 1);
            } else if (p == 1) {
                // a message that is not multipart has one part: its body
                e = inner;
            } else {
                throw ImapException.no("No such body part");
            }
        }
        return e;
    }

    // ----------------------------------------------------------------- the scan

    /** Scans the raw message once. */
    static MimeLayout scan(InputStream in) throws IOException {
        return new Scanner().run(in);
    }

    private static final class Scanner {
        /** The entity whose header is being read, or null while in a body. */
        private Part inHeader;
        /** Open multiparts, innermost last, with the child each is reading (null in preamble and epilogue). */
        private final List<Part> open = new ArrayList<>();
        private final List<Part> current = new ArrayList<>();
        /** Multiparts and embedded messages followed so far; past the cap, bodies are opaque. */
        private int containers;

        MimeLayout run(InputStream raw) throws IOException {
            LineReader r = new LineReader(raw);
            Part root = new Part(0, false);
            inHeader = root;
            int prevEol = 0;
            byte[] head;
            while ((head = r.next()) != null) {
                boolean delimiter = head.length >= 2 && head[0] == '-' && head[1] == '-' && !open.isEmpty()
                        && boundaryLine(head, r.lineStart - prevEol, r.position);
                if (!delimiter && inHeader != null) {
                    if (head.length == 0 && r.eol > 0) headerEnded(inHeader, r.position);
                    else if (inHeader.header.length() < MAX_HEADER) inHeader.header.append(new String(head, StandardCharsets.ISO_8859_1)).append('\n');
                }
                prevEol = r.eol;
            }
            long end = r.position;
            for (int i = open.size() - 1; i >= 0; i--) closeChild(i, end);
            if (root.bodyStart < 0) {
                // a header without a blank line: the body is empty
                parseHeader(root);
                root.bodyStart = end;
            }
            closeAll(root, end);
            return new MimeLayout(root, end);
        }

        /**
         * Whether this line is a delimiter of an open multipart; if so the parts it ends are closed
         * at {@code contentEnd} (the line break before a delimiter belongs to it, RFC 2046 §5.1.1).
         */
        private boolean boundaryLine(byte[] head, long contentEnd, long afterLine) {
            String text = new String(head, 2, head.length - 2, StandardCharsets.ISO_8859_1);
            for (int i = open.size() - 1; i >= 0; i--) {
                String b = open.get(i).boundary;
                if (!text.startsWith(b)) continue;
                String rest = text.substring(b.length());
                boolean close = rest.startsWith("--");
                if (!(close ? rest.substring(2) : rest).isBlank()) continue;
                // parts nested below this multipart end here too
                for (int k = open.size() - 1; k > i; k--) {
                    closeChild(k, contentEnd);
                    Part gone = open.remove(k);
                    current.remove(k);
                    closeAll(gone, contentEnd);
                }
                closeChild(i, contentEnd);
                Part mp = open.get(i);
                if (close) {
                    inHeader = null; // the epilogue belongs to the multipart's body, no entity of its own
                } else {
                    Part child = new Part(afterLine, mp.subtype.equals("digest"));
                    mp.children.add(child);
                    current.set(i, child);
                    inHeader = child;
                }
                return true;
            }
            return false;
        }

        private void closeChild(int i, long contentEnd) {
            Part child = current.get(i);
            if (child == null) return;
            if (child.bodyStart < 0) {
                // a part cut off inside its header: all header, empty body
                parseHeader(child);
                child.bodyStart = Math.max(child.headerStart, contentEnd);
            }
            closeAll(child, Math.max(contentEnd, child.bodyStart));
            current.set(i, null);
            if (inHeader == child || inHeader != null && inHeader.headerStart >= child.headerStart) inHeader = null;
        }

        /** Gives {@code p}, its embedded message and its children an end where they have none yet. */
        private void closeAll(Part p, long end) {
            if (p.end < 0) p.end = Math.max(end, p.bodyStart);
            if (p.embedded != null) {
                if (p.embedded.bodyStart < 0) {
                    parseHeader(p.embedded);
                    p.embedded.bodyStart = p.end;
                }
                closeAll(p.embedded, p.end);
            }
            for (Part c : p.children) {
                if (c.bodyStart < 0) {
                    parseHeader(c);
                    c.bodyStart = Math.max(c.headerStart, p.end);
                }
                closeAll(c, p.end);
            }
        }

        private void headerEnded(Part p, long bodyStart) {
            p.bodyStart = bodyStart;
            parseHeader(p);
            inHeader = null;
            if (containers >= MAX_CONTAINERS) return;
            if (p.multipart()) {
                containers++;
                open.add(p);
                current.add(null);
            } else if (p.message()) {
                containers++;
                p.embedded = new Part(bodyStart, false);
                inHeader = p.embedded;
            }
        }

        private static void parseHeader(Part p) {
            String h = p.header.toString().replaceAll("\n[ \t]+", " ");
            p.header.setLength(0);
            p.header.trimToSize();
            for (String line : h.split("\n")) {
                int colon = line.indexOf(':');
                if (colon <= 0) continue;
                String name = line.substring(0, colon).trim().toLowerCase(Locale.ROOT);
                String value = line.substring(colon + 1).trim();
                if (name.equals("content-type")) contentType(p, value);
                else if (name.equals("content-transfer-encoding")) p.cte = value.toLowerCase(Locale.ROOT).replaceAll("[\\s;(].*", "");
            }
        }

        private static void contentType(Part p, String value) {
            String[] params = value.split(";");
            String mime = params[0].trim().toLowerCase(Locale.ROOT);
            int slash = mime.indexOf('/');
            if (slash <= 0) return;
            p.type = mime.substring(0, slash).trim();
            p.subtype = mime.substring(slash + 1).trim();
            for (int i = 1; i < params.length; i++) {
                String kv = params[i].trim();
                int eq = kv.indexOf('=');
                if (eq <= 0 || !kv.substring(0, eq).trim().equalsIgnoreCase("boundary")) continue;
                String b = kv.substring(eq + 1).trim();
                if (b.length() >= 2 && b.startsWith("\"") && b.endsWith("\"")) b = b.substring(1, b.length() - 1);
                if (!b.isEmpty()) p.boundary = b;
            }
        }
    }

    /**
     * The raw message line by line: each line's head without its break (at most {@link #MAX_LINE_HEAD}
     * octets: a line is only ever compared with a delimiter or kept as header text), the length of
     * its break (0 at the end of input, 1 for LF, 2 for CRLF) and its offsets.
     */
    private static final class LineReader {
        private static final int MAX_LINE_HEAD = 8192;
        private final InputStream in;
        private final byte[] buf = new byte[64 * 1024];
        private int pos;
        private int lim;
        private final byte[] head = new byte[MAX_LINE_HEAD];
        long lineStart;
        long position;
        int eol;

        LineReader(InputStream in) {
            this.in = in;
        }

        byte[] next() throws IOException {
            lineStart = position;
            int headLen = 0;
            boolean lastWasCr = false;
            boolean any = false;
            while (true) {
                if (pos == lim) {
                    int n = in.read(buf, 0, buf.length);
                    pos = 0;
                    lim = Math.max(0, n);
                    if (n <= 0) {
                        if (!any) return null;
                        eol = 0;
                        if (lastWasCr && headLen > 0 && headLen < MAX_LINE_HEAD) headLen--;
                        return java.util.Arrays.copyOf(head, headLen);
                    }
                }
                any = true;
                byte c = buf[pos++];
                position++;
                if (c == '\n') {
                    eol = lastWasCr ? 2 : 1;
                    // the CR was copied into head as the line's last octet
                    int len = lastWasCr && headLen > 0 && rawLen(lineStart) - 1 <= MAX_LINE_HEAD ? headLen - 1 : headLen;
                    return java.util.Arrays.copyOf(head, len);
                }
                if (headLen < MAX_LINE_HEAD) head[headLen++] = c;
                lastWasCr = c == '\r';
            }
        }

        /** Octets of the current line read so far, its break included. */
        private long rawLen(long start) {
            return position - start;
        }
    }
}
