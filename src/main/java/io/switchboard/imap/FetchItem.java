package io.switchboard.imap;

import java.io.IOException;
import java.util.HashSet;
import java.util.Locale;
import java.util.Set;

/** One FETCH data item (RFC 3501 §6.4.5, RFC 3516 BINARY): kind plus, for sections, part, spec, field list and partial range. */
record FetchItem(String kind, String label, int[] part, String spec, Set<String> fields, long start, long length, boolean peek) {

    static FetchItem parse(String text) throws ImapException {
        String u = text.toUpperCase(Locale.ROOT);
        switch (u) {
            case "FLAGS", "UID", "INTERNALDATE", "RFC822.SIZE", "ENVELOPE", "BODYSTRUCTURE", "BODY", "RFC822", "RFC822.HEADER",
                 "RFC822.TEXT", "MODSEQ" -> {
                return new FetchItem(u, u, new int[0], "", Set.of(), -1, -1, false);
            }
            default -> {
            }
        }
        int lb = u.indexOf('[');
        if (lb < 0 || !u.endsWith("]") && !u.endsWith(">")) throw ImapException.bad("Unknown FETCH item " + text);
        String name = u.substring(0, lb);
        boolean peek = name.endsWith(".PEEK");
        String base = peek ? name.substring(0, name.length() - 5) : name;
        if (!base.equals("BODY") && !base.equals("BINARY") && !base.equals("BINARY.SIZE")) throw ImapException.bad("Unknown FETCH item " + text);
        int rb = u.lastIndexOf(']');
        if (rb < lb) throw ImapException.bad(ImapReplies.BAD_SYNTAX);
        String section = u.substring(lb + 1, rb);
        long start = -1;
        long len = -1;
        String rest = u.substring(rb + 1);
        if (!rest.isEmpty()) {
            if (!rest.startsWith("<") || !rest.endsWith(">")) throw ImapException.bad(ImapReplies.BAD_SYNTAX);
            String[] p = rest.substring(1, rest.length() - 1).split("\\.");
            try {
                start = Long.parseLong(p[0]);
                len = p.length > 1 ? Long.parseLong(p[1]) : Long.MAX_VALUE;
            } catch (NumberFormatException e) {
                throw ImapException.bad(ImapReplies.BAD_SYNTAX);
            }
            if (p.length > 2 || start < 0 || len <= 0) throw ImapException.bad(ImapReplies.BAD_SYNTAX);
        }
        // section: part numbers, then an optional text spec and field list
        String spec = section;
        Set<String> fields = new HashSet<>();
        int paren = section.indexOf('(');
        if (paren >= 0) {
            if (!section.endsWith(")")) throw ImapException.bad(ImapReplies.BAD_PARENS);
            for (String f : section.substring(paren + 1, section.length() - 1).trim().split("\\s+")) {
                if (!f.isEmpty()) fields.add(f.replace("\"", ""));
            }
            spec = section.substring(0, paren).trim();
        }
        java.util.List<Integer> nums = new java.util.ArrayList<>();
        while (!spec.isEmpty() && Character.isDigit(spec.charAt(0))) {
            int dot = spec.indexOf('.');
            String n = dot < 0 ? spec : spec.substring(0, dot);
            try {
                nums.add(Integer.parseInt(n));
            } catch (NumberFormatException e) {
                throw ImapException.bad(ImapReplies.BAD_SYNTAX);
            }
            spec = dot < 0 ? "" : spec.substring(dot + 1);
        }
        if (!Set.of("", "HEADER", "TEXT", "MIME", "HEADER.FIELDS", "HEADER.FIELDS.NOT").contains(spec)) {
            throw ImapException.bad("Unknown section " + section);
        }
        if (spec.startsWith("HEADER.FIELDS") && fields.isEmpty()) throw ImapException.bad(ImapReplies.BAD_ARGS);
        if (spec.equals("MIME") && nums.isEmpty()) throw ImapException.bad(ImapReplies.BAD_ARGS);
        int[] part = nums.stream().mapToInt(Integer::intValue).toArray();
        // the label echoes the section without .PEEK; a partial shows only its origin (§7.4.2)
        String label = base + "[" + section + "]" + (start >= 0 ? "<" + start + ">" : "");
        return new FetchItem(base, label, part, spec, fields, start, len, peek);
    }

