-- Per-user storage quota of the files users keep (DAV home space and the sites they own, served by
-- DAV and FTP; store.StorageQuota): limit_bytes overrides storage.quota.per_user for this user
-- (NULL = the default, 0 = no limit). Usage is counted from disk, not kept here.
CREATE TABLE storage_quota (
  user_id VARCHAR(64) PRIMARY KEY,
  limit_bytes BIGINT
);
