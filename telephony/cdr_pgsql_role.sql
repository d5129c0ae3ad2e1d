-- cdr_pgsql_role.sql: the PBX's own database role, allowed to add CDRs and nothing else.
--
-- Run it once, after the service's first start (which creates table cdr), as the role that owns the
-- service's tables (the one the service connects as) if it may create roles (CREATEROLE), or as a
-- superuser:
--   psql "postgresql://<owner>@<db host>:5432/hotline" -v ON_ERROR_STOP=1 -f telephony/cdr_pgsql_role.sql
-- then give the role the password written in cdr_pgsql.conf (psql asks for it twice):
--   psql "postgresql://<owner>@<db host>:5432/hotline" -c '\password asterisk_cdr'
-- Running it again changes nothing. See telephony/README.md, "CDRs".
--
-- cdr_pgsql inserts only the columns it has a value for and leaves cdr.id to its default, which draws
-- from the table's sequence: without USAGE on that sequence every insert fails with "permission denied
-- for sequence cdr_id_seq" and Asterisk logs "DROPPING CALL RECORD!". (An identity column would need no
-- grant, but cdr_pgsql takes a NOT NULL column without a default for one it must fill, and writes ''.)

DO $$
BEGIN
    IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'asterisk_cdr') THEN
        CREATE ROLE asterisk_cdr LOGIN;
    END IF;
    EXECUTE format('GRANT CONNECT ON DATABASE %I TO asterisk_cdr', current_database());
    EXECUTE format('GRANT USAGE ON SCHEMA %I TO asterisk_cdr',
                   (SELECT n.nspname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
                     WHERE c.oid = 'cdr'::regclass));
    EXECUTE format('GRANT USAGE ON SEQUENCE %s TO asterisk_cdr', pg_get_serial_sequence('cdr', 'id'));
END
$$;

GRANT INSERT ON cdr TO asterisk_cdr;

-- A GRANT by a role that may not give the privilege only warns: fail loudly instead, so that psql
-- with ON_ERROR_STOP exits non-zero rather than leave the PBX dropping its CDRs.
DO $$
BEGIN
    IF NOT has_table_privilege('asterisk_cdr', 'cdr', 'INSERT')
       OR NOT has_sequence_privilege('asterisk_cdr', pg_get_serial_sequence('cdr', 'id'), 'USAGE') THEN
        RAISE EXCEPTION 'asterisk_cdr still may not insert into cdr: run this file as the owner of table cdr or a superuser';
    END IF;
END
$$;
