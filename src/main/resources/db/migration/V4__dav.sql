-- WebDAV write locks (RFC 4918 §6), kept so a restart does not drop a lock a client still holds.
-- lock_space: the file space (a user id or "site:{hostname}"); path_key: "/a/b" inside it ("" = root).
-- expires_at is epoch milliseconds; expired rows are pruned at start and whenever locks are read.
CREATE TABLE dav_lock (
  lock_token VARCHAR(100) PRIMARY KEY,
  lock_space VARCHAR(300) NOT NULL,
  path_key VARCHAR(4000) NOT NULL,
  infinite BOOLEAN NOT NULL,
  exclusive_lock BOOLEAN NOT NULL,
  owner_xml ${text},
  timeout_seconds BIGINT NOT NULL,
  expires_at BIGINT NOT NULL,
  principal_id VARCHAR(36) NOT NULL
);
CREATE INDEX dav_lock_space ON dav_lock (lock_space);
