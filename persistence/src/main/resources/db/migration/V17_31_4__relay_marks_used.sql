-- The ids of the relay marks (REST's messages on TraceTasks) the listener took a message with: a
-- copy of a marked message sent again finds its id here and is not the relay's. Purged with the
-- retention by the mark's time; a mark older than that is refused whatever this table holds.
CREATE TABLE relay_mark_used (
    id VARCHAR(32) PRIMARY KEY,
    issued_at TIMESTAMP WITH TIME ZONE NOT NULL
);
CREATE INDEX relay_mark_used_issued_idx ON relay_mark_used (issued_at);
