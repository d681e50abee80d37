-- Per-user storage quota of the shared site storage (issue 9; FTP now, DAV's site share later):
-- used_bytes is the user's tally (uploads add what they grow, deletions subtract what they free);
-- limit_bytes overrides the configured default for this user (NULL = default, 0 = no limit).
CREATE TABLE storage_quota (
  user_id VARCHAR(64) PRIMARY KEY,
  limit_bytes BIGINT,
  used_bytes BIGINT NOT NULL
);
