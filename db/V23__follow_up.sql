-- The follow-up call (6.1.3: regular follow-up rate, customer satisfaction). Every resolution of a ticket owes
-- one: DUE from its resolution until the customer is REACHED (with a satisfaction score) or stays UNREACHABLE
-- after the configured attempts, both of which close the ticket; NOT_POSSIBLE when the ticket has no number to
-- call; CANCELLED when the ticket is reopened first (its next resolution owes a new one).
CREATE TABLE follow_up (
    id           bigserial PRIMARY KEY,
    ticket_id    bigint        NOT NULL REFERENCES ticket (id),
    -- the resolution it follows: the figures count it on that day
    resolved_at  timestamptz   NOT NULL,
    -- the promise: the figures count the follow-up as owed once this passes without the customer reached
    due_at       timestamptz   NOT NULL,
    -- when to call next: due_at at first, later after each call nobody answered (due_at stays)
    next_call_at timestamptz   NOT NULL,
    state        varchar(16)   NOT NULL
        CHECK (state IN ('DUE', 'REACHED', 'UNREACHABLE', 'NOT_POSSIBLE', 'CANCELLED')),
    attempts     integer       NOT NULL DEFAULT 0 CHECK (attempts >= 0),
    -- 1 (very dissatisfied) to 5 (very satisfied), as the customer reached said
    satisfaction smallint      CHECK (satisfaction BETWEEN 1 AND 5),
    -- why no call could be made, or why it was cancelled
    reason       varchar(2000),
    done_at      timestamptz,
    done_by      varchar(64),
    created_at   timestamptz   NOT NULL,
    CHECK ((state = 'REACHED') = (satisfaction IS NOT NULL)),
    CHECK ((state = 'DUE') = (done_at IS NULL) AND (done_at IS NULL) = (done_by IS NULL)),
    CHECK (state NOT IN ('NOT_POSSIBLE', 'CANCELLED') OR coalesce(btrim(reason), '') <> ''),
    CHECK (state NOT IN ('REACHED', 'UNREACHABLE') OR attempts > 0)
);
-- a ticket owes one follow-up call at a time
CREATE UNIQUE INDEX follow_up_open_idx ON follow_up (ticket_id) WHERE state = 'DUE';
CREATE INDEX follow_up_ticket_idx ON follow_up (ticket_id, id);
CREATE INDEX follow_up_due_idx ON follow_up (next_call_at) WHERE state = 'DUE';
CREATE INDEX follow_up_resolved_idx ON follow_up (resolved_at);

-- Each call made for a follow-up: who called, when, whether the customer answered, and what was said.
CREATE TABLE follow_up_attempt (
    id           bigserial PRIMARY KEY,
    follow_up_id bigint        NOT NULL REFERENCES follow_up (id),
    called_at    timestamptz   NOT NULL,
    called_by    varchar(64)   NOT NULL,
    reached      boolean       NOT NULL,
    satisfaction smallint      CHECK (satisfaction BETWEEN 1 AND 5),
    note         varchar(2000),
    CHECK (reached = (satisfaction IS NOT NULL))
);
CREATE INDEX follow_up_attempt_follow_up_idx ON follow_up_attempt (follow_up_id, id);

-- Tickets already resolved owe their follow-up call too, due a day (the default) after this migration: they
-- could not have been called under a rule that did not exist, so none is counted as owed before then.
INSERT INTO follow_up (ticket_id, resolved_at, due_at, next_call_at, state, reason, done_at, done_by, created_at)
SELECT t.id, t.resolved_at, now() + interval '1 day', now() + interval '1 day',
       CASE WHEN t.caller_number IS NULL THEN 'NOT_POSSIBLE' ELSE 'DUE' END,
       CASE WHEN t.caller_number IS NULL THEN 'no number to call: the caller''s number was withheld' END,
       CASE WHEN t.caller_number IS NULL THEN t.resolved_at END,
       CASE WHEN t.caller_number IS NULL THEN 'system' END,
       now()
  FROM ticket t
 WHERE t.status = 'RESOLVED';

-- the agents' call-back list follows the follow-ups due as it follows the tickets (V19)
CREATE TRIGGER follow_up_inserted AFTER INSERT ON follow_up REFERENCING NEW TABLE AS changed
    FOR EACH STATEMENT EXECUTE FUNCTION rows_changed_notify();
CREATE TRIGGER follow_up_updated AFTER UPDATE ON follow_up REFERENCING NEW TABLE AS changed
    FOR EACH STATEMENT EXECUTE FUNCTION rows_changed_notify();
