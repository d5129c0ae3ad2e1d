-- Short service numbers (10086, 95598), and local numbers no plan knows, are kept as dialled beside E.164
-- numbers; a staff mobile stays E.164.
ALTER TABLE customer DROP CONSTRAINT customer_phone_check;
ALTER TABLE customer ADD CONSTRAINT customer_phone_check
    CHECK (phone ~ '^(\+[1-9][0-9]{6,14}|[1-9][0-9]{2,7})$');
ALTER TABLE ticket DROP CONSTRAINT ticket_caller_number_check;
ALTER TABLE ticket ADD CONSTRAINT ticket_caller_number_check
    CHECK (caller_number ~ '^(\+[1-9][0-9]{6,14}|[1-9][0-9]{2,7})$');
ALTER TABLE call_record DROP CONSTRAINT call_record_caller_number_check;
ALTER TABLE call_record ADD CONSTRAINT call_record_caller_number_check
    CHECK (caller_number ~ '^(\+[1-9][0-9]{6,14}|[1-9][0-9]{2,7})$');
ALTER TABLE station ADD CONSTRAINT station_phone_check
    CHECK (phone ~ '^(\+[1-9][0-9]{6,14}|[1-9][0-9]{2,7})$');
