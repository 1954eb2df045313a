-- What the office has made public (open data). One row per published subject; no row = not
-- public, so nothing is public by default and unpublishing deletes the row (the audit log keeps
-- the history). Every public read goes through this table (src/publishing/public-scope.ts).
--   kind 'plan':      subject = plans.id; its targets, their status and trajectories
--   kind 'indicator': subject = the indicator's code; values by division from `from_period`,
--                     down to `lowest_level` (1 province … 5 village)
--   kind 'index':     subject = the index's code; its values and method, down to `lowest_level`
create table publications (
  id bigserial primary key,
  kind text not null check (kind in ('plan', 'indicator', 'index')),
  subject text not null check (length(subject) between 1 and 100),
  lowest_level smallint check (lowest_level between 1 and 5),
  from_period text check (from_period ~ '^[0-9]{4}([MQH][0-9]{1,2})?$'),
  note text check (length(note) <= 1000),
  published_by bigint references users (id),
  published_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  unique (kind, subject)
);
