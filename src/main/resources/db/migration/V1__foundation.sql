-- Foundation: server-wide tables. Entity tables (user_account, world, ...) are created from their
-- schema by the entity layer so built-in and run-time tables share one code path.

-- values stored through /_config (shared by every node)
CREATE TABLE config_value (
  config_key VARCHAR(200) PRIMARY KEY,
  config_value ${text} NOT NULL,
  updated_at TIMESTAMP WITH TIME ZONE NOT NULL
);

-- generated secrets (JWT signing key); never shown by /_config
CREATE TABLE server_secret (
  name VARCHAR(100) PRIMARY KEY,
  secret_value VARCHAR(2000) NOT NULL,
  created_at TIMESTAMP WITH TIME ZONE NOT NULL
);

-- which usergroups a row of any entity table belongs to (the row's "usergroups" attribute)
CREATE TABLE entity_usergroup (
  table_name VARCHAR(64) NOT NULL,
  row_id VARCHAR(36) NOT NULL,
  usergroup_id VARCHAR(36) NOT NULL,
  PRIMARY KEY (table_name, row_id, usergroup_id)
);
CREATE INDEX entity_usergroup_group ON entity_usergroup (usergroup_id);
