-- The retention purge runs on one node per period: the node whose update of this row succeeds.
INSERT INTO telemetry_lease (name, owner, lease_until) VALUES ('retention', NULL, NULL);
