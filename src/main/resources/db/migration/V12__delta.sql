-- The delta pickup and what it writes to records that already exist in Dynamics.

-- A change about to be sent to an existing Dynamics record (the update of a record changed in Profi, the reopening of
-- a closed task so it can be updated, the deactivation or deletion of a record deleted in Profi) with the before-image
-- read for it, committed before the request leaves. The audit_log row that replaces it commits with the batch's
-- outcome. After a crash in between, the retry finds this row and audits the before-image read the first time, not
-- the values the lost attempt had already written; rollback finds here what a crash left unaudited.
create table intended_write (
    migration_id    bigint not null references migration(id),
    target_table    text not null,
    target_id       uuid not null,
    operation       text not null check (operation in ('update', 'state', 'delete')),
    columns         jsonb not null default '{}'::jsonb,
    before_image    jsonb,
    run_id          bigint references run(id),
    created_at      timestamptz not null default now(),
    primary key (migration_id, target_table, target_id, operation)
);

-- An API pull asked with updated_since holds only what changed since then, so it cannot tell what was deleted in
-- Profi. Null: the export (or pull) holds every record, and a staged record missing from it was deleted.
alter table source_export add column updated_since text;
