-- Indexes shaped after the drain's queries (found by profiling the benchmark: the drain scanned
-- the delivery table on every tick and claim):
--   claim:              destination = ? and status = 'PENDING' and next_attempt_at <= ? order by created_at
--   due destinations:   status = 'PENDING' and next_attempt_at <= ?
--   expired leases:     status = 'IN_FLIGHT' and lease_until < ?
--   progress (health):  max(finished_at)
DROP INDEX delivery_due_idx;
CREATE INDEX delivery_claim_idx ON delivery (destination, status, created_at);
CREATE INDEX delivery_pending_idx ON delivery (status, next_attempt_at);
CREATE INDEX delivery_lease_idx ON delivery (status, lease_until);
CREATE INDEX delivery_finished_idx ON delivery (finished_at);
