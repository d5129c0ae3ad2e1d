-- A shift entered by mistake (the wrong person, the wrong night) is cancelled, not deleted: the row
-- stays with who cancelled it, when and why. Cancelled before it began, it never counts; cancelled
-- while running, it ends then (planned_end_at keeps the end it had), so the record of who was on duty
-- until that moment stays true. A shift that has ended cannot be cancelled.
ALTER TABLE roster_shift
    ADD COLUMN cancelled_at   timestamptz,
    ADD COLUMN cancelled_by   varchar(64),
    ADD COLUMN cancel_reason  varchar(200),
    ADD COLUMN planned_end_at timestamptz,
    ADD CONSTRAINT roster_shift_cancel_complete
        CHECK ((cancelled_at IS NULL AND cancelled_by IS NULL AND cancel_reason IS NULL AND planned_end_at IS NULL)
            OR (cancelled_at IS NOT NULL AND cancelled_by IS NOT NULL AND cancel_reason IS NOT NULL));

-- A rotation is ended, not deleted: from ended_at on it is nobody's turn; the turns before stay the
-- record of who was on duty. active stays the flag of a rotation not ended.
ALTER TABLE roster_rotation
    ADD COLUMN ended_at     timestamptz,
    ADD COLUMN ended_by     varchar(64),
    ADD COLUMN ended_reason varchar(200),
    ADD CONSTRAINT roster_rotation_end_complete
        CHECK (active = (ended_at IS NULL)
           AND ((ended_at IS NULL AND ended_by IS NULL AND ended_reason IS NULL)
             OR (ended_at IS NOT NULL AND ended_by IS NOT NULL AND ended_reason IS NOT NULL)));
