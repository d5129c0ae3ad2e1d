-- A RESCUE ticket carries an ARRIVAL deadline by the distance band of the stranded vehicle, met by the
-- arrival a vehicle trip records; every vehicle a station sends for a ticket is registered.
ALTER TABLE deadline DROP CONSTRAINT deadline_kind_check,
    ADD CONSTRAINT deadline_kind_check CHECK (kind IN ('REPLY', 'DISPATCH', 'ARRIVAL'));
ALTER TABLE exemption DROP CONSTRAINT exemption_kind_check,
    ADD CONSTRAINT exemption_kind_check CHECK (kind IN ('REPLY', 'DISPATCH', 'ARRIVAL'));
ALTER TABLE escalation_rule DROP CONSTRAINT escalation_rule_deadline_kind_check,
    ADD CONSTRAINT escalation_rule_deadline_kind_check CHECK (deadline_kind IN ('REPLY', 'DISPATCH', 'ARRIVAL'));

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
