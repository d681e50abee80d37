package io.switchboard.net;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.util.concurrent.GlobalEventExecutor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * One protocol's listeners on the shared event loops: a name, one or more addresses (each with
 * its TLS mode) and a pipeline initializer. Servers can be started and stopped at run time,
 * which is how hot config keys such as {@code imap.enabled} take effect.
 */
public abstract class ProtocolServer {
    /** How a listener uses TLS. */
    public enum TlsMode { NONE, STARTTLS, IMPLICIT }

    /** One address this server listens on. */
    public record Listener(InetSocketAddress address, TlsMode tls) {
    }

    private static final Logger log = LoggerFactory.getLogger(ProtocolServer.class);

    private final String name;
    private final List<Channel> serverChannels = new ArrayList<>();
    private final ChannelGroup connections = new DefaultChannelGroup(GlobalEventExecutor.INSTANCE);
    private volatile boolean running;

    protected ProtocolServer(String name) {
        this.name = name;
    }

    public final String name() {
        return name;
    }

    public final boolean isRunning() {
        return running;
    }

    /** Open connections, for draining on shutdown and for counts. */
    public final ChannelGroup connections() {
        return connections;
    }

    /** The addresses to bind, read from config at each start. */
    protected abstract List<Listener> listeners();

    /** Builds the pipeline of one accepted connection. */
    protected abstract void initChannel(SocketChannel ch, Listener listener) throws Exception;

    public final synchronized void start(EventLoops loops, ConnectionStats stats) throws InterruptedException {
        if (running) return;
        List<Channel> bound = new ArrayList<>();
        try {
            for (Listener l : listeners()) {
                ServerBootstrap b = new ServerBootstrap()
                        .group(loops.boss(), loops.workers())
                        .channel(loops.serverChannelClass())
                        .option(ChannelOption.SO_BACKLOG, 4096)
                        .option(ChannelOption.SO_REUSEADDR, true)
                        .childOption(ChannelOption.TCP_NODELAY, true)
                        .childOption(ChannelOption.SO_KEEPALIVE, true)
                        .childHandler(new ChannelInitializer<SocketChannel>() {
                            @Override
                            protected void initChannel(SocketChannel ch) throws Exception {
                                connections.add(ch);
                                stats.opened(name);
                                ch.closeFuture().addListener(f -> stats.closed(name));
                                ProtocolServer.this.initChannel(ch, l);
                            }
                        });
                Channel ch = b.bind(l.address()).sync().channel();
                bound.add(ch);
                log.info("{} listening on {} (tls {})", name, ch.localAddress(), l.tls());
            }
        } catch (Exception e) {
            for (Channel ch : bound) ch.close().syncUninterruptibly();
            throw e;
        }
        serverChannels.addAll(bound);
        running = true;
    }

    /** The actual bound port of the n-th listener (useful when port 0 was asked). */
    public final synchronized int boundPort(int index) {
        return ((InetSocketAddress) serverChannels.get(index).localAddress()).getPort();
    }

    /** Stops accepting; open connections stay until {@link #closeConnections}. */
    public final synchronized void stopAccepting() {
        for (Channel ch : serverChannels) ch.close().syncUninterruptibly();
        if (running) log.info("{} stopped listening", name);
        serverChannels.clear();
        running = false;
    }

    /** Closes every open connection, waiting at most the given time. */
    public final void closeConnections(long timeout, TimeUnit unit) {
        connections.close().awaitUninterruptibly(timeout, unit);
    }

    /** Stop accepting and close connections: what a hot "disable" does. */
    public final void stop() {
        stopAccepting();
        closeConnections(5, TimeUnit.SECONDS);
    }
}
