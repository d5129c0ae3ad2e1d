-- At start, and whenever its listening connection comes back, the service reads every caller's latest open
-- ticket; each call then asks for one caller's. Open tickets are a few thousand spread over years of pages, so
-- reading them through the heap read every page that holds one. With the ticket number in the index both reads
-- are answered from the index alone. It replaces V4's index on the same keys. Not CONCURRENTLY (see V30).
CREATE INDEX IF NOT EXISTS ticket_open_caller_number_idx ON ticket (caller_number, received_at DESC) INCLUDE (number)
    WHERE status NOT IN ('RESOLVED', 'CLOSED');
DROP INDEX IF EXISTS ticket_open_caller_idx;
