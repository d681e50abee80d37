package io.switchboard.smtp;

import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * SPF check_host() (RFC 7208 §4) with all, ip4, ip6, a, mx, include, exists (ptr never matches,
 * §5.5), the redirect and exp modifiers, macros in every domain-spec ({@link SpfMacro}, §7) and
 * the 10-lookup limit (§4.6.4). A FAIL carries the explanation of the record's exp= (§6.2).
 */
public final class SpfEvaluator {
    public enum Result { PASS, FAIL, SOFTFAIL, NEUTRAL, NONE, PERMERROR, TEMPERROR;

        public String lower() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /** The result, and for FAIL the expanded exp= text (null when there is none). */
    public record Evaluation(Result result, String explanation) {
    }

    private static final int MAX_LOOKUPS = 10;
    /** §4.6.4: an MX answer with more names than this is a permerror. */
    private static final int MAX_MX_NAMES = 10;
    /** a/mx with optional domain-spec and dual CIDR: "a", "a:x", "a/24", "a:x/24//64", "a//64". */
    private static final Pattern TARGET_AND_CIDR = Pattern.compile("(.*?)(?:/(\\d{1,2}))?(?://(\\d{1,3}))?");
    private static final Pattern MODIFIER = Pattern.compile("([A-Za-z][A-Za-z0-9_.-]*)=(.*)");

    private final DnsResolver dns;
    private final String receiver;

    public SpfEvaluator(DnsResolver dns) {
        this(dns, "unknown");
    }

    /** {@code receiver} is this host's name, for %{r} in explanations. */
    public SpfEvaluator(DnsResolver dns, String receiver) {
        this.dns = dns;
        this.receiver = receiver;
    }

    /** check_host() for a bare domain (sender postmaster@domain, HELO = domain). */
    public Result check(InetAddress ip, String domain) {
        if (domain == null || domain.isBlank()) return Result.NONE;
        return evaluate(ip, "postmaster@" + domain, domain).result();
    }

    /**
     * check_host() for a transaction: {@code mailFrom} may be empty (then the HELO identity is
     * checked as postmaster@HELO, §2.4).
     */
    public Evaluation evaluate(InetAddress ip, String mailFrom, String helo) {
        String h = helo == null ? "" : helo;
        String sender = mailFrom == null || mailFrom.isEmpty() ? "postmaster@" + h : mailFrom;
        int at = sender.lastIndexOf('@');
        String domain = (at < 0 ? sender : sender.substring(at + 1)).toLowerCase(Locale.ROOT);
        if (domain.isBlank()) return new Evaluation(Result.NONE, null);
        SpfMacro.Context ctx = new SpfMacro.Context(sender, domain, ip, h, receiver, System.currentTimeMillis() / 1000);
        try {
            return checkHost(ctx, new int[]{0}, 0);
        } catch (DnsResolver.DnsException e) {
            return new Evaluation(Result.TEMPERROR, null);
        } catch (SpfMacro.SyntaxError e) {
            return new Evaluation(Result.PERMERROR, null);
        }
    }

    private Evaluation checkHost(SpfMacro.Context ctx, int[] lookups, int depth) throws DnsResolver.DnsException, SpfMacro.SyntaxError {
        if (depth > MAX_LOOKUPS) return new Evaluation(Result.PERMERROR, null);
        String record = null;
        for (String txt : dns.txt(ctx.domain())) {
            String t = txt.trim();
            if (t.equalsIgnoreCase("v=spf1") || t.toLowerCase(Locale.ROOT).startsWith("v=spf1 ")) {
                if (record != null) return new Evaluation(Result.PERMERROR, null); // §4.5: more than one record
                record = t;
            }
        }
        if (record == null) return new Evaluation(Result.NONE, null);
        String[] terms = record.split(" +");
        String redirect = null;
        String exp = null;
        List<String> mechanisms = new ArrayList<>();
        for (int i = 1; i < terms.length; i++) {
            String term = terms[i];
            if (term.isEmpty()) continue;
            Matcher mod = MODIFIER.matcher(term);
            if (mod.matches()) {
                String name = mod.group(1).toLowerCase(Locale.ROOT);
                if (name.equals("redirect") || name.equals("exp")) {
                    // §6: each at most once
                    if (name.equals("redirect") ? redirect != null : exp != null) return new Evaluation(Result.PERMERROR, null);
                    if (name.equals("redirect")) redirect = mod.group(2);
                    else exp = mod.group(2);
                }
                continue; // §6: unknown modifiers are ignored
            }
            mechanisms.add(term);
        }
        for (String term : mechanisms) {
            char q = term.charAt(0);
            Result onMatch = Result.PASS;
            if (q == '+' || q == '-' || q == '~' || q == '?') {
                onMatch = q == '-' ? Result.FAIL : q == '~' ? Result.SOFTFAIL : q == '?' ? Result.NEUTRAL : Result.PASS;
                term = term.substring(1);
            }
            Boolean match = mechanism(ctx, term, lookups, depth);
            if (match == null) return new Evaluation(Result.PERMERROR, null);
            if (match) return new Evaluation(onMatch, onMatch == Result.FAIL ? explanation(ctx, exp) : null);
        }
        if (redirect != null) {
            if (++lookups[0] > MAX_LOOKUPS) return new Evaluation(Result.PERMERROR, null);
            Evaluation r = checkHost(ctx.withDomain(SpfMacro.domain(redirect, ctx)), lookups, depth + 1);
            return r.result() == Result.NONE ? new Evaluation(Result.PERMERROR, null) : r;
        }
        return new Evaluation(Result.NEUTRAL, null);
    }

