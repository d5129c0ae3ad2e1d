-- A withdrawn deadline is deleted: the rows that name it are found by index (the messages about it have their
-- deadline unset, its exemptions go with it) instead of by reading every notification ever written.
CREATE INDEX notification_deadline_idx ON notification (deadline_id) WHERE deadline_id IS NOT NULL;
CREATE INDEX exemption_deadline_all_idx ON exemption (deadline_id);
