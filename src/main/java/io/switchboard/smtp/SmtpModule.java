package io.switchboard.smtp;

import io.switchboard.Module;
import io.switchboard.Server;
import io.switchboard.config.ConfigKeys;
import io.switchboard.entity.EntityEvent;
import io.switchboard.entity.EntitySchema;
import io.switchboard.mail.MailAccountAccess;
import io.switchboard.mail.MailCredentials;
import io.switchboard.mail.MailDirectory;
import io.switchboard.mail.MailSpool;
import io.switchboard.mail.SpoolReclaimer;
import io.switchboard.mail.MailStore;
import io.switchboard.mail.MailTables;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.sql.Statement;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.WeakHashMap;
import java.util.concurrent.TimeUnit;

/**
 * The SMTP service: one listener per enabled mail_server row while {@code smtp.enable} is true
 * (both change live), the durable outbox, and the mail actions.
 */
public final class SmtpModule implements Module {
    private static final Logger log = LoggerFactory.getLogger(SmtpModule.class);
    private static final Map<Server, SmtpModule> BY_SERVER = java.util.Collections.synchronizedMap(new WeakHashMap<>());

    private Server server;
    private final MailDirectory directory = new MailDirectory();
    private final Map<String, SmtpServer> running = new HashMap<>();
    private volatile DnsResolver resolver;
    private OutboundQueue outbox;
    private MailStore store;
    private io.netty.util.concurrent.ScheduledFuture<?> sweeper;
    private io.netty.util.concurrent.ScheduledFuture<?> reclaim;

    @Override
    public String name() {
        return "smtp";
    }

    @Override
    public List<EntitySchema> builtinTables() {
        return MailTables.all();
    }

    /** The module running inside a server (tests reach ports and the DNS stub through it). */
    public static SmtpModule of(Server server) {
        return BY_SERVER.get(server);
    }

    /** Replaces the DNS resolver (tests: a stub; nothing else should need this). */
    public void resolver(DnsResolver dns) {
        this.resolver = dns;
    }

    /** The bound port of the running listener of the mail_server with this hostname, or -1. */
    public synchronized int port(String hostname) {
        for (SmtpServer s : running.values()) if (hostname.equalsIgnoreCase(s.row().hostname()) && s.isRunning()) return s.boundPort(0);
        return -1;
    }

    public MailDirectory directory() {
        return directory;
    }

    /** The mail store SMTP writes through (tests read stored messages with it). */
    public MailStore store() {
        return store;
    }

