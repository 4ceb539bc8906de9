-- The cap on metric series per tenant counts a tenant's rows: the tenant gets a column (it is also
-- inside the labels) and an index, instead of a scan of every label set.
ALTER TABLE metric_series ADD COLUMN tenant_id VARCHAR;
UPDATE metric_series SET tenant_id = COALESCE(labels::jsonb ->> 'tenant_id', '');
ALTER TABLE metric_series ALTER COLUMN tenant_id SET NOT NULL;
CREATE INDEX metric_series_tenant_idx ON metric_series (tenant_id);
