package io.switchboard.imap;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * LIST and LSUB (RFC 9051 §6.3.9, RFC 3501 §6.3.8-9) with LIST-EXTENDED (RFC 5258): selection
 * options SUBSCRIBED, REMOTE, RECURSIVEMATCH and SPECIAL-USE (RFC 6154), several patterns, and
 * return options SUBSCRIBED, CHILDREN, SPECIAL-USE and STATUS (LIST-STATUS, RFC 5819). A level of
 * the hierarchy with no folder of its own (a/b exists, a does not) is listed as \NonExistent
 * (IMAP4rev2 and extended LIST) or \Noselect (IMAP4rev1's plain LIST). Names are sent in UTF-8 to
 * an IMAP4rev2 session.
 */
final class ListCommand {
    private ListCommand() {
    }

    /** What the command asked for. */
    private static final class Request {
        boolean subscribedOnly;
        boolean recursiveMatch;
        boolean specialUseOnly;
        boolean returnSubscribed;
        boolean returnSpecialUse;
        List<Object> statusItems;
        boolean extended;
        String reference;
        final List<String> patterns = new ArrayList<>();
    }

    /** One name in the listing: a folder, or a hierarchy level that has none. */
    private record Entry(String name, ImapStore.Box box, boolean hasChildren, boolean subscribedChild) {
    }

    static String run(ImapSession s, ImapArgs a, boolean lsub) throws Exception {
        Request r = parse(a.args, lsub, s.rev2.enabled);
        String kind = lsub ? "LSUB" : "LIST";
        if (lsub) r.subscribedOnly = true;
        if (r.patterns.size() == 1 && r.patterns.get(0).isEmpty()) {
            // RFC 9051 §6.3.9: the hierarchy delimiter and root
            s.untagged(kind + " (\\Noselect) \"/\" \"\"");
            return kind + " completed";
        }
        StringBuilder alt = new StringBuilder();
        for (String pt : r.patterns) {
            if (alt.length() > 0) alt.append('|');
            String full = storedPattern(s, r.reference + pt);
            alt.append(glob(full));
        }
        Pattern p = Pattern.compile(alt.toString());
        Pattern inbox = Pattern.compile(alt.toString(), Pattern.CASE_INSENSITIVE);
        for (Entry e : entries(s.ctx.store().boxes(s.account))) {
            boolean match = p.matcher(e.name).matches() || e.name.equals("INBOX") && inbox.matcher(e.name).matches();
            if (!match) continue;
            List<String> attrs = new ArrayList<>();
            if (e.box == null) {
                if (r.subscribedOnly && !(r.recursiveMatch && e.subscribedChild)) continue;
                if (r.specialUseOnly) continue;
                attrs.add(r.extended || s.rev2.enabled ? "\\NonExistent" : "\\Noselect");
            } else {
                boolean subscribed = e.box.subscribed();
                String special = e.box.attributes() == null ? "" : e.box.attributes().trim();
                if (r.specialUseOnly && special.isEmpty()) continue;
                if (r.subscribedOnly && !subscribed && !(r.recursiveMatch && e.subscribedChild)) continue;
                if (subscribed && !lsub && (r.subscribedOnly || r.returnSubscribed)) attrs.add("\\Subscribed");
                if (!special.isEmpty()) attrs.add(special);
            }
            // CHILDREN is always answered (RFC 9051 §6.3.9 makes it part of every LIST)
            attrs.add(e.hasChildren ? "\\HasChildren" : "\\HasNoChildren");
            StringBuilder line = new StringBuilder(kind).append(" (").append(String.join(" ", attrs)).append(") \"/\" ")
                    .append(MailboxNames.wire(s, e.name));
            // RFC 5258 §4: a parent listed only because a child is subscribed says so
            if (r.recursiveMatch && e.subscribedChild && (e.box == null || !e.box.subscribed())) {
                line.append(" (\"CHILDINFO\" (\"SUBSCRIBED\"))");
            }
            s.untagged(line.toString());
            if (r.statusItems != null && e.box != null) {
                // RFC 5819: a STATUS after the LIST of each selectable folder; a failure is not the LIST's
                try {
                    s.untagged(FolderVerbs.statusLine(s, e.box, r.statusItems));
                } catch (ImapException ignored) {
                    // bad items are refused before anything is listed (see parse)
                }
            }
        }
        return kind + " completed";
    }

    /**
     * The attributes of one folder as LIST gives them (children, special use): what SELECT's LIST
     * response carries in IMAP4rev2, where they must be accurate (RFC 9051 §6.3.2).
     */
    static String attributes(ImapSession s, ImapStore.Box b) throws Exception {
        boolean children = false;
        for (ImapStore.Box o : s.ctx.store().boxes(s.account)) children |= o.name().startsWith(b.name() + "/");
        String special = b.attributes() == null ? "" : b.attributes().trim();
        return (special.isEmpty() ? "" : special + " ") + (children ? "\\HasChildren" : "\\HasNoChildren");
    }

    /** LIST [(selection)] reference (pattern | (patterns)) [RETURN (options)]. */
    private static Request parse(List<Object> args, boolean lsub, boolean rev2) throws ImapException {
        Request r = new Request();
        List<Object> rest = new ArrayList<>(args);
        if (!lsub && !rest.isEmpty() && rest.get(0) instanceof ImapArgs.Lst sel) {
            r.extended = true;
            for (Object o : sel.items()) {
                switch (ImapArgs.text(o).toUpperCase(Locale.ROOT)) {
                    case "SUBSCRIBED" -> r.subscribedOnly = true;
                    case "REMOTE" -> {
                        // no remote folders here: nothing more to list
                    }
                    case "RECURSIVEMATCH" -> r.recursiveMatch = true;
                    case "SPECIAL-USE" -> r.specialUseOnly = true;
                    default -> throw ImapException.bad("Unknown LIST selection option " + ImapArgs.text(o));
                }
            }
            // RFC 5258 §3: RECURSIVEMATCH only together with an option it can modify
            if (r.recursiveMatch && !r.subscribedOnly) throw ImapException.bad("RECURSIVEMATCH needs SUBSCRIBED");
            rest.remove(0);
        }
        if (!lsub && rest.size() == 4 && rest.get(2) instanceof ImapArgs.Atom ret && ret.upper().equals("RETURN")) {
            if (!(rest.get(3) instanceof ImapArgs.Lst opts)) throw ImapException.bad(ImapReplies.BAD_ARGS);
            r.extended = true;
            List<Object> items = opts.items();
            for (int i = 0; i < items.size(); i++) {
                String o = ImapArgs.text(items.get(i)).toUpperCase(Locale.ROOT);
                switch (o) {
                    case "SUBSCRIBED" -> r.returnSubscribed = true;
                    case "CHILDREN" -> {
                        // always answered
                    }
                    case "SPECIAL-USE" -> r.returnSpecialUse = true;
                    case "STATUS" -> {
                        if (i + 1 >= items.size() || !(items.get(i + 1) instanceof ImapArgs.Lst st) || st.items().isEmpty()) {
                            throw ImapException.bad("STATUS needs a list of items");
                        }
                        for (Object it : st.items()) {
                            String name = ImapArgs.text(it).toUpperCase(Locale.ROOT);
                            boolean known = List.of("MESSAGES", "UIDNEXT", "UIDVALIDITY", "UNSEEN", "DELETED", "SIZE", "HIGHESTMODSEQ").contains(name)
                                    || name.equals("RECENT") && !rev2;
                            if (!known) {
                                throw ImapException.bad("Unknown STATUS item " + name);
                            }
                        }
                        r.statusItems = st.items();
                        i++;
                    }
                    default -> throw ImapException.bad("Unknown LIST return option " + o);
                }
            }
            rest = rest.subList(0, 2);
        }
        if (rest.size() != 2) throw ImapException.bad(ImapReplies.BAD_ARGS);
        r.reference = ImapArgs.text(rest.get(0));
        if (rest.get(1) instanceof ImapArgs.Lst pl) {
            if (lsub || pl.items().isEmpty()) throw ImapException.bad(ImapReplies.BAD_ARGS);
            r.extended = true;
            for (Object o : pl.items()) r.patterns.add(ImapArgs.text(o));
        } else {
            r.patterns.add(ImapArgs.text(rest.get(1)));
        }
        return r;
    }

    /** A pattern in stored (modified UTF-7) form: an IMAP4rev2 client sends UTF-8; wildcards pass through. */
    private static String storedPattern(ImapSession s, String pattern) {
        return s.rev2.enabled ? MailboxNames.encode(pattern) : pattern;
    }

    private static String glob(String g) {
        StringBuilder r = new StringBuilder();
        for (char c : g.toCharArray()) {
            if (c == '*') r.append(".*");
            else if (c == '%') r.append("[^/]*");
            else r.append(Pattern.quote(String.valueOf(c)));
        }
        return r.toString();
    }

    /** Every folder and every hierarchy level above one, by name, with its children facts. */
    private static List<Entry> entries(List<ImapStore.Box> boxes) {
        Map<String, ImapStore.Box> byName = new LinkedHashMap<>();
        for (ImapStore.Box b : boxes) byName.put(b.name(), b);
        TreeMap<String, boolean[]> names = new TreeMap<>(); // name -> {hasChildren, subscribedChild}
        for (ImapStore.Box b : boxes) {
            names.computeIfAbsent(b.name(), k -> new boolean[2]);
            String n = b.name();
            int slash;
            while ((slash = n.lastIndexOf('/')) > 0) {
                n = n.substring(0, slash);
                boolean[] f = names.computeIfAbsent(n, k -> new boolean[2]);
                f[0] = true;
                if (b.subscribed()) f[1] = true;
            }
        }
        List<Entry> out = new ArrayList<>();
        for (var e : names.entrySet()) out.add(new Entry(e.getKey(), byName.get(e.getKey()), e.getValue()[0], e.getValue()[1]));
        return out;
    }
}
