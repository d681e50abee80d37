package io.switchboard.imap;

import io.switchboard.Module;
import io.switchboard.Server;
import io.switchboard.cluster.ClusterEvent;
import io.switchboard.cluster.ClusterModule;
import io.switchboard.config.ConfigKeys;
import io.switchboard.mail.MailStore;

import java.util.Map;
import java.util.WeakHashMap;

/**
 * The IMAP service over the SMTP module's mail tables: listeners on {@code imap.port} and
 * {@code imaps.port} while {@code imap.enabled} is true (hot), and new-mail pushes to IDLE
 * sessions from the {@code mail} entity events.
 */
public final class ImapModule implements Module {
    private static final Map<Server, ImapModule> BY_SERVER = java.util.Collections.synchronizedMap(new WeakHashMap<>());

    /** How often the expunge history is trimmed (imap.vanished.days, imap.vanished.max_per_mailbox). */
    static final long TRIM_PERIOD_SECONDS = 600;

    private ImapServer imap;
    private ExpungeLog expunges;
    private java.util.concurrent.ScheduledFuture<?> trimTimer;
    private MailStore mail;
    private Server server;

    @Override
    public String name() {
        return "imap";
    }

    /** The module of a running server (tests read the bound ports through it). */
    public static ImapModule of(Server server) {
        return BY_SERVER.get(server);
    }

    /** The bound port: 0 for the STARTTLS listener, 1 for implicit TLS; -1 when not running. */
    public int port(int index) {
        return imap != null && imap.isRunning() ? imap.boundPort(index) : -1;
    }

    /** Open IMAP connections (what /statistics shows; tests wait on it). */
    public int connectionCount() {
        return imap == null ? 0 : imap.connections().size();
    }

    @Override
    public void start(Server server) {
        this.server = server;
        mail = new MailStore(server.database(), server.entities(), server.blobs());
        expunges = new ExpungeLog(server.database(), () -> server.config().getLong(ConfigKeys.IMAP_VANISHED_DAYS),
                () -> server.config().getLong(ConfigKeys.IMAP_VANISHED_MAX_PER_MAILBOX));
        ImapStore store = new ImapStore(server.database(), server.entities(), mail, expunges);
        ImapAuthenticator auth = new ImapAuthenticator(server.config(), server.database(), server.entities(), server.accounts(), store);
        Mailboxes watchers = new Mailboxes();
        ImapContext ic = new ImapContext(server.config(), server.blocking(), server.tls(), store, auth, new ImapVerbs(), watchers,
                new CommandRunLimit.Counters());
        try {
            store.ensureIndexes();
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException("IMAP index on mail: " + e.getMessage(), e);
        }
        ClusterModule cluster = server.module(ClusterModule.class);
        server.eventBus().subscribe(ev -> {
            if (!ev.table().equals("mail") || ev.row() == null || !(ev.row().attributes().get("mail_box") instanceof String box)) return;
            // deliveries and APPEND/COPY publish their creates without an actor and took a mod-sequence already
            if (ev.type() == io.switchboard.entity.EntityEvent.Type.CREATE && ev.actorId() == null) {
                watchers.changedHere(box, null);
                return;
            }
            // a row made, changed or deleted through the JSON API takes its mod-sequence on the node where
            // it was made, which then announces it like an IMAP change; other nodes only wait for that
            if (cluster.replayingRemoteEvent()) return;
            Object movedFrom = ev.previous() == null ? null : ev.previous().attributes().get("mail_box");
            try {
                server.blocking().execute(() -> {
                    try {
                        store.recordApiChange(ev);
                    } catch (Exception e) {
                        org.slf4j.LoggerFactory.getLogger(ImapModule.class).warn("IMAP mod-sequence for API change: {}", e.toString());
                    }
                    watchers.changed(box, null);
                    if (movedFrom instanceof String old && !old.equals(box)) watchers.changed(old, null);
                });
            } catch (io.switchboard.net.BlockingExecutor.BusyException busy) {
                org.slf4j.LoggerFactory.getLogger(ImapModule.class).warn("IMAP: busy, API change to mail {} has no new mod-sequence",
                        ev.row().referenceId());
            }
        });
        shareChangesAcrossNodes(server, watchers);
        ExpungeLog history = expunges;
        server.stats().register("imap_limits", () -> {
            Map<String, Object> m = new java.util.LinkedHashMap<>();
            m.put("commands_stopped_by_run_limit", ic.runLimits().answeredNo.sum());
            m.put("closed_not_reading", ic.runLimits().closedNotReading.sum());
            m.putAll(history.stats());
            return m;
        });
        // the trim is database work: the event-loop timer only hands it to the blocking pool
        trimTimer = server.loops().workers().next().scheduleAtFixedRate(() -> {
            try {
                server.blocking().execute(this::trimExpungeHistory);
            } catch (io.switchboard.net.BlockingExecutor.BusyException busy) {
                // the next period tries again
            }
        }, TRIM_PERIOD_SECONDS, TRIM_PERIOD_SECONDS, java.util.concurrent.TimeUnit.SECONDS);
        imap = new ImapServer(ic);
        BY_SERVER.put(server, this);
        server.toggle(imap, ConfigKeys.IMAP_ENABLED);
        ImapServer listening = imap;
        server.stats().register("imap", () -> Map.of("listening", listening.isRunning(), "connections", listening.connections().size()));
        server.stats().register("imap_fetch", SectionStream::stats);
    }

    /**
     * With several nodes (the cluster bus is on), a STORE, EXPUNGE or MOVE made here is announced on
     * the bus, and another node's announcement makes the sessions here that have the folder selected
     * catch up (IDLE at once, others at their next command): they read the change from the shared
     * rows by mod-sequence, so the event carries only the folder id.
     */
    private static void shareChangesAcrossNodes(Server server, Mailboxes watchers) {
        server.module(ClusterModule.class).clusterBus().ifPresent(bus -> {
            watchers.announceTo(boxId -> bus.publish(ClusterEvent.MAILBOX, ClusterEvent.MAILBOX_TOPIC, boxId));
            bus.subscribe(ev -> {
                if (ClusterEvent.MAILBOX.equals(ev.kind())) watchers.changedHere(ev.payload(), null);
            });
        });
    }

    /** One pass of the expunge-history trim (blocking pool). */
    void trimExpungeHistory() {
        try {
            long n = expunges.trim();
            if (n > 0) org.slf4j.LoggerFactory.getLogger(ImapModule.class).info("IMAP: forgot {} old expunged UIDs", n);
        } catch (java.sql.SQLException e) {
            org.slf4j.LoggerFactory.getLogger(ImapModule.class).warn("IMAP expunge history trim: {}", e.toString());
        }
    }

    @Override
    public void stop() {
        if (trimTimer != null) trimTimer.cancel(false);
        if (imap != null) imap.stop();
        if (mail != null) mail.close();
        BY_SERVER.remove(server);
    }
}
