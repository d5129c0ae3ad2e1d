-- An agent's phone as the PBX names it (an Asterisk interface: PJSIP/1001, Local/1001@agents/n): what queue
-- login puts into the agents' queue, and how a queue member the PBX reports is matched to a person. A phone
-- belongs to one person on the staff at a time; a leaver's stays on record.
ALTER TABLE staff
    ADD COLUMN device varchar(100) CHECK (device ~ '^[A-Za-z]+/[A-Za-z0-9@._/-]{1,80}$');

CREATE UNIQUE INDEX staff_device_key ON staff (device) WHERE active;

-- a person added with a phone reaches every instance's list of phones, as a change to a person does (V15)
CREATE TRIGGER staff_device_added AFTER INSERT ON staff
    FOR EACH ROW WHEN (NEW.device IS NOT NULL) EXECUTE FUNCTION table_changed_notify();
