-- The schema components `schema --apply` created, so `rollback --schema` removes exactly those and nothing that was in
-- the org before. A row is committed before the create request leaves (write-ahead, like id_map's 'sent'): after a
-- crash mid-provisioning rollback still finds a component whose answer was lost, and one that was never created is
-- skipped when removal finds it absent. A component the plan found in place is never recorded.
create table schema_change (
    id              bigserial primary key,
    migration_id    bigint not null references migration(id),
    -- publisher and solution: the containers the metadata client creates when the org lacks them
    kind            text not null check (kind in ('publisher', 'solution', 'table', 'column', 'lookup', 'key')),
    -- logical name of the table the component belongs to (a lookup: the referencing table); '' for publisher, solution
    table_name      text not null default '',
    -- logical name of a table, column or key; SchemaName of a lookup's relationship; unique name of a solution;
    -- customization prefix of a publisher
    name            text not null,
    -- a lookup's column (logical name), which holds its values
    lookup_column   text,
    recorded_at     timestamptz not null default now(),
    removed_at      timestamptz,
    removed_by_run  bigint references run(id),
    -- removed from a table that stays, which still has to be published
    publish_pending boolean not null default false,
    unique (migration_id, kind, table_name, name)
);