    @Override
    public void start(Server server) throws Exception {
        this.server = server;
        BY_SERVER.put(server, this);
        server.database().withConnection(c -> {
            try (Statement s = c.createStatement()) {
                for (String sql : MailTables.indexes()) s.execute(sql);
            }
            return null;
        });
        MailAccountAccess.repair(server.database());
        server.entities().addWriteGuard(MailAccountAccess::ownByLinkedUser);
        directory.load(server.database());
        DnsResolver system = DnsResolver.caching(DnsResolver.system(() -> server.config().get(ConfigKeys.SMTP_DNS_SERVERS)), 300_000);
        resolver = system;
        // new mail goes to group-flushed spool segments inside blob storage (see MailSpool)
        MailSpool spool = MailSpool.open(server.dataDir().resolve("blobs"), server.blobs());
        store = new MailStore(server.database(), server.entities(), server.blobs(), spool);
        if (spool != null) {
            // segments whose every message was deleted give their disk space back (hourly)
            SpoolReclaimer reclaimer = new SpoolReclaimer(server.database(), spool.directory(), spool::writing);
            reclaim = server.loops().workers().next().scheduleWithFixedDelay(() -> {
                try {
                    server.blocking().execute(() -> reclaimer.reclaim(java.time.Instant.now()));
                } catch (RuntimeException busy) {
                    // next round
                }
            }, 1, 60, TimeUnit.MINUTES);
        }
        DkimKeys keys = new DkimKeys(server.storedConfig());
        outbox = new OutboundQueue(server.config(), server.database(), server.entities(), store, directory, server.blocking(), () -> resolver);
        MessageIntake intake = new MessageIntake(server.config(), server.database(), server.entities(), store, directory, () -> resolver, keys, outbox);
        MailCredentials auth = new MailCredentials(server.config(), server.database(), server.entities(), server.accounts(), "smtp");
        SmtpContext sc = new SmtpContext(server.config(), directory, server.blocking(), server.tls(), new SmtpVerbs(), auth, intake,
                server.http().rateLimiter());
        new MailActions(server.config(), server.database(), server.entities(), store, directory, intake, outbox, keys).register(server.actions());
        server.eventBus().subscribe(ev -> {
            boolean serverChanged = directory.apply(ev);
            if (serverChanged) server.blocking().execute(() -> reconcile(sc));
            if (ev.table().equals("mail_account") && ev.type() == EntityEvent.Type.UPDATE && ev.previous() != null
                    && !Objects.equals(ev.previous().owner(), ev.row().owner())) {
                String account = ev.row().referenceId();
                server.blocking().execute(() -> reown(account));
            }
            if (ev.table().equals("mail_account") && ev.type() == EntityEvent.Type.CREATE) {
                MailDirectory.Account created = directory.accountById(ev.row().referenceId());
                if (created != null) server.blocking().execute(() -> createFolders(store, created.id(), created.mailOwner()));
            }
        });
        server.config().watch(ConfigKeys.SMTP_ENABLE, v -> server.blocking().execute(() -> reconcile(sc)));
        reconcile(sc);
        sweeper = server.loops().workers().next().scheduleWithFixedDelay(() -> {
            try {
                server.blocking().execute(outbox::sweep);
            } catch (RuntimeException busy) {
                // next round
            }
        }, 1, 1, TimeUnit.SECONDS);
        server.stats().register("smtp", () -> Map.of("listeners", runningCount(), "accounts", directory.addresses().size(),
                "accepted", intake.accepted.get(), "junk", intake.junked.get(), "refused_after_data", intake.refused.get(),
                "outbox_sent", outbox.sent.get(), "outbox_deferred", outbox.deferred.get(), "outbox_bounced", outbox.bounced.get()));
        outbox.heloName(directory.servers().stream().map(MailDirectory.ServerRow::hostname).filter(Objects::nonNull).findFirst().orElse("localhost"));
    }

    private synchronized int runningCount() {
        return running.size();
    }

    private void createFolders(MailStore store, String accountId, String owner) {
        try {
            server.database().inTransaction(c -> {
                store.ensureDefaultFolders(c, accountId, owner);
                return null;
            });
        } catch (Exception e) {
            log.debug("default folders of {}: {}", accountId, e.toString()); // created by a delivery meanwhile
        }
    }

    /** The account was given to another user: its folders and messages follow. */
    private void reown(String accountId) {
        try {
            server.database().inTransaction(c -> {
                MailAccountAccess.reown(c, accountId);
                return null;
            });
        } catch (Exception e) {
            log.warn("cannot hand the mail of account {} to its new user: {}", accountId, e.toString());
        }
    }

    /** Brings the listeners in line with the rows and {@code smtp.enable}. */
    private synchronized void reconcile(SmtpContext sc) {
        boolean enabled = server.config().getBoolean(ConfigKeys.SMTP_ENABLE);
        Map<String, MailDirectory.ServerRow> wanted = new HashMap<>();
        if (enabled) for (MailDirectory.ServerRow r : directory.servers()) if (r.enabled()) wanted.put(r.id(), r);
        for (var it = running.entrySet().iterator(); it.hasNext(); ) {
            var e = it.next();
            MailDirectory.ServerRow w = wanted.get(e.getKey());
            if (w == null || !w.equals(e.getValue().row())) {
                e.getValue().stop();
                it.remove();
            }
        }
        for (MailDirectory.ServerRow r : wanted.values()) {
            if (running.containsKey(r.id())) continue;
            SmtpServer s = new SmtpServer(sc, r);
            try {
                s.start(server.loops(), server.connectionStats());
                running.put(r.id(), s);
                if (outbox != null) outbox.heloName(r.hostname());
            } catch (Exception e) {
                log.error("cannot start SMTP listener for {}: {}", r.hostname(), e.toString());
            }
        }
    }

    @Override
    public void stop() {
        if (sweeper != null) sweeper.cancel(false);
        if (reclaim != null) reclaim.cancel(false);
        synchronized (this) {
            for (SmtpServer s : running.values()) s.stop();
            running.clear();
        }
        if (store != null) store.close();
        BY_SERVER.remove(server);
    }
}
