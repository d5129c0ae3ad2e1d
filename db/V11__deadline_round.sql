-- Reopening a ticket starts a new REPLY deadline from that instant: a ticket's deadlines of one kind
-- come in rounds (1 when the ticket opens, one more at each reopening), each kept on record.
ALTER TABLE deadline ADD COLUMN round integer NOT NULL DEFAULT 1 CHECK (round BETWEEN 1 AND 1000);
ALTER TABLE deadline DROP CONSTRAINT deadline_ticket_id_kind_key;
ALTER TABLE deadline ADD CONSTRAINT deadline_ticket_kind_round_key UNIQUE (ticket_id, kind, round);
