package io.switchboard.ftp;

import io.netty.channel.Channel;
import io.switchboard.auth.Principal;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;

/**
 * The state of one control connection. Touched only on the control channel's event loop; work
 * that blocks runs through {@link #blocking} and comes back to that loop.
 */
final class FtpSession {
    /** RFC 959 section 5.4 login sequence. */
    enum LoginState { NEW, USER_GIVEN, LOGGED_IN }

    static final CompletableFuture<Void> DONE = CompletableFuture.completedFuture(null);

    final FtpContext ctx;
    final Channel control;
    LoginState login = LoginState.NEW;
    String userName;
    Principal principal;
    VirtualPath cwd = VirtualPath.ROOT;
    boolean ascii;
    long restOffset;
    VirtualPath renameFrom;
    boolean tls;
    boolean pbsz;
    boolean protectData;
    DataConnection data;
    /** The passive port kept for this session's PASV/EPSV commands (null until the first). */
    PassiveListener passive;
    Transfer transfer;
    /** ftp.bandwidth.session: spans every transfer of this session. */
    final BandwidthLimit bandwidth;

    FtpSession(FtpContext ctx, Channel control, boolean implicitTls) {
        this.ctx = ctx;
        this.control = control;
        this.tls = implicitTls;
        this.bandwidth = ctx.sessionBandwidth();
    }

    CompletableFuture<Void> reply(FtpReply r) {
        control.writeAndFlush(r);
        return DONE;
    }

    /** Runs {@code task} on the blocking executor; the future completes on the control event loop. */
    <T> CompletableFuture<T> blocking(Callable<T> task) {
        CompletableFuture<T> out = new CompletableFuture<>();
        try {
            ctx.blocking.submit(task).whenComplete((v, e) -> control.eventLoop().execute(() -> {
                if (e != null) out.completeExceptionally(e);
                else out.complete(v);
            }));
        } catch (RuntimeException e) {
            out.completeExceptionally(e);
        }
        return out;
    }

    /** The limits the next transfer obeys (the user's is known once logged in). */
    DataThrottle throttle() {
        return new DataThrottle(bandwidth, ctx.userBandwidth(principal == null ? null : principal.userId()));
    }

    InetAddress remoteAddress() {
        return ((InetSocketAddress) control.remoteAddress()).getAddress();
    }

    InetAddress localAddress() {
        return ((InetSocketAddress) control.localAddress()).getAddress();
    }

    /** The data connection set up by the last PORT/PASV, handed to one transfer. */
    DataConnection takeData() {
        DataConnection d = data;
        data = null;
        return d;
    }

    void closeData() {
        if (data != null) data.close();
        data = null;
    }

    void closePassive() {
        if (passive != null) passive.close();
        passive = null;
    }

    long takeRestOffset() {
        long r = restOffset;
        restOffset = 0;
        return r;
    }
}
