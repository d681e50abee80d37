package io.switchboard.imap;

import io.switchboard.Module;
import io.switchboard.Server;
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

    private ImapServer imap;
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

    @Override
    public void start(Server server) {
        this.server = server;
        mail = new MailStore(server.database(), server.entities(), server.blobs());
        ImapStore store = new ImapStore(server.database(), server.entities(), mail);
        ImapAuthenticator auth = new ImapAuthenticator(server.config(), server.database(), server.entities(), server.accounts(), store);
        Mailboxes watchers = new Mailboxes();
        ImapContext ic = new ImapContext(server.config(), server.blocking(), server.tls(), store, auth, new ImapVerbs(), watchers);
        try {
            store.ensureIndexes();
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException("IMAP index on mail: " + e.getMessage(), e);
        }
        server.eventBus().subscribe(ev -> {
            if (!ev.table().equals("mail") || ev.row() == null || !(ev.row().attributes().get("mail_box") instanceof String box)) return;
            // deliveries and APPEND/COPY publish their creates without an actor and took a mod-sequence already
            if (ev.type() == io.switchboard.entity.EntityEvent.Type.CREATE && ev.actorId() == null) {
                watchers.changed(box, null);
                return;
            }
            // a row made, changed or deleted through the JSON API: it takes a mod-sequence first (off the
            // publishing thread), then sessions look
            try {
                server.blocking().execute(() -> {
                    try {
                        store.recordApiChange(ev);
                    } catch (Exception e) {
                        org.slf4j.LoggerFactory.getLogger(ImapModule.class).warn("IMAP mod-sequence for API change: {}", e.toString());
                    }
                    watchers.changed(box, null);
                });
            } catch (io.switchboard.net.BlockingExecutor.BusyException busy) {
                org.slf4j.LoggerFactory.getLogger(ImapModule.class).warn("IMAP: busy, API change to mail {} has no new mod-sequence",
                        ev.row().referenceId());
            }
        });
        imap = new ImapServer(ic);
        BY_SERVER.put(server, this);
        server.toggle(imap, ConfigKeys.IMAP_ENABLED);
        ImapServer listening = imap;
        server.stats().register("imap", () -> Map.of("listening", listening.isRunning(), "connections", listening.connections().size()));
        server.stats().register("imap_fetch", SectionStream::stats);
    }

    @Override
    public void stop() {
        if (imap != null) imap.stop();
        if (mail != null) mail.close();
        BY_SERVER.remove(server);
    }
}
