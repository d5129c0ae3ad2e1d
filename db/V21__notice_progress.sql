-- What a station's crew did on a notice, as the station reports it from the portal or the API: on the
-- way, arrived, fixed, needs parts; with a note. Append-only, in the order reported.
CREATE TABLE notice_report (
    id          bigserial PRIMARY KEY,
    notice_id   bigint       NOT NULL REFERENCES dispatch_notice (id),
    kind        varchar(12)  NOT NULL CHECK (kind IN ('ON_THE_WAY', 'ARRIVED', 'FIXED', 'NEEDS_PARTS')),
    note        varchar(2000) CHECK (note IS NULL OR btrim(note) <> ''),
    reported_by varchar(64)  NOT NULL,
    reported_at timestamptz  NOT NULL
);
CREATE INDEX notice_report_notice_idx ON notice_report (notice_id, id);
