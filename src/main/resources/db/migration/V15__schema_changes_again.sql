-- A component `rollback --schema` removed may be created again by a later `schema --apply` (the migration is run again
-- after a rollback): it is the migration's again and must be removed again, while the row of its earlier removal stays
-- as the record of that run. So only one row per component may be open (not removed), instead of one row ever.
alter table schema_change drop constraint schema_change_migration_id_kind_table_name_name_key;
create unique index schema_change_open on schema_change (migration_id, kind, table_name, name) where removed_at is null;
