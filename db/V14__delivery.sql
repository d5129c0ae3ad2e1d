-- Messages that reach phones and mailboxes. Each message to a person is first a WEB row (the inbox);
-- the planner adds one row per further channel the configuration names for its kind (SMS, EMAIL,
-- VOICE), with the address it goes to. Workers deliver those rows: each attempt is recorded, a failed
-- one is retried later with the same id (the SMS gateway's idempotency key), and a message that cannot
-- be delivered is told to the supervisors on another channel.
ALTER TABLE notification DROP CONSTRAINT notification_state_check;
ALTER TABLE notification ADD CONSTRAINT notification_state_check CHECK (state IN
    ('PENDING', 'DELIVERED', 'READ', 'QUEUED', 'SENT', 'ACCEPTED', 'FAILED', 'ACKNOWLEDGED'));
ALTER TABLE notification DROP CONSTRAINT notification_kind_check;
ALTER TABLE notification ADD CONSTRAINT notification_kind_check CHECK (kind IN
    ('DEADLINE_WARNING', 'DEADLINE_BREACHED', 'ESCALATION', 'MAJOR_INCIDENT', 'TIMER_FAILED', 'ROSTER_EMPTY',
     'MISSED_CALL', 'DATA_SKIPPED', 'DISPATCH_NOTICE', 'DELIVERY_FAILED', 'CALL_FORWARDED',
     'NOTICE_UNACKNOWLEDGED'));

ALTER TABLE notification
    ADD COLUMN planned         boolean      NOT NULL DEFAULT true,
    ADD COLUMN address         varchar(254),
    ADD COLUMN notice_id       bigint REFERENCES dispatch_notice (id),
    ADD COLUMN attempts        integer      NOT NULL DEFAULT 0 CHECK (attempts >= 0),
    ADD COLUMN next_attempt_at timestamptz,
    ADD COLUMN lease_until     timestamptz,
    ADD COLUMN last_error      varchar(500),
    ADD COLUMN accepted_at     timestamptz,
    ADD COLUMN acknowledged_at timestamptz,
    ADD COLUMN acknowledged_by varchar(64),
    ADD COLUMN raised          boolean      NOT NULL DEFAULT false;
-- rows written from now on wait for the planner; those already there were only ever meant for the inbox
ALTER TABLE notification ALTER COLUMN planned SET DEFAULT false;
ALTER TABLE notification ADD CONSTRAINT notification_address_check
    CHECK (channel NOT IN ('SMS', 'EMAIL', 'VOICE') OR state = 'FAILED' OR address IS NOT NULL);

CREATE INDEX notification_unplanned_idx ON notification (id) WHERE NOT planned;
CREATE INDEX notification_queued_idx ON notification (next_attempt_at, id) WHERE state = 'QUEUED';
-- failed messages whose failure the supervisors were not yet told of
CREATE INDEX notification_unraised_idx ON notification (id) WHERE state = 'FAILED' AND NOT raised;
CREATE INDEX notification_ticket_idx ON notification (ticket_id, id) WHERE ticket_id IS NOT NULL;
CREATE INDEX notification_notice_idx ON notification (notice_id) WHERE notice_id IS NOT NULL;
-- the notices still waiting for their acknowledgement, which the workers chase
CREATE INDEX dispatch_notice_unacknowledged_idx ON dispatch_notice (issued_at) WHERE state = 'ISSUED';

-- Every attempt to hand a message to its channel, as the channel answered.
CREATE TABLE notification_attempt (
    id              bigserial PRIMARY KEY,
    notification_id bigint       NOT NULL REFERENCES notification (id) ON DELETE CASCADE,
    at              timestamptz  NOT NULL,
    outcome         varchar(12)  NOT NULL CHECK (outcome IN ('ACCEPTED', 'SENT', 'FAILED')),
    detail          varchar(500)
);
CREATE INDEX notification_attempt_of_idx ON notification_attempt (notification_id, id);

-- Secrets every instance shares, made once by the database's strong random source: the key that signs
-- acknowledgement links.
CREATE TABLE app_secret (
    name  varchar(64) PRIMARY KEY,
    value varchar(200) NOT NULL
);
INSERT INTO app_secret VALUES ('ack-link', replace(gen_random_uuid()::text || gen_random_uuid()::text, '-', ''));

-- The planner and the workers wake at once in every instance when messages are written; a statement
-- that wrote none (a planning round with nothing to plan) wakes nobody.
CREATE FUNCTION notification_inserted_notify() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF EXISTS (SELECT 1 FROM inserted) THEN
        PERFORM pg_notify('hotline_table_changed', TG_TABLE_NAME);
    END IF;
    RETURN NULL;
END
$$;
CREATE TRIGGER notification_changed AFTER INSERT ON notification REFERENCING NEW TABLE AS inserted
    FOR EACH STATEMENT EXECUTE FUNCTION notification_inserted_notify();
