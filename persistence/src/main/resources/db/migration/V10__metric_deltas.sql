-- A claim used to add its batch to metric_series under row locks that it held through the whole
-- export, so nodes draining the enterprise destination together waited on each other. A claim
-- now only appends its batch's share of each series here: committed or rolled back with the
-- claim, so each task still counts exactly once. The node holding the metrics lease folds these
-- rows into metric_series and deletes them in one short transaction, then publishes.
CREATE TABLE metric_delta (
    id                VARCHAR(36)  NOT NULL PRIMARY KEY,
    series_key        VARCHAR(64)  NOT NULL,
    name              VARCHAR(128) NOT NULL,
    labels            VARCHAR      NOT NULL,
    total             DOUBLE PRECISION NOT NULL,
    sample_count      BIGINT       NOT NULL,
    buckets           VARCHAR,
    min_value         DOUBLE PRECISION,
    max_value         DOUBLE PRECISION,
    recorded_at       TIMESTAMP WITH TIME ZONE NOT NULL
);
