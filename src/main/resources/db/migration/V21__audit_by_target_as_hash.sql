-- audit_log gets a row for every write a load makes (2.7 million for a 2-million-record export), and each row an entry
-- in audit_by_target. Its key (migration, table, target id) is random in the target id, so every insert walked the
-- B-tree to a random leaf and compared three columns on the way. Every reader asks it for one target id at a time
-- (= or = any: rollback, the load's checks for an earlier create or state change), never for a range or an order, and
-- a target id (a GUID) names one record, so a hash index on the target id alone answers the same look-ups: one bucket
-- per probe, a 4-byte hash code per entry. One load's 274,452 audit rows, replayed in batches of 730 into copies of
-- audit_log: 4.3-5.0 s with the B-tree, 3.8-3.9 s with the hash index, 3.4 s with no target index at all.
drop index audit_by_target;
create index audit_by_target on audit_log using hash (target_id);
