/**
 * The mail storage model shared by SMTP (writer) and IMAP (reader): the tables
 * ({@link io.switchboard.mail.MailTables}), durable delivery with per-folder UIDs taken from
 * {@code mail_box.nextuid} under a row lock ({@link io.switchboard.mail.MailStore}, group-committed by
 * {@link io.switchboard.mail.GroupCommitter}), the in-memory account and server directory
 * ({@link io.switchboard.mail.MailDirectory}), header parsing ({@link io.switchboard.mail.ParsedMessage}),
 * who may read accounts and their mail ({@link io.switchboard.mail.MailAccountAccess}), the login check
 * SMTP and IMAP share ({@link io.switchboard.mail.MailCredentials}) and the group-flushed spool new
 * messages are appended to ({@link io.switchboard.mail.MailSpool}).
 * Each stored message publishes an {@code EntityEvent} on table {@code mail}; the raw RFC 5322 bytes
 * are in blob storage under the key in the {@code mail} column (a blob of its own, or a byte range of a
 * spool segment: read either with {@link io.switchboard.mail.MailStore#read}).
 */
package io.switchboard.mail;
