package io.switchboard.imap;

import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** A compiled SEARCH key list (RFC 3501 §6.4.4): flags, dates, sizes, headers, body text, sets, NOT/OR. */
final class SearchProgram {
    interface Key {
        boolean test(int index, ImapStore.Msg m, Loader raw) throws Exception;
    }

    /** Loads a message's bytes at most once per search. */
    static final class Loader {
        private final ImapStore store;
        private final Map<String, byte[]> cache = new HashMap<>();

        Loader(ImapStore store) {
            this.store = store;
        }

        byte[] raw(ImapStore.Msg m) throws Exception {
            byte[] b = cache.get(m.id());
            if (b == null) {
                cache.clear();
                text = null;
                b = store.raw(m);
                cache.put(m.id(), b);
            }
            return b;
        }

        private SearchText text;
        private String textOf;

        /** The message's decoded searchable text, made at most once per message and search. */
        SearchText text(ImapStore.Msg m) throws Exception {
            byte[] b = raw(m);
            if (text == null || !m.id().equals(textOf)) {
                text = SearchText.of(b);
                textOf = m.id();
            }
            return text;
        }
    }

    private final List<Key> keys;
    private final boolean usesModseq;
    private Loader loader;

    private SearchProgram(List<Key> keys, boolean usesModseq) {
        this.keys = keys;
        this.usesModseq = usesModseq;
    }

    /** {@code saved}: the positions "$" names (the saved search result, RFC 5182). */
    static SearchProgram compile(List<Object> args, List<ImapStore.Msg> msgs, List<Integer> saved) throws ImapException {
        List<Key> keys = new ArrayList<>();
        int[] pos = {0};
        boolean[] modseqUsed = {false};
        while (pos[0] < args.size()) keys.add(key(args, pos, msgs, saved, 0, modseqUsed));
        return new SearchProgram(keys, modseqUsed[0]);
    }

    /** Whether a MODSEQ key occurs: the SEARCH response then ends with the highest mod-sequence matched (RFC 7162 §3.1.5). */
    boolean usesModseq() {
        return usesModseq;
    }

    boolean matches(int index, ImapStore.Msg m, ImapStore store) throws Exception {
        if (loader == null) loader = new Loader(store);
        for (Key k : keys) if (!k.test(index, m, loader)) return false;
        return true;
    }

