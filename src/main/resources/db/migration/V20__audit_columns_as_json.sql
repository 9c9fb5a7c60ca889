-- audit_log gets a row for every write a load makes (2.7 million for a 2-million-record export), and its two JSON
-- columns are only ever read back whole (rollback, the delta's written columns, reports) or one key at a time. As
-- jsonb, PostgreSQL parsed each value into its binary form on insert, which was most of the insert's cost: 274,452
-- audit rows of one load took 4.5 s to insert with jsonb, 2.8 s with json, which only checks the text and keeps it
-- as written (docs/benchmarks.md). ->> works the same on both; nothing compares these columns with jsonb operators.
-- Rewrites the table once.
alter table audit_log
    alter column columns drop default,
    alter column columns type json using columns::json,
    alter column before_image type json using before_image::json,
    alter column columns set default '{}'::json;
