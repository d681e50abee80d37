package io.switchboard.smtp;

import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.ssl.SslHandler;
import io.netty.handler.timeout.IdleStateEvent;
import io.switchboard.mail.MailDirectory;
import io.switchboard.net.BlockingExecutor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.ByteArrayOutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.function.Consumer;

/**
 * Drives one connection: dispatches decoded lines to the verbs, answers "bad sequence" in one
 * place, runs slow work (password hashing, storage) on the blocking executor while input that
 * arrives meanwhile waits in order (pipelining, RFC 2920), and flushes replies once per read.
 */
final class SmtpHandler extends SimpleChannelInboundHandler<SmtpInput> {
    private static final Logger log = LoggerFactory.getLogger(SmtpHandler.class);
    private static final int MAX_PENDING = 1000;
    private static final int MAX_ERRORS = 20;
    private static final int MAX_AUTH_FAILURES_PER_CONNECTION = 3;

    private final SmtpContext sc;
    private final SmtpServer.Endpoint endpoint;
    private final SmtpDecoder decoder;
    private final ArrayDeque<SmtpInput> pending = new ArrayDeque<>();
    private ChannelHandlerContext ctx;
    private SmtpSession session;
    private boolean busy;
    private boolean closing;

    SmtpHandler(SmtpContext sc, SmtpServer.Endpoint endpoint, SmtpDecoder decoder) {
        this.sc = sc;
        this.endpoint = endpoint;
        this.decoder = decoder;
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
        this.ctx = ctx;
        String ip = ((InetSocketAddress) ctx.channel().remoteAddress()).getAddress().getHostAddress();
        session = new SmtpSession(this, endpoint, ip, endpoint.implicitTls());
        int max = endpoint.row().maxClients();
        if (max > 0 && endpoint.server().connections().size() > max) {
            replyAndClose(SmtpReplies.TOO_MANY_CLIENTS);
            return;
        }
        if (!sc.allowed(ip, "connect")) {
            replyAndClose(SmtpReplies.RATE_LIMITED);
            return;
        }
        reply(SmtpReplies.greeting(hostname()));
        ctx.flush();
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, SmtpInput msg) {
        if (closing) return;
        if (busy) {
            if (pending.size() >= MAX_PENDING) replyAndClose(SmtpReplies.TOO_MANY_ERRORS);
            else pending.add(msg);
            return;
        }
        handle(msg);
    }

    private void handle(SmtpInput msg) {
        if (msg instanceof SmtpInput.CommandLine c) command(c.line());
        else if (msg instanceof SmtpInput.LineTooLong) error(SmtpReplies.LINE_TOO_LONG);
        else if (msg instanceof SmtpInput.Message m) message(m);
    }

    private void command(String line) {
        if (session.continuation != null) {
            Consumer<String> k = session.continuation;
            session.continuation = null;
            if (line.trim().equals("*")) reply(SmtpReplies.AUTH_CANCELLED);
            else k.accept(line);
            return;
        }
        if (line.indexOf('\0') >= 0) {
            error(SmtpReplies.SYNTAX);
            return;
        }
        int sp = line.indexOf(' ');
        String name = sp < 0 ? line : line.substring(0, sp);
        String args = sp < 0 ? "" : line.substring(sp + 1);
        SmtpVerbs.Verb verb = sc.verbs().find(name);
        if (verb == null) {
            error(SmtpReplies.UNKNOWN_COMMAND);
            return;
        }
        if (!verb.phases().contains(session.phase)) {
            error(session.phase == SmtpSession.Phase.CONNECTED ? SmtpReplies.HELO_FIRST : SmtpReplies.BAD_SEQUENCE);
            return;
        }
        verb.run(session, args);
    }

    private void error(String reply) {
        reply(reply);
        if (++session.errors >= MAX_ERRORS) replyAndClose(SmtpReplies.TOO_MANY_ERRORS);
    }

