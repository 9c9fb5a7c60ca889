-- The load reads related staged records by reference, a batch at a time: the participants of a group session and
-- the sessions and packages of a client (to rebuild package links). Partial expression indexes keep those look-ups
-- off a sequential scan of millions of rows without slowing the staging of the other object types.
create index staged_participants_by_session on staged_record (migration_id, (payload ->> 'session_id'))
    where object_type = 'session_participant';
create index staged_by_client on staged_record (migration_id, object_type, (payload ->> 'client_id'))
    where object_type in ('session', 'package', 'session_participant');
create index staged_payments_by_invoice on staged_record (migration_id, (payload ->> 'invoice_id'))
    where object_type = 'payment';

-- Which application user's budget a write drew from and which stage it belonged to are in audit_log already;
-- a run's per-stage progress lives in run.counters. A lease lets another instance take over a run whose owner died.
alter table run add column heartbeat_at timestamptz;