    /** §6.2: the TXT record named by exp=, itself expanded; any problem means no explanation. */
    private String explanation(SpfMacro.Context ctx, String exp) {
        if (exp == null) return null;
        try {
            List<String> txt = dns.txt(SpfMacro.domain(exp, ctx));
            if (txt.size() != 1) return null;
            return SpfMacro.expand(txt.get(0), ctx, true);
        } catch (DnsResolver.DnsException | SpfMacro.SyntaxError e) {
            return null;
        }
    }

    /** True/false for a match, null for a syntax or limit error. */
    private Boolean mechanism(SpfMacro.Context ctx, String term, int[] lookups, int depth)
            throws DnsResolver.DnsException, SpfMacro.SyntaxError {
        int k = 0;
        while (k < term.length() && Character.isLetterOrDigit(term.charAt(k))) k++;
        String name = term.substring(0, k).toLowerCase(Locale.ROOT);
        String rest = term.substring(k);
        switch (name) {
            case "all":
                return rest.isEmpty() ? Boolean.TRUE : null;
            case "ip4":
            case "ip6": {
                if (!rest.startsWith(":")) return null;
                return inCidr(ctx.ip(), rest.substring(1));
            }
            case "a":
            case "mx": {
                if (++lookups[0] > MAX_LOOKUPS) return null;
                if (!rest.isEmpty() && rest.charAt(0) != ':' && rest.charAt(0) != '/') return null;
                Matcher m = TARGET_AND_CIDR.matcher(rest.startsWith(":") ? rest.substring(1) : rest);
                if (!m.matches()) return null;
                String target = m.group(1).isEmpty() ? ctx.domain() : SpfMacro.domain(m.group(1), ctx);
                if (rest.startsWith(":") && m.group(1).isEmpty()) return null;
                int bits4 = m.group(2) == null ? 32 : Integer.parseInt(m.group(2));
                int bits6 = m.group(3) == null ? 128 : Integer.parseInt(m.group(3));
                if (bits4 > 32 || bits6 > 128) return null;
                List<String> hosts = name.equals("a") ? List.of(target) : dns.mx(target);
                if (hosts.size() > MAX_MX_NAMES) return null;
                for (String h : hosts) {
                    for (InetAddress a : dns.addresses(h)) {
                        int bits = a.getAddress().length == 4 ? bits4 : bits6;
                        if (Boolean.TRUE.equals(inCidr(ctx.ip(), a.getHostAddress() + "/" + bits))) return true;
                    }
                }
                return false;
            }
            case "include": {
                if (!rest.startsWith(":") || rest.length() < 2 || ++lookups[0] > MAX_LOOKUPS) return null;
                Result r = checkHost(ctx.withDomain(SpfMacro.domain(rest.substring(1), ctx)), lookups, depth + 1).result();
                if (r == Result.PASS) return true;
                if (r == Result.PERMERROR || r == Result.NONE) return null;
                if (r == Result.TEMPERROR) throw new DnsResolver.DnsException("include " + rest.substring(1));
                return false;
            }
            case "exists": {
                if (!rest.startsWith(":") || rest.length() < 2 || ++lookups[0] > MAX_LOOKUPS) return null;
                return !dns.addresses(SpfMacro.domain(rest.substring(1), ctx)).isEmpty();
            }
            case "ptr":
                if (!rest.isEmpty() && !rest.startsWith(":")) return null;
                if (rest.startsWith(":")) SpfMacro.domain(rest.substring(1), ctx); // still a syntax check
                return false; // §5.5: "SHOULD NOT be used"; treated as no match
            default:
                return null;
        }
    }

    /** Whether ip lies in "addr[/bits]"; null when the text is not an address. */
    static Boolean inCidr(InetAddress ip, String spec) {
        try {
            int slash = spec.indexOf('/');
            InetAddress net = InetAddress.getByName(slash < 0 ? spec : spec.substring(0, slash));
            byte[] a = ip.getAddress();
            byte[] b = net.getAddress();
            if (a.length != b.length) return false;
            int bits = slash < 0 ? a.length * 8 : Integer.parseInt(spec.substring(slash + 1));
            for (int i = 0; i < a.length && bits > 0; i++, bits -= 8) {
                int mask = bits >= 8 ? 0xff : (0xff << (8 - bits)) & 0xff;
                if ((a[i] & mask) != (b[i] & mask)) return false;
            }
            return true;
        } catch (Exception e) {
            return null;
        }
    }
}
