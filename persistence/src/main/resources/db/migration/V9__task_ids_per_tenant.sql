-- A task id is unique per tenant, not across tenants: two tenants may use the same id and each
-- gets its task stored and delivered. A delivery names its task by the task row's own key and
-- carries the tenant that stored the task, so admin reads and writes are scoped by tenant in the
-- query itself, and the drain can check that a task goes only with its own tenant's config.
ALTER TABLE delivery ADD COLUMN task_row_id VARCHAR(64);
ALTER TABLE delivery ADD COLUMN tenant_id VARCHAR(128);
UPDATE delivery d SET task_row_id = t.id, tenant_id = t.tenant_id FROM trace_task t WHERE t.task_id = d.task_id;
ALTER TABLE trace_task DROP CONSTRAINT trace_task_task_id_uk;
-- task_id first: intake looks a message's ids up by task_id alone, whatever their tenants.
CREATE UNIQUE INDEX trace_task_tenant_task_uk ON trace_task (task_id, COALESCE(tenant_id, ''));
DROP INDEX delivery_app_status_idx;
CREATE INDEX delivery_tenant_app_idx ON delivery (tenant_id, app_id, status);
