-- Item 11 counts every service vehicle that goes out: a rescue's, and an on-site repair's, which a station's
-- progress report tells (its crew on the way, or arrived). The figures now read notice_report, so its changes
-- mark the days of their tickets ('notice': the rows name a notice, the day is its ticket's receipt).

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
    ELSIF TG_ARGV[0] = 'notice' THEN
        changed := 'SELECT t.received_at FROM ticket t JOIN dispatch_notice n ON n.ticket_id = t.id WHERE n.id IN ('
            || changed || ')';
    END IF;
    EXECUTE 'INSERT INTO kpi_dirt (at) SELECT DISTINCT date_trunc(''minute'', i.v) FROM (' || changed
        || ') i (v) WHERE i.v IS NOT NULL';
    RETURN NULL;
END $$;

CREATE OR REPLACE FUNCTION kpi_watch(tbl regclass, how text, what text, reads text DEFAULT NULL) RETURNS void
LANGUAGE plpgsql AS $$
DECLARE
    name text := (SELECT relname FROM pg_class WHERE oid = tbl);
    fn text := CASE how WHEN 'all' THEN 'kpi_touch_all' ELSE 'kpi_touch' END;
    args text := CASE how WHEN 'all' THEN coalesce(quote_literal(what), '')
        ELSE concat_ws(', ', quote_literal(how), quote_literal(what), quote_literal(reads)) END;
BEGIN
    IF how NOT IN ('at', 'ticket', 'caller', 'notice', 'all') THEN
        RAISE EXCEPTION 'kpi_watch: how is at, ticket, caller, notice or all, not %', how;
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

SELECT kpi_watch('notice_report', 'notice', 'notice_id', 'kind');

-- the days already summarised under the earlier reading of item 11 are counted again
INSERT INTO kpi_dirt (at)
SELECT DISTINCT date_trunc('minute', t.received_at)
  FROM notice_report r
  JOIN dispatch_notice n ON n.id = r.notice_id
  JOIN ticket t ON t.id = n.ticket_id
 WHERE r.kind IN ('ON_THE_WAY', 'ARRIVED') AND t.category <> 'RESCUE';
