-- Figures and lists that stay fast on years of data.
--
-- 1. The KPI summary. The figures are defined once, as the items of KpiQueries (every call, ticket, deadline...
-- of a period, each with its local day). kpi_day and kpi_day_count keep that query's counts of whole past days,
-- per zone; they are its cache and nothing else: a day is read from them only while nothing it was computed from
-- has changed since, else computed again from the items and written back.
--
-- What changes a day, without the code that writes knowing of it: every table the items read carries triggers
-- (kpi_watch below) that leave a mark in kpi_dirt at the instant whose local day the change lands in (a ticket's
-- receipt for its deadlines, exemptions, events, notices, messages and trips; a call's start for the call), at the
-- minute, whoever writes (the service, the PBX's records, SQL by hand). A table read without such an instant
-- (staff_role: who is a leader) moves kpi_epoch on, which outdates every day. A day is counted in one snapshot,
-- which also reads the marks it takes in; writing the day removes those marks and no other, so a change committed
-- after the snapshot keeps its mark and outdates the day again. Two summaries of a day written at once: the one
-- of the later snapshot stands (snapshot, the snapshot's xmax), and the other removes no mark. Marks are kept at
-- whole minutes, which every zone's midnight has been since 1972.
--
-- What changes without a write: an item whose mark depends on the time (a deadline pending until it falls due)
-- says when it changes; a day holds until the earliest such instant (valid_until), from the instant it was
-- summarised (summarised_at).

CREATE TABLE kpi_dirt (
    id bigserial   PRIMARY KEY,
    at timestamptz NOT NULL
);
CREATE INDEX kpi_dirt_at_idx ON kpi_dirt (at);

CREATE TABLE kpi_epoch (
    one   boolean PRIMARY KEY DEFAULT true CHECK (one),
    epoch bigint  NOT NULL
);
INSERT INTO kpi_epoch VALUES (true, 0);

CREATE TABLE kpi_day (
    zone          varchar(64) NOT NULL,
    day           date        NOT NULL,
    -- the day's instants in its zone: a change inside them outdates it
    starts_at     timestamptz NOT NULL,
    ends_at       timestamptz NOT NULL,
    summarised_at timestamptz NOT NULL,
    valid_until   timestamptz,
    epoch         bigint      NOT NULL,
    snapshot      bigint      NOT NULL,
    PRIMARY KEY (zone, day),
    CHECK (ends_at > starts_at),
    CHECK (valid_until IS NULL OR valid_until > summarised_at)
);
CREATE INDEX kpi_day_span_idx ON kpi_day (starts_at);

-- The counts of one day: per figure key and mark (and reason, for the counts that list reasons), how many items
-- and their summed amount.
CREATE TABLE kpi_day_count (
    zone   varchar(64) NOT NULL,
    day    date        NOT NULL,
    key    varchar(64) NOT NULL,
    mark   varchar(32) NOT NULL,
    reason varchar(2000),
    n      bigint      NOT NULL CHECK (n > 0),
    amount float8,
    FOREIGN KEY (zone, day) REFERENCES kpi_day (zone, day) ON DELETE CASCADE
);
CREATE INDEX kpi_day_count_day_idx ON kpi_day_count (zone, day);

-- Marks the instants a statement's rows place in a day: TG_ARGV[0] 'at' (TG_ARGV[1] is the row's instant) or
-- 'ticket' (TG_ARGV[1] names the ticket whose receipt places it), of the rows before and after the change.
CREATE FUNCTION kpi_touch() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    changed text := CASE TG_OP
        WHEN 'INSERT' THEN format('SELECT %I AS v FROM new_rows', TG_ARGV[1])
        WHEN 'DELETE' THEN format('SELECT %I AS v FROM old_rows', TG_ARGV[1])
        ELSE format('SELECT %I AS v FROM new_rows UNION SELECT %I FROM old_rows', TG_ARGV[1], TG_ARGV[1]) END;
BEGIN
    IF TG_ARGV[0] = 'ticket' THEN
        changed := 'SELECT t.received_at FROM ticket t WHERE t.id IN (' || changed || ')';
    END IF;
    EXECUTE 'INSERT INTO kpi_dirt (at) SELECT DISTINCT date_trunc(''minute'', i.v) FROM (' || changed
        || ') i (v) WHERE i.v IS NOT NULL';
    RETURN NULL;
END $$;

-- A change to a table read without an instant (who is a leader) outdates every day: any row, or only rows for
-- which the condition TG_ARGV[0] holds, before or after the change.
CREATE FUNCTION kpi_touch_all() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    hit boolean := TG_OP = 'TRUNCATE' OR TG_ARGV[0] IS NULL;
BEGIN
    IF NOT hit AND TG_OP IN ('INSERT', 'UPDATE') THEN
        EXECUTE 'SELECT EXISTS (SELECT 1 FROM new_rows WHERE ' || TG_ARGV[0] || ')' INTO hit;
    END IF;
    IF NOT hit AND TG_OP IN ('UPDATE', 'DELETE') THEN
        EXECUTE 'SELECT EXISTS (SELECT 1 FROM old_rows WHERE ' || TG_ARGV[0] || ')' INTO hit;
    END IF;
    IF hit THEN
        UPDATE kpi_epoch SET epoch = epoch + 1;
    END IF;
    RETURN NULL;
END $$;

-- Puts a table the items read under watch: how ('at', 'ticket' or 'all') and by what: the column of the instant or
-- of the ticket, or for 'all' a condition on the rows that matter (null: every row). A new kind of item reading a
-- new table adds one line here in its own migration; KpiSummaryTest fails until it does.
CREATE FUNCTION kpi_watch(tbl regclass, how text, what text) RETURNS void LANGUAGE plpgsql AS $$
DECLARE
    name text := (SELECT relname FROM pg_class WHERE oid = tbl);
    fn text := CASE how WHEN 'all' THEN 'kpi_touch_all' ELSE 'kpi_touch' END;
    args text := CASE how WHEN 'all' THEN coalesce(quote_literal(what), '') ELSE format('%L, %L', how, what) END;
BEGIN
    IF how NOT IN ('at', 'ticket', 'all') THEN
        RAISE EXCEPTION 'kpi_watch: how is at, ticket or all, not %', how;
    END IF;
    EXECUTE format('CREATE TRIGGER %I AFTER INSERT ON %s REFERENCING NEW TABLE AS new_rows'
        || ' FOR EACH STATEMENT EXECUTE FUNCTION %I(%s)', name || '_kpi_insert', tbl, fn, args);
    EXECUTE format('CREATE TRIGGER %I AFTER UPDATE ON %s REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows'
        || ' FOR EACH STATEMENT EXECUTE FUNCTION %I(%s)', name || '_kpi_update', tbl, fn, args);
    EXECUTE format('CREATE TRIGGER %I AFTER DELETE ON %s REFERENCING OLD TABLE AS old_rows'
        || ' FOR EACH STATEMENT EXECUTE FUNCTION %I(%s)', name || '_kpi_delete', tbl, fn, args);
    IF how = 'all' THEN
        EXECUTE format('CREATE TRIGGER %I AFTER TRUNCATE ON %s FOR EACH STATEMENT EXECUTE FUNCTION %I(%s)',
            name || '_kpi_truncate', tbl, fn, args);
    END IF;
END $$;

SELECT kpi_watch('ticket', 'at', 'received_at');
SELECT kpi_watch('call_record', 'at', 'started_at');
SELECT kpi_watch('deadline', 'ticket', 'ticket_id');
SELECT kpi_watch('exemption', 'ticket', 'ticket_id');
SELECT kpi_watch('ticket_event', 'ticket', 'ticket_id');
SELECT kpi_watch('notification', 'ticket', 'ticket_id');
SELECT kpi_watch('dispatch_notice', 'ticket', 'ticket_id');
SELECT kpi_watch('vehicle_trip', 'ticket', 'ticket_id');
-- the items read staff_role for leaders only: another role given or taken changes no figure
SELECT kpi_watch('staff_role', 'all', 'role = ''leader''');

-- 2. The ticket list. Newest first under a status or a category, read from an index in that order (a rare status
-- or category no longer walks every ticket); the status index takes the place of the plain one.
CREATE INDEX ticket_status_received_idx ON ticket (status, received_at DESC, id DESC);
CREATE INDEX ticket_category_received_idx ON ticket (category, received_at DESC, id DESC);
DROP INDEX ticket_status_idx;

-- How many tickets match a list's filters, without counting millions of rows: tickets per UTC day of receipt,
-- status and category, kept by the database as tickets are written. Each statement appends its difference (no
-- row is ever updated, so writers never wait for each other); TicketTally folds them together now and then.
CREATE TABLE ticket_tally (
    day      date        NOT NULL,
    status   varchar(16) NOT NULL,
    category varchar(20) NOT NULL,
    n        bigint      NOT NULL
);
CREATE INDEX ticket_tally_day_idx ON ticket_tally (day);

CREATE FUNCTION ticket_tally_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'INSERT' THEN
        INSERT INTO ticket_tally (day, status, category, n)
        SELECT (received_at AT TIME ZONE 'UTC')::date, status, category, count(*) FROM new_rows GROUP BY 1, 2, 3;
    ELSIF TG_OP = 'DELETE' THEN
        INSERT INTO ticket_tally (day, status, category, n)
        SELECT (received_at AT TIME ZONE 'UTC')::date, status, category, -count(*) FROM old_rows GROUP BY 1, 2, 3;
    ELSE
        INSERT INTO ticket_tally (day, status, category, n)
        SELECT day, status, category, sum(n)
          FROM (SELECT (received_at AT TIME ZONE 'UTC')::date AS day, status, category, 1 AS n FROM new_rows
                UNION ALL
                SELECT (received_at AT TIME ZONE 'UTC')::date, status, category, -1 FROM old_rows) c
         GROUP BY 1, 2, 3 HAVING sum(n) <> 0;
    END IF;
    RETURN NULL;
END $$;

CREATE TRIGGER ticket_tally_insert AFTER INSERT ON ticket REFERENCING NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION ticket_tally_change();
CREATE TRIGGER ticket_tally_update AFTER UPDATE ON ticket REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION ticket_tally_change();
CREATE TRIGGER ticket_tally_delete AFTER DELETE ON ticket REFERENCING OLD TABLE AS old_rows
    FOR EACH STATEMENT EXECUTE FUNCTION ticket_tally_change();

INSERT INTO ticket_tally (day, status, category, n)
SELECT (received_at AT TIME ZONE 'UTC')::date, status, category, count(*) FROM ticket GROUP BY 1, 2, 3;
