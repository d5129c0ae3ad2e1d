-- Stations can be changed and closed, with an address; a change to the people (a new mobile, a leaver)
-- reaches every instance's roster within seconds, as roster changes do.
ALTER TABLE station
    ADD COLUMN address varchar(500) CHECK (address IS NULL OR btrim(address) <> ''),
    ADD COLUMN active  boolean NOT NULL DEFAULT true;

CREATE TRIGGER staff_changed AFTER UPDATE ON staff
    FOR EACH STATEMENT EXECUTE FUNCTION table_changed_notify();
