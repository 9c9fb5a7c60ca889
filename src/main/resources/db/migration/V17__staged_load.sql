-- A staged record's load state moves out of staged_record into a narrow table of its own. The load changes that
-- state once per record (pending -> loaded or rejected). In staged_record the update could never be HOT (load_state
-- is the predicate of the claim's partial index), so each one wrote a new copy of the whole row, payload included
-- (about 600 bytes), and an entry in each of its indexes: after the audit insert, the load's largest share of
-- PostgreSQL work. Here the same update writes a row of about 60 bytes and one primary-key entry, and the claim locks
-- these narrow rows instead of the staged ones.
create table staged_load (
    staged_id       bigint primary key references staged_record(id) on delete cascade,
    migration_id    bigint not null references migration(id),
    object_type     text not null,
    load_state      text not null default 'pending' check (load_state in ('pending', 'loaded', 'rejected', 'deleted'))
);
insert into staged_load (staged_id, migration_id, object_type, load_state)
select id, migration_id, object_type, load_state from staged_record;

-- The loader walks the pending records of one type in id order.
create index staged_load_pending on staged_load (migration_id, object_type, staged_id) where load_state = 'pending';

drop index staged_pending;
alter table staged_record drop column load_state;

-- Reports, checks and tests read a staged record together with its state: this view joins them on the key. The
-- load's hot paths (claim, outcome) use staged_load directly.
create view staged_with_state as
select s.*, l.load_state
from staged_record s join staged_load l on l.staged_id = s.id;
