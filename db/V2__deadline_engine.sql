-- The deadline engine: persistent timers (a warning and the breach of every deadline, then the
-- escalation steps), the escalation chains, and the notification outbox the channels deliver.

-- Timers fire exactly once cluster-wide: an engine claims due rows with FOR UPDATE SKIP LOCKED and
-- marks them FIRED in the same transaction as their effect.
CREATE TABLE deadline_timer (
    id          bigserial PRIMARY KEY,
    deadline_id bigint      NOT NULL REFERENCES deadline (id) ON DELETE CASCADE,
    ticket_id   bigint      NOT NULL REFERENCES ticket (id),
    kind        varchar(12) NOT NULL CHECK (kind IN ('WARNING', 'BREACH', 'ESCALATION')),
    step        integer     NOT NULL DEFAULT 0 CHECK (step >= 0),
    -- when it should fire; due_at moves on when a failed firing is retried, planned_at does not
    planned_at  timestamptz NOT NULL,
    due_at      timestamptz NOT NULL,
    state       varchar(12) NOT NULL CHECK (state IN ('PENDING', 'FIRED', 'CANCELLED', 'FAILED')),
    attempts    integer     NOT NULL DEFAULT 0,
    created_at  timestamptz NOT NULL,
    fired_at    timestamptz,
    fired_by    varchar(64),
    lateness_ms bigint,
    last_error  varchar(2000),
    UNIQUE (deadline_id, kind, step),
    CHECK (state <> 'FIRED' OR fired_at IS NOT NULL)
);
CREATE INDEX deadline_timer_due_idx ON deadline_timer (due_at, id) WHERE state = 'PENDING';
CREATE INDEX deadline_timer_deadline_idx ON deadline_timer (deadline_id);

-- Who is told, per category, shift and deadline kind: at the warning (step 0), at the breach
-- (step 0), and at each escalation step (1, 2, …; past the last, the last repeats). Recipients are
-- role names, or 'assignee' for the ticket's agent. Written from configuration at start.
CREATE TABLE escalation_rule (
    category      varchar(20) NOT NULL
        CHECK (category IN ('GENERAL_QUALITY', 'COMPLAINT', 'MAJOR_INCIDENT', 'RESCUE', 'INQUIRY')),
    shift         varchar(8)  NOT NULL CHECK (shift IN ('DAY', 'NIGHT')),
    deadline_kind varchar(16) NOT NULL CHECK (deadline_kind IN ('REPLY', 'DISPATCH')),
    stage         varchar(12) NOT NULL CHECK (stage IN ('WARNING', 'BREACH', 'ESCALATION')),
    step          integer     NOT NULL CHECK (step >= 0),
    recipients    text[]      NOT NULL,
    PRIMARY KEY (category, shift, deadline_kind, stage, step),
    CHECK (recipients <@ ARRAY['assignee', 'agent', 'duty', 'supervisor', 'leader', 'regional', 'station', 'admin']::text[])
);

-- The notification outbox: written in the same transaction as the event that causes it, delivered
-- by the channels. WEB rows are the people's inboxes; LOG rows go to the service log. The source
-- names the cause, so a cause fired twice cannot notify twice.
CREATE TABLE notification (
    id                 bigserial PRIMARY KEY,
    created_at         timestamptz   NOT NULL,
    source             varchar(64)   NOT NULL,
    kind               varchar(24)   NOT NULL
        CHECK (kind IN ('DEADLINE_WARNING', 'DEADLINE_BREACHED', 'ESCALATION', 'MAJOR_INCIDENT', 'TIMER_FAILED')),
    channel            varchar(8)    NOT NULL CHECK (channel IN ('WEB', 'LOG', 'SMS', 'EMAIL', 'VOICE')),
    recipient_staff_id bigint REFERENCES staff (id),
    ticket_id          bigint REFERENCES ticket (id),
    deadline_id        bigint REFERENCES deadline (id) ON DELETE SET NULL,
    subject            varchar(500)  NOT NULL,
    state              varchar(12)   NOT NULL CHECK (state IN ('PENDING', 'DELIVERED', 'READ', 'FAILED')),
    delivered_at       timestamptz,
    read_at            timestamptz,
    CHECK (channel = 'LOG' OR recipient_staff_id IS NOT NULL)
);
CREATE UNIQUE INDEX notification_once_idx ON notification (source, coalesce(recipient_staff_id, 0), channel);
CREATE INDEX notification_inbox_idx ON notification (recipient_staff_id, id DESC) WHERE channel = 'WEB';
CREATE INDEX notification_pending_idx ON notification (id) WHERE state = 'PENDING';

CREATE INDEX staff_role_role_idx ON staff_role (role, staff_id);

-- Exemptions can be revoked by a supervisor, with a reason.
ALTER TABLE exemption ADD COLUMN revoke_reason varchar(2000);
