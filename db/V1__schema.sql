-- The hotline's schema: people, stations, customers, tickets and everything that happens to them.
-- Constraints live here as well as in Java: the database refuses what the rules forbid.

CREATE TABLE station (
    id               bigserial PRIMARY KEY,
    code             varchar(32)  NOT NULL UNIQUE CHECK (code ~ '^[A-Za-z0-9_-]+$'),
    name             varchar(200) NOT NULL CHECK (btrim(name) <> ''),
    region           varchar(100) CHECK (region IS NULL OR btrim(region) <> ''),
    phone            varchar(20),
    manager_staff_id bigint,
    created_at       timestamptz  NOT NULL
);

CREATE TABLE staff (
    id         bigserial PRIMARY KEY,
    name       varchar(200) NOT NULL CHECK (btrim(name) <> ''),
    mobile     varchar(20)  CHECK (mobile ~ '^\+[1-9][0-9]{6,14}$'),
    email      varchar(254) CHECK (email LIKE '%_@_%'),
    region     varchar(100) CHECK (region IS NULL OR btrim(region) <> ''),
    station_id bigint REFERENCES station (id),
    active     boolean      NOT NULL DEFAULT true,
    created_at timestamptz  NOT NULL
);

ALTER TABLE station ADD CONSTRAINT station_manager_fk FOREIGN KEY (manager_staff_id) REFERENCES staff (id);

CREATE TABLE staff_role (
    id       bigserial PRIMARY KEY,
    staff_id bigint      NOT NULL REFERENCES staff (id),
    role     varchar(16) NOT NULL
        CHECK (role IN ('agent', 'duty', 'supervisor', 'leader', 'regional', 'station', 'admin')),
    UNIQUE (staff_id, role)
);

CREATE TABLE app_user (
    id            bigserial PRIMARY KEY,
    staff_id      bigint       NOT NULL UNIQUE REFERENCES staff (id),
    username      varchar(64)  NOT NULL UNIQUE CHECK (username ~ '^[a-z0-9._-]{2,64}$'),
    password_hash varchar(100) NOT NULL CHECK (password_hash LIKE '$2%'),
    created_at    timestamptz  NOT NULL
);

CREATE TABLE customer (
    id         bigserial PRIMARY KEY,
    phone      varchar(20)  NOT NULL UNIQUE CHECK (phone ~ '^\+[1-9][0-9]{6,14}$'),
    name       varchar(200),
    created_at timestamptz  NOT NULL,
    updated_at timestamptz  NOT NULL
);

CREATE TABLE vehicle (
    id          bigserial PRIMARY KEY,
    vin         varchar(17) NOT NULL UNIQUE CHECK (vin ~ '^[A-HJ-NPR-Z0-9]{17}$'),
    customer_id bigint REFERENCES customer (id),
    created_at  timestamptz NOT NULL
);

-- Per-day counter behind the human-readable ticket numbers (HL-20261127-0042).
CREATE TABLE ticket_number_counter (
    day  date    PRIMARY KEY,
    last integer NOT NULL CHECK (last > 0)
);

CREATE TABLE ticket (
    id            bigserial PRIMARY KEY,
    number        varchar(32)  NOT NULL UNIQUE,
    status        varchar(16)  NOT NULL
        CHECK (status IN ('OPEN', 'CALLBACK', 'REPLIED', 'DISPATCHED', 'RESOLVED', 'CLOSED')),
    category      varchar(20)  NOT NULL
        CHECK (category IN ('GENERAL_QUALITY', 'COMPLAINT', 'MAJOR_INCIDENT', 'RESCUE', 'INQUIRY')),
    caller_number varchar(20)  CHECK (caller_number ~ '^\+[1-9][0-9]{6,14}$'),
    customer_id   bigint REFERENCES customer (id),
    customer_name varchar(200),
    vehicle_id    bigint REFERENCES vehicle (id),
    vin           varchar(17)  CHECK (vin ~ '^[A-HJ-NPR-Z0-9]{17}$'),
    description   varchar(10000),
    received_at   timestamptz  NOT NULL,
    shift         varchar(8)   NOT NULL CHECK (shift IN ('DAY', 'NIGHT')),
    office_hours  boolean      NOT NULL,
    assignee_id   bigint REFERENCES staff (id),
    resolution    varchar(10000),
    resolved_at   timestamptz,
    closed_at     timestamptz,
    created_at    timestamptz  NOT NULL,
    updated_at    timestamptz  NOT NULL,
    version       integer      NOT NULL DEFAULT 0,
    -- set by a trigger, never by the service: once a major incident, always kept
    was_major_incident boolean NOT NULL DEFAULT false,
    CHECK (status NOT IN ('RESOLVED', 'CLOSED') OR resolved_at IS NOT NULL),
    CHECK (status <> 'CLOSED' OR closed_at IS NOT NULL)
);
CREATE INDEX ticket_received_idx ON ticket (received_at DESC, id DESC);
CREATE INDEX ticket_caller_idx ON ticket (caller_number, received_at DESC);
CREATE INDEX ticket_status_idx ON ticket (status);

