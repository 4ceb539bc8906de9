-- One data key per tenant and version, wrapped (AES-GCM) by the master key named in master_key_id.
CREATE TABLE tenant_key (
    tenant_id         VARCHAR(128) NOT NULL,
    version           INTEGER      NOT NULL,
    wrapped_key       VARCHAR(200) NOT NULL,
    master_key_id     VARCHAR(16)  NOT NULL,
    active            BOOLEAN      NOT NULL,
    created_at        TIMESTAMP WITH TIME ZONE NOT NULL,
    CONSTRAINT tenant_key_pk PRIMARY KEY (tenant_id, version)
);
CREATE INDEX tenant_key_master_idx ON tenant_key (master_key_id);
