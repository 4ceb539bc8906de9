-- Each node's own readiness as it last saw it, written every few seconds by that node: the
-- operator view reads every node's row from any node. A row whose checked_at stops moving is a
-- node gone silent (stopped, killed, or cut off from the database).
CREATE TABLE relay_node (
    node_id VARCHAR(128) PRIMARY KEY,
    ready BOOLEAN NOT NULL,
    detail VARCHAR(200) NOT NULL,
    checked_at TIMESTAMP WITH TIME ZONE NOT NULL
);
