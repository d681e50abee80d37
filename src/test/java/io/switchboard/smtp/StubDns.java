package io.switchboard.smtp;

import java.net.InetAddress;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** A DnsResolver over maps the test fills in; {@code failing} makes TXT lookups time out (temperror). */
final class StubDns implements DnsResolver {
    final Map<String, List<String>> txt = new HashMap<>();
    final Map<String, List<InetAddress>> a = new HashMap<>();
    final Map<String, List<String>> mx = new HashMap<>();
    volatile boolean failing;

    @Override
    public List<String> txt(String name) throws DnsException {
        if (failing) throw new DnsException("timeout");
        return txt.getOrDefault(name, List.of());
    }

    @Override
    public List<InetAddress> addresses(String name) {
        return a.getOrDefault(name, List.of());
    }

    @Override
    public List<String> mx(String name) {
        return mx.getOrDefault(name, List.of());
    }
}
