package io.switchboard.imap;

import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.util.concurrent.ScheduledFuture;

import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.LongSupplier;

/**
 * The inactivity timers of one IMAP connection, with an allowance that depends on where it is:
 * a half-sent command or literal may stall for {@code imap.command.timeout.seconds}; before login
 * the connection may be silent for {@code imap.login.timeout.seconds}; after login (IDLE included)
 * for {@code imap.autologout.seconds}, which RFC 3501 §5.4 wants at least 30 minutes (RFC 2177
 * clients re-issue IDLE every 29). When it runs out the client gets an untagged BYE and the
 * connection closes. Sits before the decoder and sees every read; event loop only.
 */
final class ImapTimeouts extends ChannelDuplexHandler {
    private final BooleanSupplier midCommand;
    private final BooleanSupplier loggedIn;
    private final LongSupplier commandSeconds;
    private final LongSupplier loginSeconds;
    private final LongSupplier autologoutSeconds;
    private long lastRead = System.nanoTime();
    private ScheduledFuture<?> check;
    private long checkAt;

    ImapTimeouts(BooleanSupplier midCommand, BooleanSupplier loggedIn, LongSupplier commandSeconds, LongSupplier loginSeconds,
                 LongSupplier autologoutSeconds) {
        this.midCommand = midCommand;
        this.loggedIn = loggedIn;
        this.commandSeconds = commandSeconds;
        this.loginSeconds = loginSeconds;
        this.autologoutSeconds = autologoutSeconds;
    }

    private long allowanceNanos() {
        long s = midCommand.getAsBoolean() ? commandSeconds.getAsLong()
                : loggedIn.getAsBoolean() ? autologoutSeconds.getAsLong() : loginSeconds.getAsLong();
        return TimeUnit.SECONDS.toNanos(Math.max(1, s));
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) throws Exception {
        lastRead = System.nanoTime();
        arm(ctx);
        super.channelActive(ctx);
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) throws Exception {
        lastRead = System.nanoTime();
        ctx.fireChannelRead(msg);
        // the read may have left a command half-sent: its (shorter) allowance must be watched now
        arm(ctx);
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) throws Exception {
        if (check != null) check.cancel(false);
        super.channelInactive(ctx);
    }

    /** Makes sure a check runs no later than the current allowance after the last read. */
    private void arm(ChannelHandlerContext ctx) {
        long due = lastRead + allowanceNanos();
        if (check != null && !check.isDone() && checkAt - due <= 0) return;
        if (check != null) check.cancel(false);
        checkAt = due;
        check = ctx.executor().schedule(() -> expireOrRearm(ctx), Math.max(0, due - System.nanoTime()), TimeUnit.NANOSECONDS);
    }

    private void expireOrRearm(ChannelHandlerContext ctx) {
        check = null;
        if (!ctx.channel().isActive()) return;
        boolean half = midCommand.getAsBoolean();
        if (System.nanoTime() - lastRead >= allowanceNanos()) {
            String bye = (half ? ImapReplies.BYE_COMMAND_TIMEOUT : ImapReplies.BYE_AUTOLOGOUT) + "\r\n";
            ctx.writeAndFlush(ctx.alloc().buffer().writeBytes(bye.getBytes(StandardCharsets.US_ASCII))).addListener(ChannelFutureListener.CLOSE);
            return;
        }
        arm(ctx);
    }
}
