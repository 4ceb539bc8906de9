-- Enterprise telemetry metrics are cumulative and live here, not in memory: each task is added
-- once, in the transaction that first claims its enterprise delivery, so retries and restarts
-- never count it again, and every node publishes the same totals.
CREATE TABLE metric_series (
    series_key        VARCHAR(64)  NOT NULL PRIMARY KEY,
    name              VARCHAR(128) NOT NULL,
    labels            VARCHAR      NOT NULL,
    total             DOUBLE PRECISION NOT NULL,
    sample_count      BIGINT       NOT NULL,
    buckets           VARCHAR,
    min_value         DOUBLE PRECISION,
    max_value         DOUBLE PRECISION,
    start_time        TIMESTAMP WITH TIME ZONE NOT NULL,
    updated_at        TIMESTAMP WITH TIME ZONE NOT NULL
);

-- One publisher at a time: the node holding the lease sends the totals, so a series never shows
-- up under two host names at once.
CREATE TABLE telemetry_lease (
    name              VARCHAR(64)  NOT NULL PRIMARY KEY,
    owner             VARCHAR(255),
    lease_until       TIMESTAMP WITH TIME ZONE
);
INSERT INTO telemetry_lease (name, owner, lease_until) VALUES ('metrics', NULL, NULL);
