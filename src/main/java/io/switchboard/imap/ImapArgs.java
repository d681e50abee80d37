package io.switchboard.imap;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The parsed arguments of one command (RFC 3501 §9 grammar, simplified to tokens): atoms, strings
 * (quoted or literal) and parenthesised lists. Atoms keep bracketed sections whole, so
 * {@code BODY.PEEK[HEADER.FIELDS (FROM)]<0.10>} is one atom. Malformed input raises BAD.
 */
final class ImapArgs {
    /** An atom (or NIL); {@code raw} as sent. */
    record Atom(String raw) {
        String upper() {
            return raw.toUpperCase(Locale.ROOT);
        }
    }

    /** A quoted string or a literal. */
    record Str(byte[] bytes) {
        String text() {
            return new String(bytes, StandardCharsets.UTF_8);
        }
    }

    /** A parenthesised list. */
    record Lst(List<Object> items) {
    }

    private static final int MAX_DEPTH = 16;

    final String tag;
    final String verb;
    final List<Object> args;

    private final byte[] b;
    private int pos;

    private ImapArgs(byte[] b) throws ImapException {
        this.b = b;
        tag = readTag();
        if (pos >= b.length || b[pos] != ' ') throw ImapException.bad(ImapReplies.BAD_SYNTAX);
        pos++;
        verb = readAtomText().toUpperCase(Locale.ROOT);
        if (verb.isEmpty()) throw ImapException.bad(ImapReplies.BAD_SYNTAX);
        args = readItems(0, false);
    }

    /** Parses a whole frame; the tag is returned separately when the rest is malformed. */
    static ImapArgs parse(byte[] frame) throws ImapException {
        return new ImapArgs(frame);
    }

    /** The tag of a frame, or "*" when it has none (for BAD answers to garbage). */
    static String tagOf(byte[] frame) {
        int i = 0;
        while (i < frame.length && isTagChar(frame[i])) i++;
        return i == 0 || i >= frame.length || frame[i] != ' ' ? "*" : new String(frame, 0, i, StandardCharsets.US_ASCII);
    }

    private String readTag() throws ImapException {
        int s = pos;
        while (pos < b.length && isTagChar(b[pos])) pos++;
        if (pos == s) throw ImapException.bad(ImapReplies.BAD_SYNTAX);
        return new String(b, s, pos - s, StandardCharsets.US_ASCII);
    }

    private static boolean isTagChar(byte c) {
        return c > ' ' && c < 127 && c != '(' && c != ')' && c != '{' && c != '%' && c != '*' && c != '"' && c != '\\' && c != '+';
    }

    private static boolean isAtomChar(byte c) {
        return c > ' ' && c < 127 && c != '(' && c != ')' && c != '{' && c != '"';
    }

    private String readAtomText() throws ImapException {
        int s = pos;
        while (pos < b.length && isAtomChar(b[pos]) && b[pos] != '[') pos++;
        if (pos < b.length && b[pos] == '[') {
            int depth = 0;
            while (pos < b.length && b[pos] != '\r' && b[pos] != '\n') {
                if (b[pos] == '[') depth++;
                if (b[pos] == ']' && --depth == 0) {
                    pos++;
                    break;
                }
                pos++;
            }
            if (depth != 0) throw ImapException.bad(ImapReplies.BAD_SYNTAX);
            if (pos < b.length && b[pos] == '<') {
                while (pos < b.length && b[pos] != '>' && b[pos] != '\r') pos++;
                if (pos >= b.length || b[pos] != '>') throw ImapException.bad(ImapReplies.BAD_SYNTAX);
                pos++;
            }
            while (pos < b.length && isAtomChar(b[pos]) && b[pos] != ']') pos++;
        }
        return new String(b, s, pos - s, StandardCharsets.UTF_8);
    }

