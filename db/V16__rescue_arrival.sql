-- A RESCUE ticket carries an ARRIVAL deadline by the distance band of the stranded vehicle, met by the
-- arrival a vehicle trip records; every vehicle a station sends for a ticket is registered. Every
-- work-instruction notice carries an ACKNOWLEDGE deadline of its own, on the same engine.
ALTER TABLE deadline DROP CONSTRAINT deadline_kind_check,
    ADD CONSTRAINT deadline_kind_check CHECK (kind IN ('REPLY', 'DISPATCH', 'ARRIVAL', 'ACKNOWLEDGE'));
ALTER TABLE exemption DROP CONSTRAINT exemption_kind_check,
    ADD CONSTRAINT exemption_kind_check CHECK (kind IN ('REPLY', 'DISPATCH', 'ARRIVAL', 'ACKNOWLEDGE'));
ALTER TABLE escalation_rule DROP CONSTRAINT escalation_rule_deadline_kind_check,
    ADD CONSTRAINT escalation_rule_deadline_kind_check CHECK (deadline_kind IN ('REPLY', 'DISPATCH', 'ARRIVAL', 'ACKNOWLEDGE'));

-- an ACKNOWLEDGE deadline belongs to one notice (its round counts the ticket's notices); no other kind has one
ALTER TABLE deadline ADD COLUMN notice_id bigint REFERENCES dispatch_notice (id),
    ADD CONSTRAINT deadline_notice_check CHECK ((kind = 'ACKNOWLEDGE') = (notice_id IS NOT NULL));
CREATE UNIQUE INDEX deadline_notice_idx ON deadline (notice_id) WHERE notice_id IS NOT NULL;

-- 'addressee' in a chain: whoever the ticket's notices went to (the one notice's, for its acknowledgement)
ALTER TABLE escalation_rule DROP CONSTRAINT escalation_rule_recipients_check,
    ADD CONSTRAINT escalation_rule_recipients_check CHECK (recipients <@ ARRAY['assignee', 'addressee', 'agent', 'duty',
        'supervisor', 'leader', 'regional', 'station', 'admin']::text[]);

-- where the vehicle stands, as the agent learnt it: it fixes how long a rescue may take
ALTER TABLE ticket ADD COLUMN distance_band varchar(16)
    CHECK (distance_band IN ('URBAN', 'COUNTY', 'REGION', 'PROVINCE', 'OUT_OF_PROVINCE'));

CREATE TABLE vehicle_trip (
    id          bigserial PRIMARY KEY,
    ticket_id   bigint       NOT NULL REFERENCES ticket (id),
    station_id  bigint REFERENCES station (id),
    plate       varchar(12)  NOT NULL CHECK (plate ~ '^\S{6,12}$'),
    crew        text[]       NOT NULL CHECK (cardinality(crew) BETWEEN 1 AND 20),
    departed_at timestamptz  NOT NULL,
    arrived_at  timestamptz,
    returned_at timestamptz,
    recorded_by varchar(64)  NOT NULL,
    recorded_at timestamptz  NOT NULL,
    updated_at  timestamptz  NOT NULL,
    CHECK (arrived_at IS NULL OR arrived_at >= departed_at),
    CHECK (returned_at IS NULL OR returned_at >= coalesce(arrived_at, departed_at))
);
CREATE INDEX vehicle_trip_ticket_idx ON vehicle_trip (ticket_id);
CREATE INDEX vehicle_trip_departed_idx ON vehicle_trip (departed_at);

-- the channels a station wants its notices on, instead of the configured plan (null: the plan)
ALTER TABLE station ADD COLUMN preferred_channels text[]
    CHECK (preferred_channels <@ ARRAY['SMS', 'EMAIL', 'VOICE']::text[] AND cardinality(preferred_channels) >= 1);

-- Whom a work-instruction notice was sent to: the regional manager it names, or the station's manager
-- and its station staff. The one definition of who is told, who is reminded and whose acknowledgement
-- counts (callers leave out people no longer active).
CREATE FUNCTION notice_addressees(notice bigint) RETURNS TABLE (staff_id bigint) LANGUAGE sql STABLE AS $$
    SELECT n.staff_id FROM dispatch_notice n WHERE n.id = notice AND n.staff_id IS NOT NULL
    UNION
    SELECT st.manager_staff_id FROM dispatch_notice n JOIN station st ON st.id = n.station_id
     WHERE n.id = notice AND st.manager_staff_id IS NOT NULL
    UNION
    SELECT s.id FROM dispatch_notice n JOIN staff s ON s.station_id = n.station_id
     WHERE n.id = notice AND EXISTS (SELECT 1 FROM staff_role r WHERE r.staff_id = s.id AND r.role = 'station')
$$;