    /** The end of DATA, or one BDAT chunk (RFC 3030). */
    private void message(SmtpInput.Message m) {
        if (!m.chunk()) {
            if (m.tooBig()) finish(SmtpReplies.SIZE_EXCEEDED);
            else if (m.nul()) finish(SmtpReplies.NUL_BYTE);
            else if (m.bareLineEnd()) finish(SmtpReplies.BARE_LF);
            else if (m.lineTooLong()) finish(SmtpReplies.DATA_LINE_TOO_LONG);
            else deliver(m.content());
            return;
        }
        if (m.badChunk() != null) {
            error(SmtpReplies.SYNTAX);
            return;
        }
        if (session.phase != SmtpSession.Phase.RCPT || session.recipients.isEmpty()) {
            error(session.phase == SmtpSession.Phase.CONNECTED ? SmtpReplies.HELO_FIRST
                    : session.phase == SmtpSession.Phase.MAIL ? SmtpReplies.NO_VALID_RECIPIENTS : SmtpReplies.BAD_SEQUENCE);
            return;
        }
        if (session.bdat == null) session.bdat = new ByteArrayOutputStream();
        if (m.tooBig() || session.bdat.size() + (long) m.content().length > maxSize()) {
            session.bdatFailed = true;
            session.bdat = new ByteArrayOutputStream(0);
        } else {
            session.bdat.writeBytes(m.content());
        }
        if (!m.last()) {
            reply(session.bdatFailed ? SmtpReplies.SIZE_EXCEEDED : "250 2.0.0 " + m.content().length + " octets received");
            return;
        }
        if (session.bdatFailed) {
            finish(SmtpReplies.SIZE_EXCEEDED);
            return;
        }
        byte[] all = session.bdat.toByteArray();
        String problem = MessageIntake.lineEndProblem(all);
        if (problem != null) finish(problem);
        else deliver(all);
    }

    private void finish(String reply) {
        session.resetTransaction();
        reply(reply);
    }

    private void deliver(byte[] content) {
        MessageIntake.Envelope env = new MessageIntake.Envelope(hostname(), session.helo, session.esmtp, session.remoteIp,
                session.tls, session.authenticated, session.mailFrom, List.copyOf(session.recipients), session.dsnRet, session.dsnEnvid);
        session.resetTransaction();
        async(() -> sc.intake().accept(env, content), this::reply);
    }

    /**
     * Adds a local recipient, unless its mailbox is over quota: full already, or too full for the
     * size MAIL declared. Usage is read off the event loop; pipelined input waits meanwhile.
     */
    void acceptLocalRecipient(SmtpSession.Recipient r) {
        long quota = r.local().quota();
        if (quota <= 0) {
            addRecipient(r);
            return;
        }
        async(() -> sc.intake().usage(r.local().id()), used -> {
            if (used >= quota || used + session.declaredSize > quota) reply(SmtpReplies.mailboxFull(r.address()));
            else addRecipient(r);
        });
    }

    private void addRecipient(SmtpSession.Recipient r) {
        session.recipients.add(r);
        session.phase = SmtpSession.Phase.RCPT;
        reply(SmtpReplies.RECIPIENT_OK);
    }

    /** AUTH's password check, off the event loop (PBKDF2), with lockout (RFC 4954 §4). */
    void authenticate(String user, String password) {
        async(() -> sc.authenticate(user, password, session.remoteIp), result -> {
            switch (result.outcome()) {
                case OK -> {
                    session.authenticated = result.account();
                    reply(SmtpReplies.AUTH_OK);
                }
                case LOCKED -> reply(SmtpReplies.AUTH_LOCKED);
                case FAILED -> {
                    if (++session.authFailures >= MAX_AUTH_FAILURES_PER_CONNECTION) {
                        reply(SmtpReplies.AUTH_FAILED);
                        replyAndClose(SmtpReplies.TOO_MANY_ERRORS);
                    } else {
                        reply(SmtpReplies.AUTH_FAILED);
                    }
                }
            }
        });
    }

