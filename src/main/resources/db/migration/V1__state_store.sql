-- The migrator's state: everything needed to resume, report, verify and roll back lives here.
-- Sized for millions of staged records: every lookup the pipeline makes has an index, and the wide
-- payloads (raw JSON, before-images) are only read by key.

-- One migration per source workspace -> target environment pairing. Its namespace seeds the
-- deterministic Dataverse record ids, so it must never change once records were written.
create table migration (
    id              bigserial primary key,
    name            text not null unique,
    namespace       uuid not null,
    created_at      timestamptz not null default now()
);

-- One export (or one HTTP pull) that was staged: where it came from and what its manifest said.
create table source_export (
    id              bigserial primary key,
    migration_id    bigint not null references migration(id),
    source          text not null,
    kind            text not null check (kind in ('directory', 'zip', 'http')),
    workspace_id    text,
    workspace_name  text,
    exported_at     text,
    timezone        text,
    staged_at       timestamptz not null default now(),
    run_id          bigint
);

-- The ledger: every run of every command that changes state.
create table run (
    id              bigserial primary key,
    migration_id    bigint not null references migration(id),
    kind            text not null check (kind in ('stage', 'inventory', 'sample', 'full', 'delta', 'verify', 'rollback', 'replay')),
    status          text not null default 'running' check (status in ('running', 'succeeded', 'failed', 'interrupted')),
    started_at      timestamptz not null default now(),
    finished_at     timestamptz,
    host            text,
    pid             bigint,
    detail          text,
    counters        jsonb not null default '{}'::jsonb
);
create index run_by_migration on run (migration_id, id desc);

-- Staged source records: one row per Profi record (the latest version seen). content_hash is the
-- SHA-256 of the record's canonical JSON: a changed record gets a new hash and load_state 'pending'.
create table staged_record (
    id                  bigserial primary key,
    migration_id        bigint not null references migration(id),
    object_type         text not null,
    profi_id            text not null,
    payload             jsonb not null,
    content_hash        bytea not null,
    source_updated_at   timestamptz,
    source_file         text,
    source_line         bigint,
    first_export        bigint references source_export(id),   -- the export that brought it first
    export_id           bigint references source_export(id),   -- the export that last changed it
    last_seen_export    bigint references source_export(id),   -- the latest export that contained it
    first_staged_at     timestamptz not null default now(),
    changed_at          timestamptz not null default now(),
    load_state          text not null default 'pending' check (load_state in ('pending', 'loaded', 'rejected', 'deleted')),
    unique (migration_id, object_type, profi_id)
);
-- The loader walks pending records of one type in id order.
create index staged_pending on staged_record (migration_id, object_type, id) where load_state = 'pending';
create index staged_by_updated on staged_record (migration_id, source_updated_at);

-- Profi record -> Dataverse record. A group session becomes several tasks, so one Profi id may map to
-- several target rows; target_id is deterministic (UUID v5), which is what makes re-runs idempotent.
create table id_map (
    migration_id    bigint not null references migration(id),
    object_type     text not null,
    profi_id        text not null,
    target_table    text not null,
    target_id       uuid not null,
    state           text not null default 'pending' check (state in ('pending', 'sent', 'confirmed', 'failed', 'deleted')),
    created_by_us   boolean not null default true,
    content_hash    bytea,
    run_id          bigint references run(id),
    attempts        integer not null default 0,
    updated_at      timestamptz not null default now(),
    primary key (migration_id, target_table, target_id)
);
create index id_map_by_source on id_map (migration_id, object_type, profi_id);
create index id_map_by_state on id_map (migration_id, state) where state <> 'confirmed';

-- Every write made to Dataverse, in order. Updates carry the before-image of the columns they change,
-- so rollback can restore them; rollback walks this table backwards.
create table audit_log (
    id              bigserial primary key,
    run_id          bigint not null references run(id),
    migration_id    bigint not null references migration(id),
    target_table    text not null,
    target_id       uuid not null,
    operation       text not null check (operation in ('create', 'update', 'state', 'delete', 'restore')),
    columns         jsonb not null default '{}'::jsonb,
    before_image    jsonb,
    app_user        text,
    request_id      text,
    written_at      timestamptz not null default now()
);
create index audit_by_run on audit_log (run_id, id);
create index audit_by_target on audit_log (migration_id, target_table, target_id);

-- Records that could not move, with enough to understand and replay them. One open row per record
-- and stage: seeing the same bad record again updates it instead of adding a copy.
create table dead_letter (
    id              bigserial primary key,
    migration_id    bigint not null references migration(id),
    run_id          bigint references run(id),
    stage           text not null,
    object_type     text not null,
    record_key      text not null,
    profi_id        text,
    source_file     text,
    source_line     bigint,
    field           text,
    reason          text not null,
    payload         jsonb,
    payload_hash    bytea,
    attempts        integer not null default 1,
    replay_state    text not null default 'open' check (replay_state in ('open', 'replaying', 'resolved')),
    created_at      timestamptz not null default now(),
    updated_at      timestamptz not null default now(),
    unique (migration_id, stage, object_type, record_key)
);
create index dead_letter_open on dead_letter (migration_id, stage, object_type) where replay_state <> 'resolved';

-- How far a source has been read: the delta pickup's high-water mark, advanced in the same
-- transaction as the ledger row that consumed it.
create table watermark (
    migration_id    bigint not null references migration(id),
    source          text not null,
    name            text not null,
    value           text not null,
    run_id          bigint references run(id),
    updated_at      timestamptz not null default now(),
    primary key (migration_id, source, name)
);