-- Major incidents are kept for ever: the rules ask that 100% of them are recorded. A ticket that
-- was one and was downgraded is kept too.
CREATE FUNCTION remember_major_incident() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    NEW.was_major_incident := NEW.category = 'MAJOR_INCIDENT'
        OR (TG_OP = 'UPDATE' AND OLD.was_major_incident);
    RETURN NEW;
END $$;
CREATE TRIGGER ticket_remember_major_incident BEFORE INSERT OR UPDATE ON ticket
    FOR EACH ROW EXECUTE FUNCTION remember_major_incident();

CREATE FUNCTION refuse_major_incident_delete() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF OLD.category = 'MAJOR_INCIDENT' OR OLD.was_major_incident THEN
        RAISE EXCEPTION 'ticket % is a major incident and can never be deleted', OLD.number
            USING ERRCODE = 'restrict_violation';
    END IF;
    RETURN OLD;
END $$;
CREATE TRIGGER ticket_major_incident_no_delete BEFORE DELETE ON ticket
    FOR EACH ROW EXECUTE FUNCTION refuse_major_incident_delete();

CREATE TABLE deadline (
    id        bigserial PRIMARY KEY,
    ticket_id bigint      NOT NULL REFERENCES ticket (id),
    kind      varchar(16) NOT NULL CHECK (kind IN ('REPLY', 'DISPATCH')),
    due_at    timestamptz NOT NULL,
    state     varchar(16) NOT NULL CHECK (state IN ('PENDING', 'MET', 'BREACHED', 'EXEMPT')),
    met_at    timestamptz,
    UNIQUE (ticket_id, kind),
    CHECK (state <> 'MET' OR (met_at IS NOT NULL AND met_at <= due_at))
);
CREATE INDEX deadline_pending_due_idx ON deadline (due_at) WHERE state = 'PENDING';

CREATE TABLE exemption (
    id           bigserial PRIMARY KEY,
    ticket_id    bigint        NOT NULL REFERENCES ticket (id),
    deadline_id  bigint        NOT NULL REFERENCES deadline (id) ON DELETE CASCADE,
    kind         varchar(16)   NOT NULL CHECK (kind IN ('REPLY', 'DISPATCH')),
    reason       varchar(2000) NOT NULL CHECK (btrim(reason) <> ''),
    created_by   varchar(64)   NOT NULL,
    created_at   timestamptz   NOT NULL,
    revoked_at   timestamptz,
    revoked_by   varchar(64)
);
CREATE UNIQUE INDEX exemption_active_idx ON exemption (deadline_id) WHERE revoked_at IS NULL;

CREATE TABLE ticket_reply (
    id         bigserial PRIMARY KEY,
    ticket_id  bigint        NOT NULL REFERENCES ticket (id),
    channel    varchar(8)    NOT NULL CHECK (channel IN ('PHONE', 'SMS', 'EMAIL', 'VISIT')),
    text       varchar(10000) NOT NULL CHECK (btrim(text) <> ''),
    replied_at timestamptz   NOT NULL,
    replied_by varchar(64)   NOT NULL
);
CREATE INDEX ticket_reply_ticket_idx ON ticket_reply (ticket_id);

