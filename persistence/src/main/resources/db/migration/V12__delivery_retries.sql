-- When deliveries were retried, for the console's per-minute chart: a retry leaves no time on its
-- delivery row (it waits again), so each recorded batch appends how many of an app's deliveries it
-- sent back to wait. Append-only: no row is shared between drains, nothing waits on a lock.
CREATE TABLE delivery_retry (
    tenant_id  VARCHAR(128) NOT NULL,
    app_id     VARCHAR(64)  NOT NULL,
    retried_at TIMESTAMP WITH TIME ZONE NOT NULL,
    retries    INTEGER      NOT NULL
);
CREATE INDEX delivery_retry_app_idx ON delivery_retry (tenant_id, app_id, retried_at);
