-- A destination's circuit breaker, shared by every node and kept across restarts: while
-- open_until lies ahead no node sends to it (the backend is down, asked us to wait with
-- Retry-After, or refused the whole batch as wrongly addressed); failures in a row grow the wait.
CREATE TABLE destination_hold (
    destination VARCHAR(512) PRIMARY KEY,
    failures INTEGER NOT NULL,
    open_until TIMESTAMP WITH TIME ZONE NOT NULL,
    reason VARCHAR(64) NOT NULL
);
