package io.switchboard.smtp;

import java.net.InetAddress;
import java.util.List;
import java.util.Locale;

/**
 * SPF check_host() (RFC 7208 §4) for the mechanisms seen in practice: all, ip4, ip6, a, mx,
 * include, exists and the redirect modifier, with the 10-lookup limit (§4.6.4). Macros (§7) are
 * not expanded: a record using them gives permerror.
 */
public final class SpfEvaluator {
    public enum Result { PASS, FAIL, SOFTFAIL, NEUTRAL, NONE, PERMERROR, TEMPERROR;

        public String lower() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    private static final int MAX_LOOKUPS = 10;

    private final DnsResolver dns;

    public SpfEvaluator(DnsResolver dns) {
        this.dns = dns;
    }

    public Result check(InetAddress ip, String domain) {
        if (domain == null || domain.isBlank()) return Result.NONE;
        int[] lookups = {0};
        try {
            return checkHost(ip, domain.toLowerCase(Locale.ROOT), lookups, 0);
        } catch (DnsResolver.DnsException e) {
            return Result.TEMPERROR;
        }
    }

    private Result checkHost(InetAddress ip, String domain, int[] lookups, int depth) throws DnsResolver.DnsException {
        if (depth > MAX_LOOKUPS) return Result.PERMERROR;
        String record = null;
        for (String txt : dns.txt(domain)) {
            String t = txt.trim();
            if (t.equalsIgnoreCase("v=spf1") || t.toLowerCase(Locale.ROOT).startsWith("v=spf1 ")) {
                if (record != null) return Result.PERMERROR; // §4.5: more than one record
                record = t;
            }
        }
        if (record == null) return Result.NONE;
        String redirect = null;
        String[] terms = record.split("\\s+");
        for (int i = 1; i < terms.length; i++) {
            String term = terms[i].toLowerCase(Locale.ROOT);
            if (term.isEmpty()) continue;
            if (term.contains("%{")) return Result.PERMERROR;
            if (term.startsWith("redirect=")) {
                redirect = term.substring(9);
                continue;
            }
            if (term.contains("=")) continue; // unknown modifier (exp= included): ignored
            char q = term.charAt(0);
            Result onMatch = Result.PASS;
            if (q == '+' || q == '-' || q == '~' || q == '?') {
                onMatch = q == '-' ? Result.FAIL : q == '~' ? Result.SOFTFAIL : q == '?' ? Result.NEUTRAL : Result.PASS;
                term = term.substring(1);
            }
            Boolean match = mechanism(ip, domain, term, lookups, depth);
            if (match == null) return Result.PERMERROR;
            if (match) return onMatch;
        }
        if (redirect != null) {
            if (++lookups[0] > MAX_LOOKUPS) return Result.PERMERROR;
            Result r = checkHost(ip, redirect, lookups, depth + 1);
            return r == Result.NONE ? Result.PERMERROR : r;
        }
        return Result.NEUTRAL;
    }

    /** True/false for a match, null for a syntax or limit error. */
    private Boolean mechanism(InetAddress ip, String domain, String term, int[] lookups, int depth) throws DnsResolver.DnsException {
        String name = term;
        String arg = null;
        int sep = indexOfAny(term, ":/");
        if (sep >= 0) {
            name = term.substring(0, sep);
            arg = term.substring(term.charAt(sep) == ':' ? sep + 1 : sep);
        }
        switch (name) {
            case "all":
                return true;
            case "ip4":
            case "ip6": {
                if (arg == null) return null;
                return inCidr(ip, arg);
            }
            case "a":
            case "mx": {
                if (++lookups[0] > MAX_LOOKUPS) return null;
                String target = domain;
                String cidr = null;
                if (arg != null) {
                    int slash = arg.indexOf('/');
                    if (slash >= 0) {
                        cidr = arg.substring(slash);
                        arg = arg.substring(0, slash);
                    }
                    if (!arg.isEmpty()) target = arg;
                }
                List<String> hosts = name.equals("a") ? List.of(target) : dns.mx(target);
                for (String h : hosts) {
                    for (InetAddress a : dns.addresses(h)) {
                        if (cidr == null ? a.equals(ip) : Boolean.TRUE.equals(inCidr(ip, a.getHostAddress() + cidr))) return true;
                    }
                }
                return false;
            }
            case "include": {
                if (arg == null || ++lookups[0] > MAX_LOOKUPS) return null;
                Result r = checkHost(ip, arg, lookups, depth + 1);
                if (r == Result.PASS) return true;
                if (r == Result.PERMERROR || r == Result.NONE) return null;
                if (r == Result.TEMPERROR) throw new DnsResolver.DnsException("include " + arg);
                return false;
            }
            case "exists": {
                if (arg == null || ++lookups[0] > MAX_LOOKUPS) return null;
                return !dns.addresses(arg).isEmpty();
            }
            case "ptr":
                return false; // §5.5: "SHOULD NOT be used"; treated as no match
            default:
                return null;
        }
    }

    private static int indexOfAny(String s, String chars) {
        for (int i = 0; i < s.length(); i++) if (chars.indexOf(s.charAt(i)) >= 0) return i;
        return -1;
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
