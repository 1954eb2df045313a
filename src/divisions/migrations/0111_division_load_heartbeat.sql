-- A load reports it is alive with each batch. Several luoshi processes may share a PostgreSQL
-- database: one starting must not take another's live load for a leftover of a crash, so only a
-- load silent for a while counts as interrupted.
alter table division_load_jobs add column heartbeat_at timestamptz not null default now();
