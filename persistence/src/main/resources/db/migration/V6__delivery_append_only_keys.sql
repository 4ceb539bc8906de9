-- Measured with the benchmark: on H2 each commit rewrites every index page it touched, so an
-- index on a random key (a UUIDv4 delivery id, a client's task_id) costs a page per row per
-- commit. Delivery ids are now time ordered (UUIDv7, appended at the end of the primary key);
-- the (task_id, destination) unique key and the foreign key go: routing writes a task's
-- deliveries once, with the task, and the purge no longer needs to look deliveries up by task.
-- A claimed batch now holds its rows under a transaction instead of a lease, so the lease index
-- goes too. One index serves the drain: claim (status = 'PENDING' and destination = ? and
-- next_attempt_at <= ? order by next_attempt_at: a range read that stops after one batch; H2
-- chose the old pending index and sorted every due row), which destinations have work (one seek
-- per destination), and leases of an earlier version (status = 'IN_FLIGHT').
-- Rebuilt rather than altered: the foreign key has no portable name to drop.
CREATE TABLE delivery_v6 (
    id                VARCHAR(36)  NOT NULL PRIMARY KEY,
    task_id           VARCHAR(64)  NOT NULL,
    app_id            VARCHAR(64),
    destination       VARCHAR(128) NOT NULL,
    provider          VARCHAR(32)  NOT NULL,
    status            VARCHAR(16)  NOT NULL,
    attempts          INTEGER      NOT NULL,
    next_attempt_at   TIMESTAMP WITH TIME ZONE NOT NULL,
    lease_until       TIMESTAMP WITH TIME ZONE,
    last_code         VARCHAR(64),
    last_error        VARCHAR(1000),
    created_at        TIMESTAMP WITH TIME ZONE NOT NULL,
    finished_at       TIMESTAMP WITH TIME ZONE,
    retry_since       TIMESTAMP WITH TIME ZONE
);
INSERT INTO delivery_v6 (id, task_id, app_id, destination, provider, status, attempts, next_attempt_at, lease_until,
                         last_code, last_error, created_at, finished_at, retry_since)
SELECT id, task_id, app_id, destination, provider, status, attempts, next_attempt_at, lease_until,
       last_code, last_error, created_at, finished_at, retry_since FROM delivery;
DROP TABLE delivery;
ALTER TABLE delivery_v6 RENAME TO delivery;
CREATE INDEX delivery_drain_idx ON delivery (status, destination, next_attempt_at);
CREATE INDEX delivery_finished_idx ON delivery (finished_at);
CREATE INDEX delivery_app_status_idx ON delivery (app_id, status);

-- trace_task: no query reads it by app; the retention purge reads it by age.
DROP INDEX trace_task_app_idx;
CREATE INDEX trace_task_received_idx ON trace_task (received_at);
