-- "Match existing": a Profi record matched to a record that was in Dynamics before the migration is written as an
-- update of that record (created_by_us = false). The before-image of the columns the migration changes is kept
-- here from the first time the record was touched, before the update is sent, so a crash between the update and
-- its audit row cannot lose the original values (a second read would see the migration's own values).
alter table id_map add column before_image jsonb;
create index id_map_matched on id_map (migration_id, object_type, profi_id) where not created_by_us;
