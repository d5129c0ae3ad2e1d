-- Each channel's sender claims its own due messages, oldest first: during a backlog on one channel (a text
-- gateway down) the others find theirs without reading past it. Replaces V14's index of queued messages, whose
-- only reader was that claim. Not CONCURRENTLY (see V30).
CREATE INDEX IF NOT EXISTS notification_queued_channel_idx ON notification (channel, next_attempt_at, id)
    WHERE state = 'QUEUED';
DROP INDEX IF EXISTS notification_queued_idx;
