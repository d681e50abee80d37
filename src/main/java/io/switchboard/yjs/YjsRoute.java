package io.switchboard.yjs;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.switchboard.Server;
import io.switchboard.auth.Permission;
import io.switchboard.auth.Principal;
import io.switchboard.config.ConfigKeys;
import io.switchboard.entity.ColumnKind;
import io.switchboard.entity.ColumnSpec;
import io.switchboard.entity.EntityRow;
import io.switchboard.entity.EntitySchema;
import io.switchboard.http.ApiException;
import io.switchboard.http.ApiRequest;
import io.switchboard.http.WebSocketRoute;
import io.switchboard.realtime.WebSocketAuth;
import io.switchboard.websocket.WebSocketMessageHandler;
import io.switchboard.websocket.WebSocketUpgrade;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The y-websocket endpoints (yjs.md): {@code /yjs/{documentName}} for free documents and
 * {@code /live/{table}/{referenceId}/{column}/yjs} for a row's file column (room
 * {@code table.referenceId.column}). Row rooms need read permission to join and update permission
 * to write; a free document whose name has the {@code table.uuid.column} shape gets the same checks.
 */
public final class YjsRoute implements WebSocketRoute {
    private static final Pattern ROW_PATH = Pattern.compile("/live/([^/]+)/([^/]+)/([^/]+)/yjs/?");
    private static final Pattern ROW_NAME = Pattern.compile("([a-z][a-z0-9_]{0,62})\\.([0-9a-fA-F-]{36})\\.([a-z][a-z0-9_]{0,62})");

    private record Access(String room, boolean readOnly) {
    }

    private final Server server;
    private final YjsRooms rooms;

    YjsRoute(Server server, YjsRooms rooms) {
        this.server = server;
        this.rooms = rooms;
    }

    @Override
    public boolean matches(String path) {
        return path.startsWith("/yjs/") || ROW_PATH.matcher(path).matches();
    }

    @Override
    public void upgrade(ChannelHandlerContext ctx, FullHttpRequest request, ApiRequest api) {
        if (!server.config().getBoolean(ConfigKeys.YJS_ENABLED)) {
            WebSocketAuth.refuse(ctx.channel(), HttpResponseStatus.NOT_FOUND, "yjs is disabled");
            return;
        }
        WebSocketAuth.authenticate(server, ctx, request, api, false, (principal, expiresAt) -> {
            request.retain();
            server.blocking().submit(() -> access(principal, api.path())).whenComplete((access, err) -> ctx.executor().execute(() -> {
                try {
                    Throwable e = err instanceof java.util.concurrent.CompletionException && err.getCause() != null ? err.getCause() : err;
                    if (e instanceof ApiException ae) {
                        WebSocketAuth.refuse(ctx.channel(), ae.status(), ae.getMessage());
                    } else if (e != null) {
                        WebSocketAuth.refuse(ctx.channel(), HttpResponseStatus.SERVICE_UNAVAILABLE, "try again");
                    } else {
                        open(ctx.channel(), request, access, expiresAt);
                    }
                } finally {
                    request.release();
                }
            }));
        });
    }

    private void open(Channel ch, FullHttpRequest request, Access access, java.time.Instant expiresAt) {
        RoomHandler handler = new RoomHandler();
        int max = server.config().getInt(ConfigKeys.YJS_MAX_MESSAGE);
        if (WebSocketUpgrade.upgrade(ch, request, max, 30, handler) == null) return;
        WebSocketAuth.closeAtExpiry(ch, expiresAt);
        server.connectionStats().opened("yjs");
        ch.closeFuture().addListener(f -> server.connectionStats().closed("yjs"));
        rooms.join(access.room(), ch, access.readOnly(), room -> ch.eventLoop().execute(() -> handler.attach(ch, room)));
    }

