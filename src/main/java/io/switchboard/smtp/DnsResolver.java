package io.switchboard.smtp;

import javax.naming.NamingEnumeration;
import javax.naming.NamingException;
import javax.naming.directory.Attribute;
import javax.naming.directory.Attributes;
import javax.naming.directory.InitialDirContext;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Hashtable;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * The DNS lookups mail needs (TXT for SPF/DKIM, A/AAAA, MX). {@link #system} asks real DNS through
 * JNDI with short timeouts; {@link #caching} keeps answers for a while. Tests hand in a map-backed
 * stub, so nothing here needs a network.
 */
public interface DnsResolver {
    /** A lookup that could not be answered now (timeout, server failure): SPF "temperror". */
    final class DnsException extends Exception {
        public DnsException(String message) {
            super(message);
        }
    }

    List<String> txt(String name) throws DnsException;

    List<InetAddress> addresses(String name) throws DnsException;

    /** MX hosts by preference, lowest first. */
    List<String> mx(String name) throws DnsException;

    /** JNDI DNS with 2 s timeout and one retry; servers from {@code smtp.dns.servers} or the system's. */
    static DnsResolver system(Supplier<String> servers) {
        return new DnsResolver() {
            private InitialDirContext context() throws NamingException {
                Hashtable<String, String> env = new Hashtable<>();
                env.put("java.naming.factory.initial", "com.sun.jndi.dns.DnsContextFactory");
                env.put("com.sun.jndi.dns.timeout.initial", "2000");
                env.put("com.sun.jndi.dns.timeout.retries", "1");
                String s = servers.get();
                if (s != null && !s.isBlank()) {
                    StringBuilder url = new StringBuilder();
                    for (String one : s.split(",")) url.append(url.length() > 0 ? " " : "").append("dns://").append(one.trim());
                    env.put("java.naming.provider.url", url.toString());
                }
                return new InitialDirContext(env);
            }

            private List<String> records(String name, String type) throws DnsException {
                try {
                    InitialDirContext ctx = context();
                    try {
                        Attributes attrs = ctx.getAttributes(name, new String[]{type});
                        Attribute a = attrs.get(type);
                        List<String> out = new ArrayList<>();
                        if (a == null) return out;
                        NamingEnumeration<?> e = a.getAll();
                        while (e.hasMore()) out.add(String.valueOf(e.next()));
                        return out;
                    } finally {
                        ctx.close();
                    }
                } catch (javax.naming.NameNotFoundException e) {
                    return List.of();
                } catch (NamingException e) {
                    throw new DnsException(name + " " + type + ": " + e.getMessage());
                }
            }

            @Override
            public List<String> txt(String name) throws DnsException {
                List<String> out = new ArrayList<>();
                for (String r : records(name, "TXT")) out.add(joinTxt(r));
                return out;
            }

            @Override
            public List<InetAddress> addresses(String name) throws DnsException {
                List<InetAddress> out = new ArrayList<>();
                for (String type : new String[]{"A", "AAAA"}) {
                    for (String r : records(name, type)) {
                        try {
                            out.add(InetAddress.getByName(r.trim()));
                        } catch (java.net.UnknownHostException ignored) {
                            // not an address literal: skip
                        }
                    }
                }
                return out;
            }

            @Override
            public List<String> mx(String name) throws DnsException {
                List<String[]> pairs = new ArrayList<>();
                for (String r : records(name, "MX")) {
                    String[] p = r.trim().split("\\s+");
                    if (p.length == 2) pairs.add(p);
                }
                pairs.sort(Comparator.comparingInt(p -> Integer.parseInt(p[0])));
                List<String> out = new ArrayList<>();
                for (String[] p : pairs) out.add(p[1].endsWith(".") ? p[1].substring(0, p[1].length() - 1) : p[1]);
                return out;
            }
        };
    }

    /** JNDI returns a TXT record's strings quoted and space-separated: join them (RFC 7208 §3.3). */
    static String joinTxt(String r) {
        String s = r.trim();
        if (!s.startsWith("\"")) return s;
        StringBuilder b = new StringBuilder();
        boolean in = false;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '"') in = !in;
            else if (in) {
                if (c == '\\' && i + 1 < s.length()) c = s.charAt(++i);
                b.append(c);
            }
        }
        return b.toString();
    }

    /** Keeps answers (and "no such name") for {@code ttlMillis}; failures are not cached. */
    static DnsResolver caching(DnsResolver inner, long ttlMillis) {
        record Entry(Object value, long expires) {
        }
        Map<String, Entry> cache = new ConcurrentHashMap<>();
        return new DnsResolver() {
            @SuppressWarnings("unchecked")
            private <T> List<T> get(String key, Lookup<T> lookup) throws DnsException {
                Entry e = cache.get(key);
                long now = System.currentTimeMillis();
                if (e != null && e.expires() > now) return (List<T>) e.value();
                List<T> v = lookup.run();
                if (cache.size() > 10_000) cache.clear();
                cache.put(key, new Entry(v, now + ttlMillis));
                return v;
            }

            @Override
            public List<String> txt(String name) throws DnsException {
                return get("TXT " + name, () -> inner.txt(name));
            }

            @Override
            public List<InetAddress> addresses(String name) throws DnsException {
                return get("A " + name, () -> inner.addresses(name));
            }

            @Override
            public List<String> mx(String name) throws DnsException {
                return get("MX " + name, () -> inner.mx(name));
            }
        };
    }

    /** One lookup that may fail. */
    interface Lookup<T> {
        List<T> run() throws DnsException;
    }
}
