-- The staged records of each sample run (`migrate --sample N`): chosen with referential closure before the run's
-- stages start; its workers claim only these. Kept after the run, so its field-level diff can be produced again
-- and a rollback of the sample knows what it covered.
create table run_sample (
    run_id      bigint not null references run(id),
    staged_id   bigint not null references staged_record(id),
    primary key (run_id, staged_id)
);

-- Scratch space of `verify`: every record it read while paging the org's tables, and every lookup of a migrated
-- record, so that lookups and missing records are checked by SQL in bounded memory (2M records do not fit in a
-- JVM set of 512 MB). Unlogged: a crash loses only a verification, which is run again. Rows of a run are deleted
-- when it ends.
create unlogged table verify_seen (
    run_id        bigint not null,
    target_table  text not null,
    target_id     uuid not null,
    disabled      boolean,              -- system users only: isdisabled
    primary key (run_id, target_id, target_table)
);

create unlogged table verify_lookup (
    run_id        bigint not null,
    target_table  text not null,
    target_id     uuid not null,
    column_name   text not null,
    points_at     uuid not null
);
create index verify_lookup_by_run on verify_lookup (run_id, column_name);