    /** Which room, and whether read-only; ApiException with the status yjs.md gives otherwise. Blocking. */
    private Access access(Principal who, String path) throws Exception {
        Matcher row = ROW_PATH.matcher(path);
        if (row.matches()) {
            return rowAccess(who, decode(row.group(1)), decode(row.group(2)), decode(row.group(3)));
        }
        String name = decode(path.substring("/yjs/".length()));
        if (name.endsWith("/")) name = name.substring(0, name.length() - 1);
        if (name.isEmpty() || name.length() > 500) throw ApiException.badRequest("document name must have 1 to 500 characters");
        Matcher shaped = ROW_NAME.matcher(name);
        if (shaped.matches() && server.store().registry().find(shaped.group(1)) != null) {
            // the seed system had a permission bypass exactly here
            return rowAccess(who, shaped.group(1), shaped.group(2), shaped.group(3));
        }
        if (who.isGuest()) throw ApiException.unauthorized("sign in to join documents");
        return new Access(name, false);
    }

    private Access rowAccess(Principal who, String table, String id, String column) throws Exception {
        EntitySchema schema = server.store().registry().find(table);
        ColumnSpec col = schema == null ? null : schema.column(column);
        if (col == null || col.kind() != ColumnKind.FILE) throw ApiException.notFound("no file column " + table + "." + column);
        try {
            if (!UUID.fromString(id).toString().equalsIgnoreCase(id)) throw new IllegalArgumentException();
        } catch (IllegalArgumentException e) {
            throw ApiException.badRequest("referenceId must be a UUID");
        }
        EntityRow r = server.store().getAsSystem(table, id.toLowerCase(java.util.Locale.ROOT));
        boolean read = r != null && Permission.allows(who, r.permission(), r.owner(), r.usergroups(), Permission.Op.READ);
        boolean update = r != null && Permission.allows(who, r.permission(), r.owner(), r.usergroups(), Permission.Op.UPDATE);
        if (!read && !update) {
            if (who.isGuest()) throw ApiException.forbidden("no access to this document");
            throw ApiException.notFound("no " + table + " with id " + id);
        }
        return new Access(roomName(table, r.referenceId(), column), !update);
    }

    static String roomName(String table, String id, String column) {
        return table + "." + id + "." + column;
    }

    private static String decode(String s) {
        try {
            return URLDecoder.decode(s.replace("+", "%2B"), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw ApiException.badRequest("malformed percent-encoding");
        }
    }

    /**
     * Forwards binary messages to the room's loop in arrival order; messages that arrive before the
     * room is attached wait here (both run on the channel's event loop).
     */
    private static final class RoomHandler extends WebSocketMessageHandler {
        private YjsRoom room;
        private Channel channel;
        private List<byte[]> early = new ArrayList<>();

        void attach(Channel ch, YjsRoom r) {
            this.channel = ch;
            this.room = r;
            for (byte[] m : early) {
                if (r.loop.inEventLoop()) r.onMessage(ch, m);
                else r.loop.execute(() -> r.onMessage(ch, m));
            }
            early = null;
            if (!ch.isActive()) r.loop.execute(() -> r.leave(ch));
        }

        @Override
        protected void onText(ChannelHandlerContext ctx, String text) {
            close(ctx, YjsRoom.CLOSE_UNSUPPORTED, "y-websocket messages are binary");
        }

        @Override
        protected void onBinary(ChannelHandlerContext ctx, ByteBuf data) {
            byte[] bytes = ByteBufUtil.getBytes(data);
            YjsRoom r = room;
            if (r == null) early.add(bytes);
            else if (r.loop.inEventLoop()) r.onMessage(channel, bytes); // the room runs on this channel's loop
            else r.loop.execute(() -> r.onMessage(channel, bytes));
        }

        @Override
        public void channelInactive(ChannelHandlerContext ctx) throws Exception {
            YjsRoom r = room;
            if (r != null) r.loop.execute(() -> r.leave(channel));
            super.channelInactive(ctx);
        }
    }
}
