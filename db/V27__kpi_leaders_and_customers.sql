-- 1. A major incident's leader is whoever was a leader when told. Each message keeps whether its recipient held
-- the leader role when it was written, set by the database whoever writes (as ticket.was_major_incident is); the
-- figures read that, not who is a leader now. A role given or taken later changes no figure, so staff_role leaves
-- the summary's watch (V25): a leader added or removed outdates no summarised day.
ALTER TABLE notification ADD COLUMN recipient_was_leader boolean NOT NULL DEFAULT false;

-- The messages already written go by their recipients' roles now, which is what the figures read until now: no
-- figure changes, so the summary's watch is left out of this one update.
ALTER TABLE notification DISABLE TRIGGER notification_kpi_update;
UPDATE notification n SET recipient_was_leader = true
 WHERE EXISTS (SELECT 1 FROM staff_role r WHERE r.staff_id = n.recipient_staff_id AND r.role = 'leader');
ALTER TABLE notification ENABLE TRIGGER notification_kpi_update;

CREATE FUNCTION notification_recipient_role() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    NEW.recipient_was_leader := EXISTS (SELECT 1 FROM staff_role r
                                         WHERE r.staff_id = NEW.recipient_staff_id AND r.role = 'leader');
    RETURN NEW;
END $$;
CREATE TRIGGER notification_recipient_role BEFORE INSERT OR UPDATE OF recipient_staff_id ON notification
    FOR EACH ROW EXECUTE FUNCTION notification_recipient_role();

DROP TRIGGER staff_role_kpi_insert ON staff_role;
DROP TRIGGER staff_role_kpi_update ON staff_role;
DROP TRIGGER staff_role_kpi_delete ON staff_role;
DROP TRIGGER staff_role_kpi_truncate ON staff_role;

-- 2. The customer record rate reads the customer of each ticket's caller number. A customer's change marks the days
-- its number's tickets were received ('caller'), and only when what the figures read changed: each call writes its
-- customer again, unchanged but for updated_at.
--
-- Marks the instants a statement's rows place in a day: TG_ARGV[0] 'at' (TG_ARGV[1] is the row's instant), 'ticket'
-- (TG_ARGV[1] names the ticket whose receipt places it) or 'caller' (TG_ARGV[1] is a phone number: the receipts of
-- the tickets from it), of the rows before and after the change. TG_ARGV[2], when given, names the columns the
-- figures read (comma-separated): an update then marks only the rows (paired by id) where one of them or
-- TG_ARGV[1] changed.
CREATE OR REPLACE FUNCTION kpi_touch() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    col text := quote_ident(TG_ARGV[1]);
    olds text;
    news text;
    changed text := CASE TG_OP
        WHEN 'INSERT' THEN format('SELECT %s AS v FROM new_rows', col)
        WHEN 'DELETE' THEN format('SELECT %s AS v FROM old_rows', col)
        ELSE format('SELECT %1$s AS v FROM new_rows UNION SELECT %1$s FROM old_rows', col) END;
BEGIN
    IF TG_OP = 'UPDATE' AND TG_ARGV[2] IS NOT NULL THEN
        SELECT string_agg('o.' || quote_ident(btrim(c)), ', '), string_agg('n.' || quote_ident(btrim(c)), ', ')
          INTO olds, news FROM unnest(string_to_array(TG_ARGV[1] || ',' || TG_ARGV[2], ',')) c;
        changed := format('SELECT x.v FROM old_rows o JOIN new_rows n ON n.id = o.id'
            || ' CROSS JOIN LATERAL (VALUES (o.%1$s), (n.%1$s)) x (v) WHERE ROW(%2$s) IS DISTINCT FROM ROW(%3$s)',
            col, olds, news);
    END IF;
    IF TG_ARGV[0] = 'ticket' THEN
        changed := 'SELECT t.received_at FROM ticket t WHERE t.id IN (' || changed || ')';
    ELSIF TG_ARGV[0] = 'caller' THEN
        changed := 'SELECT t.received_at FROM ticket t WHERE t.caller_number IN (' || changed || ')';
    END IF;
    EXECUTE 'INSERT INTO kpi_dirt (at) SELECT DISTINCT date_trunc(''minute'', i.v) FROM (' || changed
        || ') i (v) WHERE i.v IS NOT NULL';
    RETURN NULL;
END $$;

-- kpi_watch (V25) with 'caller', and with the columns the figures read (null: any change matters).
DROP FUNCTION kpi_watch(regclass, text, text);
CREATE FUNCTION kpi_watch(tbl regclass, how text, what text, reads text DEFAULT NULL) RETURNS void
LANGUAGE plpgsql AS $$
DECLARE
    name text := (SELECT relname FROM pg_class WHERE oid = tbl);
    fn text := CASE how WHEN 'all' THEN 'kpi_touch_all' ELSE 'kpi_touch' END;
    args text := CASE how WHEN 'all' THEN coalesce(quote_literal(what), '')
        ELSE concat_ws(', ', quote_literal(how), quote_literal(what), quote_literal(reads)) END;
BEGIN
    IF how NOT IN ('at', 'ticket', 'caller', 'all') THEN
        RAISE EXCEPTION 'kpi_watch: how is at, ticket, caller or all, not %', how;
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

SELECT kpi_watch('customer', 'caller', 'phone', 'name');
