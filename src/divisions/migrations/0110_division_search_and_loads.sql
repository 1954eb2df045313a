-- Search by pinyin initials (包头市 → bts): computed by the loader (division.names.ts), since
-- PostgreSQL has no pinyin. Rows loaded before this migration get them at their next load.
alter table divisions add column initials text;
create index divisions_initials_idx on divisions (initials text_pattern_ops);
-- Prefix search on the name without its suffix (包头 → 包头市) uses this index.
create index divisions_name_prefix_idx on divisions (name text_pattern_ops);

-- Loading divisions from the packaged data while the server runs: one row per job, its progress
-- updated in the same transaction as each chunk it writes, so what it reports is what is committed.
create table division_load_jobs (
  id bigserial primary key,
  -- 'all', or the 2-digit province and 4-digit prefecture codes asked for
  scope text[] not null,
  status text not null default 'running' check (status in ('running', 'done', 'failed', 'interrupted')),
  total_rows integer,
  done_rows integer not null default 0,
  error text,
  created_by bigint,
  created_by_name text not null,
  started_at timestamptz not null default now(),
  finished_at timestamptz
);
-- At most one load at a time: two would write the same rows.
create unique index division_load_jobs_one_running on division_load_jobs ((true)) where status = 'running';