    boolean setsSeen() {
        return !peek && (kind.equals("BODY") && label.contains("[") || kind.equals("BINARY") || kind.equals("RFC822")
                || kind.equals("RFC822.TEXT"));
    }

    /** BODY[] and RFC822 (whole or partial): answered straight from blob storage in chunks. */
    boolean wholeMessage() {
        return label.equals("RFC822") || kind.equals("BODY") && label.startsWith("BODY[") && part.length == 0 && spec.isEmpty();
    }

    /**
     * Sections and BINARY (RFC 3516): answered from the message's MIME layout, copied or decoded
     * from storage by {@link SectionStream}, so a large part is never built in memory.
     */
    boolean section() {
        return !wholeMessage() && (label.contains("[") || kind.equals("RFC822.HEADER") || kind.equals("RFC822.TEXT"));
    }

    /** Items written straight into the output rather than appended to the response line. */
    boolean streamed() {
        return wholeMessage() || section();
    }

    /** Writes this item of the message's FETCH response into the session's output. */
    void write(ImapStore.Msg m, MessageView v, ImapSession out, ImapStore store) throws Exception {
        if (section()) {
            SectionStream.write(this, m, v, out, store);
            return;
        }
        if (!wholeMessage()) {
            out.raw(render(m, v));
            return;
        }
        long size = store.rawSize(m);
        long from = start >= 0 ? Math.min(start, size) : 0;
        long len = start >= 0 ? Math.min(size - from, length) : size;
        out.raw(label + " {" + len + "}\r\n");
        try (java.io.InputStream in = store.openRaw(m)) {
            in.skipNBytes(from);
            out.rawStream(in, len);
        }
    }

    /**
     * Appends this item's response to a FETCH line. The items a client asks of every message of a
     * folder (FLAGS, UID, MODSEQ) are written in place from the listing, with no string per item.
     */
    void appendTo(StringBuilder b, ImapStore.Msg m, MessageView v) throws IOException, ImapException {
        switch (label) {
            case "FLAGS" -> Flags.appendList(b.append("FLAGS "), m.flags());
            case "UID" -> b.append("UID ").append(m.uid());
            case "MODSEQ" -> b.append("MODSEQ (").append(m.modseq()).append(')');
            default -> b.append(render(m, v));
        }
    }

    String render(ImapStore.Msg m, MessageView v) throws IOException, ImapException {
        return switch (label) {
            case "FLAGS" -> "FLAGS " + Flags.list(m.flags());
            case "UID" -> "UID " + m.uid();
            case "MODSEQ" -> "MODSEQ (" + m.modseq() + ")"; // RFC 7162 §3.1.4.1
            case "INTERNALDATE" -> "INTERNALDATE \"" + MessageVerbs.INTERNAL.format(m.internalDate()) + "\"";
            case "RFC822.SIZE" -> "RFC822.SIZE " + v0(m, v);
            case "ENVELOPE" -> "ENVELOPE " + v.envelope();
            case "BODYSTRUCTURE" -> "BODYSTRUCTURE " + v.bodyStructure(true);
            case "BODY" -> "BODY " + v.bodyStructure(false);
            case "RFC822" -> "RFC822 " + literal(v.raw());
            // sections never get here: section() sends them to SectionStream
            default -> throw new IllegalStateException("section item rendered in memory: " + label);
        };
    }

    private static long v0(ImapStore.Msg m, MessageView v) throws IOException {
        return m.size() > 0 ? m.size() : v == null ? 0 : v.raw().length;
    }

    static String literal(byte[] b) {
        return "{" + b.length + "}\r\n" + MessageVerbs.latin1(b);
    }
}
