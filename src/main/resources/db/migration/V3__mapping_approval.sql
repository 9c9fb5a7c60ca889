-- Approvals of the mapping file: no record moves until the SHA-256 of the file in use has been approved.
-- Every approval is kept (who, when, which file), so the history of what was approved stays readable.
create table mapping_approval (
    id              bigserial primary key,
    migration_id    bigint not null references migration(id),
    sha256          text not null,
    file_path       text not null,
    approved_by     text not null,
    approved_at     timestamptz not null default now(),
    summary         jsonb not null default '{}'::jsonb
);
create index mapping_approval_by_hash on mapping_approval (migration_id, sha256);
