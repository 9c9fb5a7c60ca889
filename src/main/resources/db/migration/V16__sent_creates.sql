-- The write-ahead of creates, one row per request batch instead of one id_map row per record. Before a batch of
-- creates leaves, its targets are committed here; the batch's outcome transaction writes their id_map rows
-- (confirmed or failed) and deletes this row. A row still here after a crash names creates whose outcome is
-- unknown: SentCreates.materialize turns them into id_map rows in state 'sent' (what the write-ahead used to write
-- directly) before any run reads id_map, so resume and rollback settle them as before. Writing id_map once per
-- record instead of twice halves the load's largest share of PostgreSQL work.
create table sent_create (
    id              bigserial primary key,
    migration_id    bigint not null references migration(id),
    run_id          bigint not null references run(id),
    object_types    text[] not null,
    profi_ids       text[] not null,
    target_tables   text[] not null,
    target_ids      uuid[] not null,
    sent_at         timestamptz not null default now()
);
create index sent_create_by_migration on sent_create (migration_id);
