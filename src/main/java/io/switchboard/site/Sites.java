package io.switchboard.site;

import io.switchboard.Server;
import io.switchboard.auth.Permission;
import io.switchboard.entity.BuiltinTables;
import io.switchboard.entity.ColumnSpec;
import io.switchboard.entity.EntitySchema;

import io.switchboard.store.StorageQuota;

import java.io.IOException;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.WeakHashMap;

/**
 * The {@code site} table (shared/protocols/builtin-tables.md) and the one {@link SiteDirectory} of
 * a running server. Only administrators create sites (the table grants users peek and read); a
 * site row's own permission says who may read its files (READ: list, download) and who may change
 * them (CREATE: upload, rename, delete). The FTP module declares the table; DAV finds it through {@link #directory}.
 */
public final class Sites {
    public static final String TABLE = "site";

    public static final EntitySchema SCHEMA = BuiltinTables.builtin(TABLE, Permission.DEFAULT_ROW, Permission.GROUP_PEEK_READ,
            new ColumnSpec("name", "label", "varchar(200)", true, false),
            new ColumnSpec("hostname", "label", "varchar(253)", false, true),
            new ColumnSpec("path", "label", "varchar(1000)", true, false),
            new ColumnSpec("ftp_enabled", "boolean", "boolean", true, false),
            new ColumnSpec("enable", "boolean", "boolean", true, false));

    private static final Map<Server, SiteDirectory> DIRECTORIES = new WeakHashMap<>();

    private Sites() {
    }

    /** The site directory of a running server, created on first use and kept fresh by entity events. */
    public static synchronized SiteDirectory directory(Server server) {
        SiteDirectory d = DIRECTORIES.get(server);
        if (d == null) {
            d = new SiteDirectory(server.store(), server.dataDir());
            server.eventBus().subscribe(d::onEvent);
            // a site row decides whose quota its folder counts against: any change recounts from disk
            server.eventBus().subscribe(e -> {
                if (e.table().equals(TABLE)) StorageQuota.of(server).recountAll();
            });
            // a site's path is where FTP and DAV read and write on disk: only administrators choose it
            server.store().addWriteGuard((who, schema, attrs, creating) -> {
                if (schema.tableName().equals(TABLE) && attrs.has("path") && !attrs.get("path").isNull() && !who.isAdministrator()) {
                    throw io.switchboard.entity.EntityException.forbidden("only administrators may set a site's path");
                }
            });
            DIRECTORIES.put(server, d);
        }
        return d;
    }

    /** The name under which DAV and FTP both register {@link #registerQuota}'s source (it counts once). */
    static final String QUOTA_SOURCE = "sites";

    /**
     * Makes site storage count in the server's {@link StorageQuota}: a site's files count against the
     * site's owner, whoever wrote them. Both modules that write site files call this; the source is
     * registered under one name, so the sites are counted once.
     */
    public static StorageQuota registerQuota(Server server) {
        StorageQuota quota = StorageQuota.of(server);
        quota.addSource(QUOTA_SOURCE, owner -> {
            List<Path> out = new ArrayList<>();
            try {
                for (Site s : directory(server).all()) if (owner.equals(s.owner())) out.add(s.root());
            } catch (SQLException e) {
                throw new IOException("cannot list sites: " + e.getMessage(), e);
            }
            return out;
        });
        return quota;
    }
}
