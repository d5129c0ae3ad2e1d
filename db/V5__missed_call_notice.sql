-- A missed or abandoned call on a ticket already replied to or dispatched cannot put it back into
-- CALLBACK (its dispatch is under way), so whoever must call the customer back is told instead.
ALTER TABLE notification DROP CONSTRAINT notification_kind_check;
ALTER TABLE notification ADD CONSTRAINT notification_kind_check CHECK (kind IN
    ('DEADLINE_WARNING', 'DEADLINE_BREACHED', 'ESCALATION', 'MAJOR_INCIDENT', 'TIMER_FAILED', 'ROSTER_EMPTY',
     'MISSED_CALL'));