    private List<Object> readItems(int depth, boolean inList) throws ImapException {
        if (depth > MAX_DEPTH) throw ImapException.bad(ImapReplies.BAD_SYNTAX);
        List<Object> out = new ArrayList<>();
        while (true) {
            if (pos >= b.length) {
                if (inList) throw ImapException.bad(ImapReplies.BAD_PARENS);
                return out;
            }
            byte c = b[pos];
            if (c == '\r' || c == '\n') {
                if (inList) throw ImapException.bad(ImapReplies.BAD_PARENS);
                return out;
            }
            if (c == ')') {
                if (!inList) throw ImapException.bad(ImapReplies.BAD_PARENS);
                pos++;
                return out;
            }
            if (!out.isEmpty() || !inList && depth == 0) {
                if (c != ' ') throw ImapException.bad(ImapReplies.BAD_SYNTAX);
                pos++;
                if (pos >= b.length) throw ImapException.bad(ImapReplies.BAD_SYNTAX);
                c = b[pos];
            }
            if (c == '(') {
                pos++;
                out.add(new Lst(readItems(depth + 1, true)));
            } else if (c == '"') {
                out.add(new Str(readQuoted()));
            } else if (c == '{' || c == '~' && pos + 1 < b.length && b[pos + 1] == '{') {
                out.add(new Str(readLiteral()));
            } else {
                String a = readAtomText();
                if (a.isEmpty()) throw ImapException.bad(ImapReplies.BAD_SYNTAX);
                out.add(new Atom(a));
            }
        }
    }

    private byte[] readQuoted() throws ImapException {
        pos++;
        var o = new java.io.ByteArrayOutputStream();
        while (pos < b.length) {
            byte c = b[pos++];
            if (c == '"') return o.toByteArray();
            if (c == '\\') {
                if (pos >= b.length || b[pos] != '"' && b[pos] != '\\') throw ImapException.bad(ImapReplies.BAD_SYNTAX);
                c = b[pos++];
            } else if (c == '\r' || c == '\n') {
                break;
            }
            o.write(c);
        }
        throw ImapException.bad(ImapReplies.BAD_SYNTAX);
    }

    private byte[] readLiteral() throws ImapException {
        if (b[pos] == '~') pos++;
        int s = ++pos;
        while (pos < b.length && b[pos] >= '0' && b[pos] <= '9') pos++;
        if (pos == s || pos - s > 18) throw ImapException.bad(ImapReplies.BAD_SYNTAX);
        long n = Long.parseLong(new String(b, s, pos - s, StandardCharsets.US_ASCII));
        if (pos < b.length && b[pos] == '+') pos++;
        if (pos + 2 >= b.length + 1 || b[pos] != '}') throw ImapException.bad(ImapReplies.BAD_SYNTAX);
        pos++;
        if (pos < b.length && b[pos] == '\r') pos++;
        if (pos >= b.length || b[pos] != '\n') throw ImapException.bad(ImapReplies.BAD_SYNTAX);
        pos++;
        if (b.length - pos < n) throw ImapException.bad(ImapReplies.BAD_SYNTAX);
        byte[] out = java.util.Arrays.copyOfRange(b, pos, pos + (int) n);
        pos += (int) n;
        return out;
    }

    // ------------------------------------------------------------ helpers for verbs

    int size() {
        return args.size();
    }

    void expect(int min, int max) throws ImapException {
        if (args.size() < min || args.size() > max) throw ImapException.bad(ImapReplies.BAD_ARGS);
    }

    /** An astring (atom, quoted or literal) as text. */
    String string(int i) throws ImapException {
        Object o = args.get(i);
        if (o instanceof Atom a) return a.raw();
        if (o instanceof Str s) return s.text();
        throw ImapException.bad(ImapReplies.BAD_ARGS);
    }

    static String text(Object o) throws ImapException {
        if (o instanceof Atom a) return a.raw();
        if (o instanceof Str s) return s.text();
        throw ImapException.bad(ImapReplies.BAD_ARGS);
    }

    String atom(int i) throws ImapException {
        if (args.get(i) instanceof Atom a) return a.upper();
        throw ImapException.bad(ImapReplies.BAD_ARGS);
    }

    Lst list(int i) throws ImapException {
        if (args.get(i) instanceof Lst l) return l;
        throw ImapException.bad(ImapReplies.BAD_ARGS);
    }
}
