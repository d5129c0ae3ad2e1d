-- The duty roster: who takes forwarded calls, in call order (1 = called first). A one-off override
-- (a swap, a sick day) wins over the regular shift of the same position.
CREATE TABLE roster_shift (
    id         bigserial PRIMARY KEY,
    staff_id   bigint      NOT NULL REFERENCES staff (id),
    start_at   timestamptz NOT NULL,
    end_at     timestamptz NOT NULL,
    position   integer     NOT NULL CHECK (position BETWEEN 1 AND 20),
    override   boolean     NOT NULL DEFAULT false,
    note       varchar(200),
    created_by varchar(64) NOT NULL,
    created_at timestamptz NOT NULL,
    CHECK (end_at > start_at),
    CHECK (end_at - start_at <= interval '31 days')
);
CREATE INDEX roster_shift_time_idx ON roster_shift (start_at, end_at);

-- A rotation: people taking turns at one position, handing over at a fixed local time every
-- period_days days, starting with the first member on start_date. Shifts (and overrides) win over it.
CREATE TABLE roster_rotation (
    id           bigserial PRIMARY KEY,
    name         varchar(100) NOT NULL CHECK (btrim(name) <> ''),
    position     integer      NOT NULL CHECK (position BETWEEN 1 AND 20),
    handover     time         NOT NULL,
    period_days  integer      NOT NULL DEFAULT 1 CHECK (period_days BETWEEN 1 AND 31),
    start_date   date         NOT NULL,
    members      bigint[]     NOT NULL CHECK (cardinality(members) BETWEEN 1 AND 100),
    active       boolean      NOT NULL DEFAULT true,
    created_by   varchar(64)  NOT NULL,
    created_at   timestamptz  NOT NULL
);

-- An empty on-duty chain is told to the supervisors, not only shown in health.
ALTER TABLE notification DROP CONSTRAINT notification_kind_check;
ALTER TABLE notification ADD CONSTRAINT notification_kind_check CHECK (kind IN
    ('DEADLINE_WARNING', 'DEADLINE_BREACHED', 'ESCALATION', 'MAJOR_INCIDENT', 'TIMER_FAILED', 'ROSTER_EMPTY'));
