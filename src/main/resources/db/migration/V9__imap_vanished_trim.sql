-- Trimming the IMAP expunge history (issue 7). mail_vanished rows get the time of their expunge,
-- so they can be dropped by age (imap.vanished.days) as well as by count per folder
-- (imap.vanished.max_per_mailbox). vanished_floor is the highest mod-sequence of any forgotten row:
-- expunges at or below it may be missing from mail_vanished, so a QRESYNC client whose known
-- mod-sequence is below it is told every UID not present instead (RFC 7162 §3.2.5.2).
ALTER TABLE mail_vanished ADD COLUMN expunged_at TIMESTAMP WITH TIME ZONE DEFAULT CURRENT_TIMESTAMP NOT NULL;
CREATE INDEX mail_vanished_expunged_at ON mail_vanished (expunged_at);
ALTER TABLE mail_box_modseq ADD COLUMN vanished_floor BIGINT DEFAULT 0 NOT NULL;
