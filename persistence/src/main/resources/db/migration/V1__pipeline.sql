-- Portable between H2 2.x and PostgreSQL 13+: VARCHAR without length, TIMESTAMP WITH TIME ZONE.

CREATE TABLE app (
    app_id            VARCHAR(64)  NOT NULL PRIMARY KEY,
    tenant_id         VARCHAR(128) NOT NULL,
    name              VARCHAR(255) NOT NULL,
    mode              VARCHAR(64),
    tracing_enabled   BOOLEAN      NOT NULL,
    tracing_provider  VARCHAR(32),
    created_at        TIMESTAMP WITH TIME ZONE NOT NULL,
    updated_at        TIMESTAMP WITH TIME ZONE NOT NULL
);
CREATE INDEX app_tenant_idx ON app (tenant_id);

CREATE TABLE trace_config (
    id                VARCHAR(36)  NOT NULL PRIMARY KEY,
    app_id            VARCHAR(64)  NOT NULL REFERENCES app (app_id) ON DELETE CASCADE,
    provider          VARCHAR(32)  NOT NULL,
    config            VARCHAR      NOT NULL,
    created_at        TIMESTAMP WITH TIME ZONE NOT NULL,
    updated_at        TIMESTAMP WITH TIME ZONE NOT NULL,
    CONSTRAINT trace_config_app_provider_uk UNIQUE (app_id, provider)
);

CREATE TABLE trace_task (
    task_id           VARCHAR(64)  NOT NULL PRIMARY KEY,
    tenant_id         VARCHAR(128),
    app_id            VARCHAR(64),
    trace_info_type   VARCHAR(64)  NOT NULL,
    source            VARCHAR(8)   NOT NULL,
    routing           VARCHAR(16)  NOT NULL,
    payload           VARCHAR      NOT NULL,
    received_at       TIMESTAMP WITH TIME ZONE NOT NULL
);
CREATE INDEX trace_task_app_idx ON trace_task (app_id, received_at);

CREATE TABLE delivery (
    id                VARCHAR(36)  NOT NULL PRIMARY KEY,
    task_id           VARCHAR(64)  NOT NULL REFERENCES trace_task (task_id) ON DELETE CASCADE,
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
    CONSTRAINT delivery_task_destination_uk UNIQUE (task_id, destination)
);
-- The drain looks up due work per destination in age order.
CREATE INDEX delivery_due_idx ON delivery (status, destination, next_attempt_at);
CREATE INDEX delivery_app_status_idx ON delivery (app_id, status);

CREATE TABLE rejected_task (
    id                VARCHAR(36)  NOT NULL PRIMARY KEY,
    source            VARCHAR(8)   NOT NULL,
    message_id        VARCHAR(255),
    reason            VARCHAR(4000) NOT NULL,
    received_at       TIMESTAMP WITH TIME ZONE NOT NULL
);
