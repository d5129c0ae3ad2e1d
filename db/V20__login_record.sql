-- Every web login, every failed attempt (form or HTTP Basic) and every logout, for the administrators:
-- when, who (as typed, for an unknown name), from where. A logout or a new password ends every session
-- of the login: the session names the generation it was opened in, and these raise it.
ALTER TABLE app_user ADD COLUMN session_generation integer NOT NULL DEFAULT 0 CHECK (session_generation >= 0);

CREATE TABLE login_event (
    id       bigserial PRIMARY KEY,
    at       timestamptz NOT NULL,
    username varchar(64) NOT NULL,
    staff_id bigint REFERENCES staff (id),
    kind     varchar(8)  NOT NULL CHECK (kind IN ('LOGIN', 'FAILED', 'LOGOUT')),
    via      varchar(8)  NOT NULL CHECK (via IN ('FORM', 'BASIC')),
    address  varchar(64),
    detail   varchar(200)
);
CREATE INDEX login_event_at_idx ON login_event (at);
CREATE INDEX login_event_username_idx ON login_event (username, at DESC);
