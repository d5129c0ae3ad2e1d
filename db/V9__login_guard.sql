-- Logins can be disabled, and repeated wrong passwords lock one for a while (doubling, at most an
-- hour); the last failure is kept for the administrators to see.
ALTER TABLE app_user
    ADD COLUMN enabled          boolean     NOT NULL DEFAULT true,
    ADD COLUMN failed_logins    integer     NOT NULL DEFAULT 0 CHECK (failed_logins >= 0),
    ADD COLUMN locked_until     timestamptz,
    ADD COLUMN last_failed_at   timestamptz,
    ADD COLUMN last_failed_from varchar(64),
    ADD COLUMN password_changed_at timestamptz;
