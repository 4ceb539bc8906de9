-- A claimed batch is held by its transaction's row locks, never by a lease: the IN_FLIGHT status
-- and the lease column of the first versions go. A row such a version still had leased is put
-- back in line (a lease only ever meant "being exported").
UPDATE delivery SET status = 'PENDING' WHERE status = 'IN_FLIGHT';
DROP INDEX IF EXISTS delivery_lease_idx;
ALTER TABLE delivery DROP COLUMN lease_until;
