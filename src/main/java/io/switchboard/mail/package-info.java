/**
 * The mail storage model shared by SMTP (writer) and IMAP (reader): the tables
 * ({@link io.switchboard.mail.MailTables}), durable delivery with per-folder UIDs taken from
 * {@code mail_box.nextuid} under a row lock ({@link io.switchboard.mail.MailStore}, group-committed by
 * {@link io.switchboard.mail.GroupCommitter}), the in-memory account and server directory
 * ({@link io.switchboard.mail.MailDirectory}) and header parsing ({@link io.switchboard.mail.ParsedMessage}).
 * Each stored message publishes an {@code EntityEvent} on table {@code mail}; the raw RFC 5322 bytes
 * are in blob storage under the key in the {@code mail} column.
 */
package io.switchboard.mail;