-- A work-instruction notice to a service station or to a regional manager. Its delivery over the
-- channels (web, SMS, e-mail, voice) comes with the dispatch issue; issuing it meets DISPATCH.
CREATE TABLE dispatch_notice (
    id              bigserial PRIMARY KEY,
    ticket_id       bigint        NOT NULL REFERENCES ticket (id),
    station_id      bigint REFERENCES station (id),
    staff_id        bigint REFERENCES staff (id),
    instruction     varchar(10000) NOT NULL CHECK (btrim(instruction) <> ''),
    state           varchar(16)   NOT NULL CHECK (state IN ('ISSUED', 'ACKNOWLEDGED')),
    issued_at       timestamptz   NOT NULL,
    issued_by       varchar(64)   NOT NULL,
    acknowledged_at timestamptz,
    acknowledged_by varchar(64),
    CHECK ((station_id IS NULL) <> (staff_id IS NULL)),
    CHECK (state <> 'ACKNOWLEDGED' OR acknowledged_at IS NOT NULL)
);
CREATE INDEX dispatch_notice_ticket_idx ON dispatch_notice (ticket_id);
CREATE INDEX dispatch_notice_station_idx ON dispatch_notice (station_id);

-- One row per inbound call, keyed by Asterisk's linked id (filled by the telephony issue).
CREATE TABLE call_record (
    id            bigserial PRIMARY KEY,
    linked_id     varchar(64)  NOT NULL UNIQUE,
    ticket_id     bigint REFERENCES ticket (id),
    caller_number varchar(20)  CHECK (caller_number ~ '^\+[1-9][0-9]{6,14}$'),
    started_at    timestamptz  NOT NULL,
    answered_at   timestamptz,
    ended_at      timestamptz,
    outcome       varchar(16)  NOT NULL
        CHECK (outcome IN ('IN_PROGRESS', 'ANSWERED', 'FORWARDED', 'MISSED', 'ABANDONED')),
    answered_by   bigint REFERENCES staff (id),
    office_hours  boolean      NOT NULL,
    recording     varchar(255)
);
CREATE INDEX call_record_ticket_idx ON call_record (ticket_id);
CREATE INDEX call_record_started_idx ON call_record (started_at);

-- Public holidays and make-up working days; office hours per weekday are configuration.
CREATE TABLE calendar_day (
    day        date        PRIMARY KEY,
    type       varchar(8)  NOT NULL CHECK (type IN ('HOLIDAY', 'WORKDAY')),
    note       varchar(200),
    created_by varchar(64) NOT NULL,
    created_at timestamptz NOT NULL
);

-- Who did what, when: append-only.
CREATE TABLE ticket_event (
    id        bigserial PRIMARY KEY,
    ticket_id bigint       NOT NULL REFERENCES ticket (id),
    at        timestamptz  NOT NULL,
    actor     varchar(64)  NOT NULL,
    type      varchar(32)  NOT NULL,
    detail    varchar(20000)
);
CREATE INDEX ticket_event_ticket_idx ON ticket_event (ticket_id, id);

CREATE FUNCTION refuse_event_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'TRUNCATE' THEN
        RAISE EXCEPTION 'table % is the hotline''s record and cannot be truncated', TG_TABLE_NAME
            USING ERRCODE = 'restrict_violation';
    END IF;
    RAISE EXCEPTION 'the ticket event log is append-only' USING ERRCODE = 'restrict_violation';
END $$;
CREATE TRIGGER ticket_event_append_only BEFORE UPDATE OR DELETE ON ticket_event
    FOR EACH ROW EXECUTE FUNCTION refuse_event_change();
CREATE TRIGGER ticket_event_no_truncate BEFORE TRUNCATE ON ticket_event
    FOR EACH STATEMENT EXECUTE FUNCTION refuse_event_change();
CREATE TRIGGER ticket_no_truncate BEFORE TRUNCATE ON ticket
    FOR EACH STATEMENT EXECUTE FUNCTION refuse_event_change();
