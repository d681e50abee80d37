-- IMAP CONDSTORE/QRESYNC (RFC 7162, issue 7). Side tables rather than new mail_box columns: mail_box
-- is an entity table created from its schema after migrations run, and its columns are pinned in
-- shared/protocols/builtin-tables.md; these rows are mail-store bookkeeping, not API data.

-- The per-folder mod-sequence counter (HIGHESTMODSEQ). Every delivery, APPEND/COPY, flag change and
-- expunge takes the next value under the folder's row lock, so values only grow and survive restarts.
CREATE TABLE mail_box_modseq (
  mail_box VARCHAR(36) PRIMARY KEY,
  highest_modseq BIGINT NOT NULL
);

-- Expunged UIDs with the mod-sequence of their expunge, so QRESYNC can answer VANISHED (EARLIER).
CREATE TABLE mail_vanished (
  mail_box VARCHAR(36) NOT NULL,
  uid BIGINT NOT NULL,
  modseq BIGINT NOT NULL,
  PRIMARY KEY (mail_box, uid)
);
CREATE INDEX mail_vanished_modseq ON mail_vanished (mail_box, modseq);
