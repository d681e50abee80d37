package io.switchboard.mail;

import io.switchboard.entity.EntityEvent;
import io.switchboard.entity.EntityRow;
import io.switchboard.store.Database;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The mail accounts and servers held in memory, so RCPT TO and listener changes never wait for
 * the database on an event loop. Loaded once, then kept current from entity events (which are
 * published after commit, before the API answers, so a created account is known at once).
 */
public final class MailDirectory {
    /** One mail_account row: the address is the lower-cased username. */
    public record Account(String id, String address, String userId, String owner, String serverId, long quota) {
        /** Who owns the account's folders and mail: its linked user, else the row's owner. */
        public String mailOwner() {
            return userId != null && !userId.isBlank() ? userId : owner;
        }
    }

    /** One mail_server row with the documented defaults applied. */
    public record ServerRow(String id, String hostname, boolean enabled, String listen, long maxSize, int maxClients,
                            boolean alwaysOnTls, boolean authRequired) {
    }

    private final Map<String, Account> byAddress = new ConcurrentHashMap<>();
    private final Map<String, Account> byId = new ConcurrentHashMap<>();
    private final Map<String, ServerRow> servers = new ConcurrentHashMap<>();

    public void load(Database db) throws SQLException {
        db.withConnection(c -> {
            try (PreparedStatement ps = c.prepareStatement(
                    "SELECT \"reference_id\", \"username\", \"user_account\", \"owner\", \"mail_server\", \"quota\" FROM \"mail_account\"");
                 ResultSet rs = ps.executeQuery()) {
                while (rs.next()) put(new Account(rs.getString(1), norm(rs.getString(2)), rs.getString(3), rs.getString(4), rs.getString(5), rs.getLong(6)));
            }
            try (PreparedStatement ps = c.prepareStatement("SELECT \"reference_id\", \"hostname\", \"is_enabled\", \"listen_interface\", "
                    + "\"max_size\", \"max_clients\", \"always_on_tls\", \"authentication_required\" FROM \"mail_server\"");
                 ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    ServerRow s = new ServerRow(rs.getString(1), rs.getString(2), rs.getBoolean(3), rs.getString(4),
                            rs.getObject(5) == null ? 0 : rs.getLong(5), rs.getObject(6) == null ? 0 : rs.getInt(6),
                            rs.getObject(7) == null || rs.getBoolean(7), rs.getObject(8) == null || rs.getBoolean(8));
                    servers.put(s.id(), s);
                }
            }
            return null;
        });
    }

    /** Applies a committed change; returns true when it concerned a mail server. */
    public boolean apply(EntityEvent ev) {
        EntityRow row = ev.row();
        if (ev.table().equals("mail_account")) {
            Account old = byId.remove(row.referenceId());
            if (old != null) byAddress.remove(old.address());
            if (ev.type() != EntityEvent.Type.DELETE) {
                Map<String, Object> a = row.attributes();
                put(new Account(row.referenceId(), norm((String) a.get("username")), (String) a.get("user_account"), row.owner(),
                        (String) a.get("mail_server"), num(a.get("quota"))));
            }
            return false;
        }
        if (ev.table().equals("mail_server")) {
            if (ev.type() == EntityEvent.Type.DELETE) servers.remove(row.referenceId());
            else servers.put(row.referenceId(), serverRow(row));
            return true;
        }
        return false;
    }

    static ServerRow serverRow(EntityRow row) {
        Map<String, Object> a = row.attributes();
        return new ServerRow(row.referenceId(), (String) a.get("hostname"), Boolean.TRUE.equals(a.get("is_enabled")),
                (String) a.get("listen_interface"), num(a.get("max_size")), (int) num(a.get("max_clients")),
                !Boolean.FALSE.equals(a.get("always_on_tls")), !Boolean.FALSE.equals(a.get("authentication_required")));
    }

    private static long num(Object o) {
        return o instanceof Number n ? n.longValue() : 0;
    }

    private void put(Account a) {
        if (a.address() == null) return;
        byAddress.put(a.address(), a);
        byId.put(a.id(), a);
    }

    public Account account(String address) {
        return address == null ? null : byAddress.get(norm(address));
    }

    public Account accountById(String id) {
        return id == null ? null : byId.get(id);
    }

    /** Accounts linked to a user (their owner or linked user_account). */
    public List<Account> accountsOf(String userId) {
        List<Account> out = new ArrayList<>();
        for (Account a : byId.values()) if (userId != null && (userId.equals(a.userId()) || userId.equals(a.owner()))) out.add(a);
        return out;
    }

    public ServerRow server(String id) {
        return servers.get(id);
    }

    public List<ServerRow> servers() {
        return List.copyOf(servers.values());
    }

    /**
     * Local domains: {@code smtp.local_domains} when set, else every mail_server hostname plus the
     * domains of existing mail accounts (so "mail.example.org" serving "@example.org" works).
     */
    public boolean isLocalDomain(String domain, String configured) {
        String d = domain.toLowerCase(Locale.ROOT);
        if (configured != null && !configured.isBlank()) {
            for (String s : configured.split(",")) if (s.trim().equalsIgnoreCase(d)) return true;
            return false;
        }
        for (ServerRow s : servers.values()) if (s.hostname() != null && s.hostname().equalsIgnoreCase(d)) return true;
        for (Account a : byId.values()) if (a.address().endsWith("@" + d)) return true;
        return false;
    }

    public Set<String> addresses() {
        return Set.copyOf(byAddress.keySet());
    }

    public static String norm(String address) {
        return address == null ? null : address.trim().toLowerCase(Locale.ROOT);
    }
}
