-- A tenant's redaction rules for one destination (an app's provider route key or the enterprise
-- collector), or its default for every destination ('*'). version grows with every change, so a
-- node keeps compiled rules only while their version is the stored one.
CREATE TABLE redaction_rules (
    tenant_id VARCHAR(255) NOT NULL,
    destination VARCHAR(512) NOT NULL,
    rules TEXT NOT NULL,
    version BIGINT NOT NULL,
    updated_at TIMESTAMP WITH TIME ZONE NOT NULL,
    PRIMARY KEY (tenant_id, destination)
);
