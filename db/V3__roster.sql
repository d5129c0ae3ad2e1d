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
