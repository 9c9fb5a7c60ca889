-- Which Dynamics user owns the records of each Profi owner, coach or author email: written by the
-- `owners` command (every row of a migration replaced on each run) and read by the load stages, which
-- bind ownerid to resolved_to. Emails are stored trimmed and lower-case.
create table owner_resolution (
    migration_id        bigint not null references migration(id),
    email               text not null,
    -- matched: an enabled systemuser has this internalemailaddress; disabled: only a disabled one; unmatched: none
    status              text not null check (status in ('matched', 'disabled', 'unmatched')),
    systemuser_id       uuid,
    -- the user that will own the records: systemuser_id when matched, else the fallback owner (null: none usable)
    resolved_to         uuid,
    -- records owned per Profi object type, e.g. {"client": 12, "session": 40}; not-rejected staged records only
    record_counts       jsonb not null default '{}'::jsonb,
    -- clients listing this email as co-coach (Dynamics has one owner: reported, never owning)
    co_coached_clients  integer not null default 0,
    -- a Profi coach profile carries this email (links <p>_coach to <p>_userid when matched)
    is_coach            boolean not null default false,
    resolved_at         timestamptz not null default now(),
    primary key (migration_id, email)
);
