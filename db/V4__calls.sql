-- Calls from the PBX: what the FastAGI script and the AMI link learn about each inbound call,
-- and the PBX's own call records (CDRs) to recover calls that passed while the AMI link was down.

ALTER TABLE call_record
    ADD COLUMN route            varchar(8)  CHECK (route IN ('QUEUE', 'FORWARD')),
    ADD COLUMN queue            varchar(64),
    ADD COLUMN queued_at        timestamptz,
    ADD COLUMN answered_by_name varchar(80),
    ADD COLUMN withheld         boolean     NOT NULL DEFAULT false,
    -- who told us first: the routing script, the AMI link, or the CDR table after a drop
    ADD COLUMN source           varchar(8)  NOT NULL DEFAULT 'AMI' CHECK (source IN ('AGI', 'AMI', 'CDR')),
    -- the ticket took this call's outcome (CALLBACK, exemption) exactly once
    ADD COLUMN outcome_applied  boolean     NOT NULL DEFAULT false,
    ADD COLUMN updated_at       timestamptz NOT NULL DEFAULT now(),
    ADD CHECK (outcome = 'IN_PROGRESS' OR ended_at IS NOT NULL),
    ADD CHECK (outcome NOT IN ('ANSWERED', 'FORWARDED') OR answered_at IS NOT NULL),
    ADD CHECK (NOT withheld OR caller_number IS NULL);
CREATE INDEX call_record_open_idx ON call_record (started_at) WHERE outcome = 'IN_PROGRESS';

-- Who took a forwarded call: the AMI writer finds the staff member by the mobile that accepted it.
CREATE INDEX staff_mobile_idx ON staff (mobile);

-- A missed call puts its ticket into CALLBACK; supervisors look for those first.
CREATE INDEX ticket_open_caller_idx ON ticket (caller_number, received_at DESC)
    WHERE status NOT IN ('RESOLVED', 'CLOSED');

-- Asterisk's cdr_pgsql writes here (telephony/cdr_pgsql.conf). It reads the columns when it loads,
-- so the table is the module's standard one; times are UTC (timezone=UTC in cdr_pgsql.conf).
CREATE TABLE cdr (
    id          bigserial PRIMARY KEY,
    calldate    timestamp    NOT NULL DEFAULT now(),
    clid        varchar(80)  NOT NULL DEFAULT '',
    src         varchar(80)  NOT NULL DEFAULT '',
    dst         varchar(80)  NOT NULL DEFAULT '',
    dcontext    varchar(80)  NOT NULL DEFAULT '',
    channel     varchar(80)  NOT NULL DEFAULT '',
    dstchannel  varchar(80)  NOT NULL DEFAULT '',
    lastapp     varchar(80)  NOT NULL DEFAULT '',
    lastdata    varchar(80)  NOT NULL DEFAULT '',
    start       timestamp,
    answer      timestamp,
    "end"       timestamp,
    duration    bigint       NOT NULL DEFAULT 0,
    billsec     bigint       NOT NULL DEFAULT 0,
    disposition varchar(45)  NOT NULL DEFAULT '',
    amaflags    varchar(20)  NOT NULL DEFAULT '',
    accountcode varchar(20)  NOT NULL DEFAULT '',
    uniqueid    varchar(150) NOT NULL DEFAULT '',
    userfield   varchar(255) NOT NULL DEFAULT '',
    linkedid    varchar(150) NOT NULL DEFAULT '',
    peeraccount varchar(20)  NOT NULL DEFAULT '',
    sequence    integer
);
CREATE INDEX cdr_linkedid_idx ON cdr (linkedid);
CREATE INDEX cdr_calldate_idx ON cdr (calldate);
