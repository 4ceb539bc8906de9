-- A redriven delivery gets a fresh retry budget, counted from here instead of created_at.
ALTER TABLE delivery ADD COLUMN retry_since TIMESTAMP WITH TIME ZONE;
