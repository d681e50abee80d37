/**
 * SMTP (RFC 5321) receiving and outgoing mail.
 *
 * <p>Receiving: {@link io.switchboard.smtp.SmtpModule} runs one {@link io.switchboard.smtp.SmtpServer}
 * per enabled {@code mail_server} row while {@code smtp.enable} is true (both change live). Each
 * connection is {@code [tls] → idle timeout → SmtpDecoder → SmtpHandler}: the decoder is a state
 * machine (command lines, DATA with dot-stuffing, BDAT chunks) with a limit on every read; the
 * handler dispatches to one small verb in {@code SmtpVerbs}, each declaring the phases it is valid
 * in, and moves slow work (password hashing, storage) to the blocking executor while later pipelined
 * input waits in order. Replies live in {@link io.switchboard.smtp.SmtpReplies}.
 *
 * <p>After DATA, {@code MessageIntake} evaluates SPF ({@link io.switchboard.smtp.SpfEvaluator}),
 * DKIM ({@link io.switchboard.smtp.Dkim}) and the spam score ({@link io.switchboard.smtp.SpamScorer})
 * for unauthenticated mail, adds trace headers, appends the raw message to the mail spool (flushed
 * once per batch) and commits the {@code mail} rows (and {@code outbox} rows for remote recipients)
 * through the mail group committer, checking each mailbox's quota in that transaction; only then is
 * 250 sent. DSN parameters ({@code DsnParameters}) ride along with each recipient; {@code DsnReport}
 * builds the RFC 3464 reports the intake and the outbox send.
 *
 * <p>Sending: {@code POST /action/world/mail.send} ({@code MailActions}) composes the MIME message,
 * signs it with the domain's DKIM key ({@code DkimKeys}; the record to publish comes from
 * {@code POST /action/mail_server/dkim_record}), files a copy in Sent, delivers local recipients
 * and queues the rest; {@code OutboundQueue} sends through the smart host or MX
 * ({@code SmtpClient}), retries on the {@code smtp.retry.schedule}, and bounces (RFC 3464) after the
 * last failure.
 */
package io.switchboard.smtp;
