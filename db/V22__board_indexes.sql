-- The supervisors' wall board asks, per open board every half minute and on every change, for the deadlines
-- breached and still owed (every kind, most recent first); read from an index instead of the whole table.
CREATE INDEX deadline_breached_owed_idx ON deadline (due_at) WHERE state = 'BREACHED' AND met_at IS NULL;
