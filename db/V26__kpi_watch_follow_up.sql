-- The follow-up figures read follow_up (V23): its changes mark their ticket's day for the KPI summary (V25), as
-- the other tables the figures read do.
SELECT kpi_watch('follow_up', 'ticket', 'ticket_id');
