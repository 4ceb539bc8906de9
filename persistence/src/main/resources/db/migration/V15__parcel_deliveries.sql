-- Write per message, not per task (README "Performance", round two): the new tasks of one message
-- that go the same way (one app and tenant) form a parcel, and each destination gets one delivery
-- row for the whole parcel, claimed, exported and marked delivered as one. A task row's key is its
-- parcel's key plus its place in it ("<parcel>:<i>"), so a parcel's tasks are found by key without
-- another index. parcel_items is how many tasks the row stands for; it is null for a delivery of
-- one task: rows of earlier versions, and the rows a parcel is split into when its items do not
-- all end the same way (a dead or retried item keeps its own row, listed and redriven per task).
ALTER TABLE delivery ADD COLUMN parcel_items INTEGER;
-- A split item's row is named after its parcel's row and its place: "<parcel delivery id>:<i>".
ALTER TABLE delivery ALTER COLUMN id TYPE VARCHAR(64);