    private <T> void async(Callable<T> work, Consumer<T> done) {
        busy = true;
        ctx.channel().config().setAutoRead(false);
        try {
            sc.blocking().submit(work).whenComplete((r, e) -> ctx.executor().execute(() -> {
                busy = false;
                ctx.channel().config().setAutoRead(true);
                if (e != null) {
                    log.warn("smtp: {}", e.toString(), e);
                    reply(SmtpReplies.TEMP_FAILURE);
                } else {
                    done.accept(r);
                }
                drain();
                ctx.flush();
            }));
        } catch (BlockingExecutor.BusyException e) {
            busy = false;
            ctx.channel().config().setAutoRead(true);
            reply(SmtpReplies.TEMP_FAILURE);
        }
    }

    private void drain() {
        while (!busy && !closing && !pending.isEmpty()) handle(pending.poll());
    }

    void startData() {
        decoder.startData();
    }

    // RFC 3207 §4.2: nothing may follow STARTTLS before the handshake; the session starts over
    void startTls() {
        if (decoder.buffered() > 0) {
            reply(SmtpReplies.TLS_PIPELINED);
            return;
        }
        SslHandler ssl;
        try {
            ssl = new SslHandler(sc.tls().server().newEngine(ctx.alloc()), true);
        } catch (Exception e) {
            reply(SmtpReplies.TLS_UNAVAILABLE);
            return;
        }
        ctx.pipeline().addFirst("tls", ssl);
        ctx.writeAndFlush(line(SmtpReplies.READY_FOR_TLS));
        session.tls = true;
        session.phase = SmtpSession.Phase.CONNECTED;
        session.helo = null;
        session.authenticated = null;
        session.resetTransaction();
    }

    void reply(String text) {
        if (ctx.channel().isActive()) ctx.write(line(text));
    }

    void replyRaw(String multiLine) {
        reply(multiLine);
    }

    void replyAndClose(String text) {
        closing = true;
        ctx.writeAndFlush(line(text)).addListener(ChannelFutureListener.CLOSE);
    }

    private static io.netty.buffer.ByteBuf line(String text) {
        return Unpooled.wrappedBuffer((text + "\r\n").getBytes(StandardCharsets.UTF_8));
    }

    @Override
    public void channelReadComplete(ChannelHandlerContext ctx) {
        ctx.flush();
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) throws Exception {
        if (evt instanceof IdleStateEvent) {
            replyAndClose(SmtpReplies.TIMEOUT); // RFC 5321 §4.5.3.2
            return;
        }
        super.userEventTriggered(ctx, evt);
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        log.debug("smtp connection error: {}", cause.toString());
        ctx.close();
    }

    String hostname() {
        String h = endpoint.row().hostname();
        return h == null || h.isBlank() ? "localhost" : h;
    }

    long maxSize() {
        return endpoint.maxSize();
    }

    boolean tlsAvailable() {
        return !endpoint.implicitTls();
    }

    boolean authRequiresTls() {
        return sc.config().getBoolean(io.switchboard.config.ConfigKeys.SMTP_AUTH_REQUIRE_TLS);
    }

    boolean authRequired() {
        return endpoint.row().authRequired();
    }

    boolean allowMessage() {
        return sc.allowed(session.remoteIp, "mail");
    }

    MailDirectory directory() {
        return sc.directory();
    }

    boolean isLocalDomain(String domain) {
        return sc.isLocalDomain(domain);
    }

    /** The authenticated account may send as its own address or as any address of the same user. */
    boolean owns(MailDirectory.Account account, String from) {
        if (account.address().equalsIgnoreCase(from)) return true;
        MailDirectory.Account other = sc.directory().account(from);
        return other != null && other.userId() != null && other.userId().equals(account.userId());
    }
}
