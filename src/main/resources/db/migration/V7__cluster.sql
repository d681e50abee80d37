-- Cluster-wide event numbers and client recovery (issue 10): a client that reconnects to any node
-- with its last EventSeq is served what it missed from event_log, read by topic and number.
CREATE INDEX event_log_topic_seq ON event_log (topic, topic_seq);

-- Latest state per (kind, topic) of stateful cluster events (custom topics and their permissions),
-- written in the same transaction as the event, so a node that starts later knows them.
CREATE TABLE cluster_state (
  kind VARCHAR(20) NOT NULL,
  topic VARCHAR(200) NOT NULL,
  payload ${largeText} NOT NULL,
  PRIMARY KEY (kind, topic)
);
