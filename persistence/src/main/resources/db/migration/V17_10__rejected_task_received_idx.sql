-- The refusal records' retention deletes by age, and keeps at most the newest N: both read this
-- index instead of the whole table.
CREATE INDEX rejected_task_received_idx ON rejected_task (received_at);
