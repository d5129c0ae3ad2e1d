-- The figures look up, for each ticket of a period, whether it was reopened and which of its deadlines were
-- withdrawn: two kinds among the tens of events a ticket gathers. This index holds only those two, so the lookups
-- of a live day's tickets read a small index instead of every ticket's whole history. Not CONCURRENTLY: Flyway
-- holds its migration lock in a transaction, which such a build would wait for without end; migrations run before
-- the service takes calls.
CREATE INDEX IF NOT EXISTS ticket_event_reopened_withdrawn_idx ON ticket_event (ticket_id)
    WHERE type IN ('REOPENED', 'DEADLINE_WITHDRAWN');
