-- The instant the routing script decided a call's route and office hours, as whichever side wrote first
-- knew it (the script itself, or the AMI link that saw it set HOTLINE_ROUTED_AT); the call's office hours
-- and its ticket's shift are both taken from it. NULL: the call bypassed the script.
ALTER TABLE call_record ADD COLUMN routed_at timestamptz;
