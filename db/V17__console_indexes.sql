-- The console asks every few seconds, per open page, for the replies still owed (nearest first) and for
-- each person's open tickets; both are read from indexes instead of whole tables.
CREATE INDEX deadline_owed_reply_idx ON deadline (due_at, ticket_id)
    WHERE kind = 'REPLY' AND (state = 'PENDING' OR (state = 'BREACHED' AND met_at IS NULL));
CREATE INDEX ticket_open_assignee_idx ON ticket (assignee_id)
    WHERE status NOT IN ('RESOLVED', 'CLOSED');
