-- The delta's next updated_since is the newest Profi update time among the records a pull returned. It was read
-- back from staged_record through the index staged_by_updated, which every staged row and every change of one had to
-- maintain, for one look-up per pull. Staging now records that time on the export itself as it writes the rows, and
-- the index goes.
alter table source_export add column newest_source_update timestamptz;

update source_export e set newest_source_update = n.newest
from (select last_seen_export, max(source_updated_at) as newest from staged_record group by 1) n
where n.last_seen_export = e.id;

drop index staged_by_updated;
