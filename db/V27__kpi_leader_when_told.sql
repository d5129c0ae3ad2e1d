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
