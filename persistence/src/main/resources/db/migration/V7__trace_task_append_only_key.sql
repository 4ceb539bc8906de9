-- Measured with the benchmark (JFR): on H2 a table's rows live in its primary key's pages, and
-- trace_task was keyed by the client's random task_id, so every message's 100 tasks dirtied about
-- 100 leaf pages of ~1 KB rows each, all rewritten by the store's writer (a fifth of the server's
-- CPU at full load; 3 KB of file per task). Rows are now keyed by a time-ordered id (UUIDv7,
-- appended); task_id keeps a unique index, whose entries are small. Rows of earlier versions keep
-- their task_id as their id.
CREATE TABLE trace_task_v7 (
    id                VARCHAR(64)  NOT NULL PRIMARY KEY,
    task_id           VARCHAR(64)  NOT NULL,
    tenant_id         VARCHAR(128),
    app_id            VARCHAR(64),
    trace_info_type   VARCHAR(64)  NOT NULL,
    source            VARCHAR(8)   NOT NULL,
    routing           VARCHAR(16)  NOT NULL,
    payload           VARCHAR      NOT NULL,
    received_at       TIMESTAMP WITH TIME ZONE NOT NULL
);
INSERT INTO trace_task_v7 (id, task_id, tenant_id, app_id, trace_info_type, source, routing, payload, received_at)
SELECT task_id, task_id, tenant_id, app_id, trace_info_type, source, routing, payload, received_at FROM trace_task;
DROP TABLE trace_task;
ALTER TABLE trace_task_v7 RENAME TO trace_task;
ALTER TABLE trace_task ADD CONSTRAINT trace_task_task_id_uk UNIQUE (task_id);
CREATE INDEX trace_task_received_idx ON trace_task (received_at);
