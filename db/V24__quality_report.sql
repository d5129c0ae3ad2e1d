-- Quality information for the quality department (source items 13-14): the fault a ticket reports, the
-- daily report of the previous day's quality problems, batch quality problems (one fault on several
-- vehicles), and the e-mails that carry both to the quality department's list.

-- What is wrong with the vehicle, in a few words, as the agent classifies the ticket; batch problems are
-- matched on it (trimmed, case-insensitive). fault_at: when it was last recorded.
ALTER TABLE ticket
    ADD COLUMN fault    varchar(200) CHECK (fault IS NULL OR btrim(fault) <> ''),
    ADD COLUMN fault_at timestamptz,
    ADD CONSTRAINT ticket_fault_at_check CHECK ((fault IS NULL) = (fault_at IS NULL));
CREATE INDEX ticket_fault_idx ON ticket (lower(btrim(fault)), received_at) WHERE fault IS NOT NULL;
CREATE INDEX ticket_fault_at_idx ON ticket (fault_at) WHERE fault IS NOT NULL;

-- One report per day of HOTLINE_ZONE, made once (the primary key: a second run or instance makes none).
CREATE TABLE daily_quality_report (
    report_date  date         PRIMARY KEY,
    generated_at timestamptz  NOT NULL,
    generated_by varchar(64)  NOT NULL,
    row_count    integer      NOT NULL CHECK (row_count >= 0),
    pdf          bytea        NOT NULL,
    csv          text         NOT NULL
);

-- A batch quality problem: the same fault on several vehicles within the window. A later vehicle joins the
-- open flag of its fault (received within the window of the flag's span) instead of raising another.
CREATE TABLE quality_batch (
    id                bigserial    PRIMARY KEY,
    fault_key         varchar(200) NOT NULL CHECK (fault_key = lower(btrim(fault_key)) AND fault_key <> ''),
    fault             varchar(200) NOT NULL,
    first_received_at timestamptz  NOT NULL,
    last_received_at  timestamptz  NOT NULL CHECK (last_received_at >= first_received_at),
    vehicles          integer      NOT NULL CHECK (vehicles >= 2),
    flagged_at        timestamptz  NOT NULL,
    updated_at        timestamptz  NOT NULL
);
CREATE INDEX quality_batch_fault_idx ON quality_batch (fault_key, last_received_at);

CREATE TABLE quality_batch_ticket (
    batch_id    bigint       NOT NULL REFERENCES quality_batch (id),
    ticket_id   bigint       NOT NULL REFERENCES ticket (id),
    vin         varchar(17)  NOT NULL,
    received_at timestamptz  NOT NULL,
    joined_at   timestamptz  NOT NULL,
    PRIMARY KEY (batch_id, ticket_id)
);
CREATE INDEX quality_batch_ticket_ticket_idx ON quality_batch_ticket (ticket_id);

-- Which ticket's fault (and vehicle) was looked at for batches: the sweep takes up what the after-commit
-- check missed (a crash in between), and nothing twice.
CREATE TABLE quality_fault_check (
    ticket_id  bigint       PRIMARY KEY REFERENCES ticket (id),
    fault_key  varchar(200) NOT NULL,
    vin        varchar(17),
    checked_at timestamptz  NOT NULL
);

-- E-mails to the quality department's list, one row per address: retried with backoff; one that fails for
-- good is told to the supervisors (raised), never dropped.
CREATE TABLE quality_mail (
    id              bigserial    PRIMARY KEY,
    source          varchar(64)  NOT NULL,
    address         varchar(254) NOT NULL,
    report_date     date REFERENCES daily_quality_report (report_date),
    batch_id        bigint REFERENCES quality_batch (id),
    subject         varchar(500) NOT NULL,
    body            text         NOT NULL,
    state           varchar(8)   NOT NULL CHECK (state IN ('QUEUED', 'SENT', 'FAILED')),
    attempts        integer      NOT NULL DEFAULT 0 CHECK (attempts >= 0),
    next_attempt_at timestamptz  NOT NULL,
    lease_until     timestamptz,
    last_error      varchar(500),
    sent_at         timestamptz,
    raised          boolean      NOT NULL DEFAULT false,
    created_at      timestamptz  NOT NULL,
    UNIQUE (source, address),
    CHECK (state <> 'SENT' OR sent_at IS NOT NULL)
);
CREATE INDEX quality_mail_queued_idx ON quality_mail (next_attempt_at, id) WHERE state = 'QUEUED';
CREATE INDEX quality_mail_report_idx ON quality_mail (report_date) WHERE report_date IS NOT NULL;
CREATE INDEX quality_mail_unraised_idx ON quality_mail (id) WHERE state = 'FAILED' AND NOT raised;
