package io.switchboard.dav;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * An iCalendar text as a tree of components and content lines, keeping each line's original
 * physical lines (folding included), so a partial copy is written back byte for byte
 * (RFC 5545 §3.1 folding, §3.4 component nesting).
 */
final class ICalLines {
    /** One content line: its upper-case name, name and parameters up to the ':', its value (unfolded), its text as stored. */
    record Line(String name, String head, String value, String raw) {
    }

    /** BEGIN:name ... END:name with what is between, in order (each item a Line or a Block). */
    record Block(String name, Line begin, List<Object> items, Line end) {
        List<Block> blocks() {
            List<Block> out = new ArrayList<>();
            for (Object o : items) if (o instanceof Block b) out.add(b);
            return out;
        }

        Line line(String name) {
            for (Object o : items) if (o instanceof Line l && l.name.equals(name)) return l;
            return null;
        }
    }

    private ICalLines() {
    }

    /** The outermost block (VCALENDAR); 403 valid-calendar-data when BEGIN/END do not nest. */
    static Block parse(String text) {
        List<Line> lines = lines(text);
        List<Block> stack = new ArrayList<>();
        Block root = null;
        for (Line l : lines) {
            if (l.name.equals("BEGIN")) {
                Block b = new Block(l.value.trim().toUpperCase(Locale.ROOT), l, new ArrayList<>(), null);
                if (!stack.isEmpty()) stack.get(stack.size() - 1).items.add(b);
                stack.add(b);
            } else if (l.name.equals("END")) {
                if (stack.isEmpty()) throw invalid();
                Block open = stack.remove(stack.size() - 1);
                if (!open.name.equals(l.value.trim().toUpperCase(Locale.ROOT))) throw invalid();
                Block closed = new Block(open.name, open.begin, open.items, l);
                if (stack.isEmpty()) root = closed;
                else {
                    List<Object> items = stack.get(stack.size() - 1).items;
                    items.set(items.size() - 1, closed);
                }
            } else if (!stack.isEmpty()) {
                stack.get(stack.size() - 1).items.add(l);
            }
        }
        if (root == null || !stack.isEmpty()) throw invalid();
        return root;
    }

    static String write(Block b) {
        StringBuilder sb = new StringBuilder();
        write(b, sb);
        return sb.toString();
    }

    private static void write(Block b, StringBuilder sb) {
        sb.append(b.begin.raw).append("\r\n");
        for (Object o : b.items) {
            if (o instanceof Block c) write(c, sb);
            else sb.append(((Line) o).raw).append("\r\n");
        }
        sb.append(b.end.raw).append("\r\n");
    }

    private static List<Line> lines(String text) {
        List<Line> out = new ArrayList<>();
        StringBuilder raw = null, logical = null;
        for (String l : text.replace("\r\n", "\n").split("\n")) {
            if (!l.isEmpty() && (l.charAt(0) == ' ' || l.charAt(0) == '\t') && raw != null) {
                raw.append("\r\n").append(l);
                logical.append(l, 1, l.length());
                continue;
            }
            if (raw != null) out.add(line(logical.toString(), raw.toString()));
            raw = l.isEmpty() ? null : new StringBuilder(l);
            logical = l.isEmpty() ? null : new StringBuilder(l);
        }
        if (raw != null) out.add(line(logical.toString(), raw.toString()));
        return out;
    }

    private static Line line(String logical, String raw) {
        int i = 0;
        boolean quoted = false;
        int nameEnd = -1;
        for (; i < logical.length(); i++) {
            char c = logical.charAt(i);
            if (c == '"') quoted = !quoted;
            else if (!quoted && (c == ';' || c == ':') && nameEnd < 0) nameEnd = i;
            if (!quoted && c == ':') break;
        }
        String name = logical.substring(0, nameEnd < 0 ? logical.length() : nameEnd).toUpperCase(Locale.ROOT);
        String value = i < logical.length() ? logical.substring(i + 1) : "";
        String head = i < logical.length() ? logical.substring(0, i + 1) : logical + ":";
        return new Line(name, head, value, raw);
    }

    private static DavException invalid() {
        return new DavException(403, Replies.INVALID_ICAL, ICalData.PRECONDITION_DATA);
    }
}
