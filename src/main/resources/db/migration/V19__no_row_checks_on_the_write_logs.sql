-- audit_log and id_map get a row for every record the load writes (2.7 million and 1.8 million for a 2-million-record
-- export). Their foreign keys to run and migration made PostgreSQL run a look-up with a key-share lock on the one
-- run row and the one migration row for every row inserted: measured on 100,000 audit rows, 3.2-3.7 s with the two
-- checks against 1.2-1.6 s without, more than the insert itself. Nothing deletes a run or a migration (the ledger is
-- kept for good), so the checks guarded against nothing; the columns stay, indexed as before.
alter table audit_log drop constraint if exists audit_log_run_id_fkey;
alter table audit_log drop constraint if exists audit_log_migration_id_fkey;
alter table id_map drop constraint if exists id_map_run_id_fkey;
alter table id_map drop constraint if exists id_map_migration_id_fkey;