    private static Key key(List<Object> args, int[] pos, List<ImapStore.Msg> msgs, List<Integer> saved, int depth, boolean[] modseqUsed) throws ImapException {
        if (depth > 32 || pos[0] >= args.size()) throw ImapException.bad(ImapReplies.BAD_ARGS);
        Object o = args.get(pos[0]++);
        if (o instanceof ImapArgs.Lst l) {
            List<Key> inner = new ArrayList<>();
            int[] p = {0};
            while (p[0] < l.items().size()) inner.add(key(l.items(), p, msgs, saved, depth + 1, modseqUsed));
            if (inner.isEmpty()) throw ImapException.bad(ImapReplies.BAD_ARGS);
            return (i, m, r) -> {
                for (Key k : inner) if (!k.test(i, m, r)) return false;
                return true;
            };
        }
        String word = ImapArgs.text(o);
        String u = word.toUpperCase(Locale.ROOT);
        if (u.equals("$")) {
            java.util.Set<Integer> in = new java.util.HashSet<>(saved);
            return (i, m, r) -> in.contains(i);
        }
        if (SequenceSet.looksLikeSet(u)) {
            List<Integer> idx = SequenceSet.resolve(u, msgs, false);
            return (i, m, r) -> idx.contains(i);
        }
        return switch (u) {
            case "ALL" -> (i, m, r) -> true;
            case "MODSEQ" -> {
                // RFC 7162 §3.1.5: MODSEQ [entry-name entry-type-req] mod-sequence-valzer. All our
                // metadata entries share the message's one mod-sequence, so the entry is checked, then ignored.
                if (pos[0] + 2 < args.size() && args.get(pos[0]) instanceof ImapArgs.Str) {
                    String entry = arg(args, pos);
                    String type = arg(args, pos).toLowerCase(Locale.ROOT);
                    if (!entry.startsWith("/flags/") || !(type.equals("priv") || type.equals("shared") || type.equals("all"))) {
                        throw ImapException.bad(ImapReplies.BAD_ARGS);
                    }
                }
                long n = CondStoreArgs.modseq(arg(args, pos), true);
                modseqUsed[0] = true;
                yield (i, m, r) -> m.modseq() >= n;
            }
            case "SEEN" -> flag(Flags.SEEN, true);
            case "UNSEEN" -> flag(Flags.SEEN, false);
            case "DELETED" -> flag(Flags.DELETED, true);
            case "UNDELETED" -> flag(Flags.DELETED, false);
            case "FLAGGED" -> flag("\\Flagged", true);
            case "UNFLAGGED" -> flag("\\Flagged", false);
            case "ANSWERED" -> flag("\\Answered", true);
            case "UNANSWERED" -> flag("\\Answered", false);
            case "DRAFT" -> flag("\\Draft", true);
            case "UNDRAFT" -> flag("\\Draft", false);
            case "RECENT", "NEW" -> (i, m, r) -> false;
            case "OLD" -> (i, m, r) -> true;
            case "KEYWORD" -> flag(arg(args, pos), true);
            case "UNKEYWORD" -> flag(arg(args, pos), false);
            case "LARGER" -> {
                long n = number(arg(args, pos));
                yield (i, m, r) -> m.size() > n;
            }
            case "SMALLER" -> {
                long n = number(arg(args, pos));
                yield (i, m, r) -> m.size() < n;
            }
            case "BEFORE", "ON", "SINCE" -> {
                LocalDate d = MessageVerbs.date(arg(args, pos));
                yield (i, m, r) -> {
                    LocalDate md = m.internalDate().atZone(ZoneOffset.UTC).toLocalDate();
                    return u.equals("BEFORE") ? md.isBefore(d) : u.equals("ON") ? md.equals(d) : !md.isBefore(d);
                };
            }
            case "UID" -> {
                String set = arg(args, pos);
                List<Integer> idx = set.equals("$") ? saved : SequenceSet.resolve(set, msgs, true);
                yield (i, m, r) -> idx.contains(i);
            }
            case "NOT" -> {
                Key k = key(args, pos, msgs, saved, depth + 1, modseqUsed);
                yield (i, m, r) -> !k.test(i, m, r);
            }
            case "OR" -> {
                Key a = key(args, pos, msgs, saved, depth + 1, modseqUsed);
                Key b = key(args, pos, msgs, saved, depth + 1, modseqUsed);
                yield (i, m, r) -> a.test(i, m, r) || b.test(i, m, r);
            }
            case "FROM", "TO", "CC", "BCC", "SUBJECT" -> header(u, arg(args, pos));
            case "HEADER" -> {
                String name = arg(args, pos);
                yield header(name.toUpperCase(Locale.ROOT), arg(args, pos));
            }
            case "BODY" -> {
                String needle = arg(args, pos).toLowerCase(Locale.ROOT);
                yield (i, m, r) -> r.text(m).bodyContains(needle);
            }
            case "TEXT" -> {
                String needle = arg(args, pos).toLowerCase(Locale.ROOT);
                yield (i, m, r) -> r.text(m).textContains(needle);
            }
            default -> throw ImapException.bad("Unknown SEARCH key " + word);
        };
    }

    private static Key flag(String f, boolean set) {
        String n = Flags.normalise(f);
        return (i, m, r) -> m.flags().contains(n) == set;
    }

    private static Key header(String name, String value) {
        String needle = value.toLowerCase(Locale.ROOT);
        return (i, m, r) -> {
            byte[] h = MessageView.headerFields(r.raw(m), java.util.Set.of(name), false);
            String s = new String(h, StandardCharsets.UTF_8);
            int colon = s.indexOf(':');
            if (colon < 0) return false;
            // encoded words (RFC 2047) are matched decoded: SUBJECT café finds =?utf-8?q?caf=C3=A9?=
            return needle.isEmpty() || SearchText.decodeHeader(s.substring(colon + 1)).toLowerCase(Locale.ROOT).contains(needle);
        };
    }

    private static String arg(List<Object> args, int[] pos) throws ImapException {
        if (pos[0] >= args.size()) throw ImapException.bad(ImapReplies.BAD_ARGS);
        return ImapArgs.text(args.get(pos[0]++));
    }

    private static long number(String s) throws ImapException {
        try {
            return Long.parseLong(s);
        } catch (NumberFormatException e) {
            throw ImapException.bad(ImapReplies.BAD_ARGS);
        }
    }
}
