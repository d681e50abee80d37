package io.switchboard.dav;

import java.util.ArrayList;
import java.util.List;

/** The WebDAV If header (RFC 4918 §10.4): tagged or untagged lists of state-token and entity-tag conditions. */
final class IfHeader {
    /** One condition: a state token ({@code <...>}) or an entity tag ({@code [...]}), possibly negated. */
    record Condition(boolean not, String token, String etag) {
    }

    /** One parenthesised list, with the resource tag it applies to (null: the request URI). */
    record ConditionList(String resourceTag, List<Condition> conditions) {
    }

    /** Answers for the resource a list applies to. */
    interface Resolver {
        /** The current entity tag of the resource named by tag (null = request URI), or null when absent. */
        String etag(String resourceTag);

        /** True when a lock with this token covers the resource. */
        boolean lockedBy(String resourceTag, String token);
    }

    private final List<ConditionList> lists;

    private IfHeader(List<ConditionList> lists) {
        this.lists = lists;
    }

    List<ConditionList> lists() {
        return lists;
    }

    /** Parses the header; 400 on malformed syntax. */
    static IfHeader parse(String h) {
        List<ConditionList> lists = new ArrayList<>();
        String tag = null;
        int i = 0, n = h.length();
        if (n > 8192) throw new DavException(400, "If header too long");
        while (i < n) {
            char c = h.charAt(i);
            if (Character.isWhitespace(c)) {
                i++;
            } else if (c == '<') {
                int end = h.indexOf('>', i);
                if (end < 0) throw new DavException(400, "malformed If header");
                tag = h.substring(i + 1, end);
                i = end + 1;
            } else if (c == '(') {
                i++;
                List<Condition> conds = new ArrayList<>();
                boolean not = false;
                while (true) {
                    while (i < n && Character.isWhitespace(h.charAt(i))) i++;
                    if (i >= n) throw new DavException(400, "malformed If header");
                    char d = h.charAt(i);
                    if (d == ')') {
                        i++;
                        break;
                    } else if (h.regionMatches(true, i, "Not", 0, 3)) {
                        not = true;
                        i += 3;
                    } else if (d == '<') {
                        int end = h.indexOf('>', i);
                        if (end < 0) throw new DavException(400, "malformed If header");
                        conds.add(new Condition(not, h.substring(i + 1, end), null));
                        not = false;
                        i = end + 1;
                    } else if (d == '[') {
                        int end = h.indexOf(']', i);
                        if (end < 0) throw new DavException(400, "malformed If header");
                        conds.add(new Condition(not, null, h.substring(i + 1, end).trim()));
                        not = false;
                        i = end + 1;
                    } else {
                        throw new DavException(400, "malformed If header");
                    }
                }
                if (conds.isEmpty()) throw new DavException(400, "malformed If header");
                lists.add(new ConditionList(tag, conds));
            } else {
                throw new DavException(400, "malformed If header");
            }
        }
        if (lists.isEmpty()) throw new DavException(400, "malformed If header");
        return new IfHeader(lists);
    }

    /** True when any list holds (§10.4.3). */
    boolean evaluate(Resolver r) {
        for (ConditionList l : lists) {
            boolean all = true;
            for (Condition c : l.conditions) {
                boolean v;
                if (c.token != null) {
                    v = r.lockedBy(l.resourceTag, c.token);
                } else {
                    String cur = r.etag(l.resourceTag);
                    v = cur != null && strip(cur).equals(strip(c.etag));
                }
                if (c.not) v = !v;
                if (!v) {
                    all = false;
                    break;
                }
            }
            if (all) return true;
        }
        return false;
    }

    /** Every state token named positively, i.e. the lock tokens the client submits (§10.4.1). */
    List<String> tokens() {
        List<String> out = new ArrayList<>();
        for (ConditionList l : lists) for (Condition c : l.conditions) if (c.token != null && !c.not) out.add(c.token);
        return out;
    }

    private static String strip(String etag) {
        return etag.startsWith("W/") ? etag.substring(2) : etag;
    }
}
