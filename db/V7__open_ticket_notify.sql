-- The routing script answers from memory: which callers have an open ticket (their next call joins it,
-- and the PBX is told its number). Every instance learns of a change to that from here, whatever wrote
-- it (a call, a ticket opened by hand, a supervisor closing one, SQL by hand): a ticket with a caller
-- number that opens, closes, reopens, is deleted, or changes caller, number or received time sends
--   <caller> <ticket number> <received_at, epoch ms> open|shut
-- on channel hotline_open_tickets, delivered at commit.
CREATE FUNCTION ticket_open_notify() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP IN ('UPDATE', 'DELETE') THEN
        IF OLD.caller_number IS NOT NULL AND OLD.status NOT IN ('RESOLVED', 'CLOSED') THEN
            PERFORM pg_notify('hotline_open_tickets', concat_ws(' ', OLD.caller_number, OLD.number,
                    (extract(epoch FROM OLD.received_at) * 1000)::bigint, 'shut'));
        END IF;
    END IF;
    IF TG_OP <> 'DELETE' THEN
        IF NEW.caller_number IS NOT NULL AND NEW.status NOT IN ('RESOLVED', 'CLOSED') THEN
            PERFORM pg_notify('hotline_open_tickets', concat_ws(' ', NEW.caller_number, NEW.number,
                    (extract(epoch FROM NEW.received_at) * 1000)::bigint, 'open'));
        END IF;
    END IF;
    RETURN NULL;
END
$$;

CREATE TRIGGER ticket_open_notify_insert AFTER INSERT ON ticket
    FOR EACH ROW WHEN (NEW.caller_number IS NOT NULL)
    EXECUTE FUNCTION ticket_open_notify();

-- only what changes which open ticket a caller has: not every status step of a call-back. An update
-- that keeps it open sends shut for the old and open for the new (a shut makes each instance read the
-- caller again, so the two arriving as one, or in one transaction deduplicated, still end right).
CREATE TRIGGER ticket_open_notify_update AFTER UPDATE OF status, caller_number, number, received_at ON ticket
    FOR EACH ROW WHEN (OLD.caller_number IS DISTINCT FROM NEW.caller_number OR OLD.number <> NEW.number
        OR OLD.received_at <> NEW.received_at
        OR (OLD.status IN ('RESOLVED', 'CLOSED')) IS DISTINCT FROM (NEW.status IN ('RESOLVED', 'CLOSED')))
    EXECUTE FUNCTION ticket_open_notify();

CREATE TRIGGER ticket_open_notify_delete AFTER DELETE ON ticket
    FOR EACH ROW WHEN (OLD.caller_number IS NOT NULL)
    EXECUTE FUNCTION ticket_open_notify();
