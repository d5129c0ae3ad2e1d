-- The console's lists follow the tickets, their deadlines and notices live: a statement that changed
-- rows of those tables names the table on hotline_table_changed at commit, and every instance tells
-- its open pages to fetch their lists again. A statement that changed nothing tells nobody.
CREATE FUNCTION rows_changed_notify() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF EXISTS (SELECT 1 FROM changed) THEN
        PERFORM pg_notify('hotline_table_changed', TG_TABLE_NAME);
    END IF;
    RETURN NULL;
END
$$;

CREATE TRIGGER ticket_inserted AFTER INSERT ON ticket REFERENCING NEW TABLE AS changed
    FOR EACH STATEMENT EXECUTE FUNCTION rows_changed_notify();
CREATE TRIGGER ticket_updated AFTER UPDATE ON ticket REFERENCING NEW TABLE AS changed
    FOR EACH STATEMENT EXECUTE FUNCTION rows_changed_notify();
CREATE TRIGGER deadline_updated AFTER UPDATE ON deadline REFERENCING NEW TABLE AS changed
    FOR EACH STATEMENT EXECUTE FUNCTION rows_changed_notify();
CREATE TRIGGER dispatch_notice_inserted AFTER INSERT ON dispatch_notice REFERENCING NEW TABLE AS changed
    FOR EACH STATEMENT EXECUTE FUNCTION rows_changed_notify();
CREATE TRIGGER dispatch_notice_updated AFTER UPDATE ON dispatch_notice REFERENCING NEW TABLE AS changed
    FOR EACH STATEMENT EXECUTE FUNCTION rows_changed_notify();
