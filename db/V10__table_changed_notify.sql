-- What every instance keeps in memory beside the open tickets: the calendar and the roster. A change
-- to them, whoever made it (another instance, SQL by hand), is announced at commit on channel
-- hotline_table_changed with the table's name, so every instance reads it again within seconds.
CREATE FUNCTION table_changed_notify() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM pg_notify('hotline_table_changed', TG_TABLE_NAME);
    RETURN NULL;
END
$$;

CREATE TRIGGER calendar_day_changed AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON calendar_day
    FOR EACH STATEMENT EXECUTE FUNCTION table_changed_notify();
CREATE TRIGGER roster_shift_changed AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON roster_shift
    FOR EACH STATEMENT EXECUTE FUNCTION table_changed_notify();
CREATE TRIGGER roster_rotation_changed AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON roster_rotation
    FOR EACH STATEMENT EXECUTE FUNCTION table_changed_notify();
