package io.switchboard.ftp;

import io.switchboard.Module;
import io.switchboard.Server;
import io.switchboard.config.ConfigKeys;
import io.switchboard.entity.EntitySchema;
import io.switchboard.site.Sites;
import io.switchboard.store.StorageQuota;

import org.slf4j.LoggerFactory;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * FTP and FTPS over the sites' storage (issue 9). The listeners follow {@code ftp.enable} live;
 * the {@code site} table is declared here since FTP is the module that builds site storage.
 */
public final class FtpModule implements Module {
    private FtpServer server;
    private StorageQuota quota;

    @Override
    public String name() {
        return "ftp";
    }

    @Override
    public List<EntitySchema> builtinTables() {
        return List.of(Sites.SCHEMA);
    }

    @Override
    public void start(Server s) {
        // the one storage quota DAV charges too: site files count against the site's owner (counted from
        // disk, kept in memory: an upload costs no database write)
        quota = Sites.registerQuota(s);
        FtpContext ctx = new FtpContext(s.config(), s.accounts(), s.blocking(), s.loops(), new FtpFileSystem(Sites.directory(s)),
                new FtpLimits(s.config()), () -> s.tls().server(), quota);
        server = new FtpServer(ctx);
        s.stats().register("ftp", () -> {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("running", server.isRunning());
            m.put("sessions", ctx.sessions.get());
            m.put("bytes_in", ctx.bytesIn.get());
            m.put("bytes_out", ctx.bytesOut.get());
            m.put("refused_data_connections", ctx.stolenDataConnections.get());
            m.put("session_bandwidth_waits", ctx.sessionBandwidthWaits.get());
            m.put("user_bandwidth_waits", ctx.userBandwidthWaits.get());
            return m;
        });
        // build (or generate) the TLS pair now, off the event loops, so no handshake waits for it
        s.blocking().execute(() -> {
            try {
                s.tls().server();
            } catch (Exception e) {
                LoggerFactory.getLogger(FtpModule.class).warn("FTPS unavailable: {}", e.toString());
            }
        });
        s.toggle(server, ConfigKeys.FTP_ENABLE);
    }

    @Override
    public void stop() {
        // nothing to flush: the quota keeps no counts in the database
    }

    /** The storage quota FTP uploads are charged to (the server's one {@link StorageQuota}, shared with DAV). */
    public StorageQuota quota() {
        return quota;
    }

    /** The running FTP server (tests read its bound ports). */
    public FtpServer ftpServer() {
        return server;
    }
}
