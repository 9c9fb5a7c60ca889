-- Every operation the REST API starts is a run in the ledger (propose-map among them, and whatever is registered
-- later): the kind is the operation's name, checked for shape instead of against a fixed list.
-- V13, after main's V11 and V12: Flyway refuses a pending version below one a database has already applied.
alter table run drop constraint run_kind_check;
alter table run add constraint run_kind_check check (kind ~ '^[a-z][a-z0-9-]{0,39}$');
