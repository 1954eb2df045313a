-- Composite indexes (宽带发展指数): groups (pillars) with weights, components with their indicator,
-- reference value (goalpost), log scaling (speeds, bandwidth), cap and weight within the group.
-- Scoring is in src/indicators/dev-index.score.ts; the method text and sources are published
-- beside every score.
create table dev_indexes (
  id bigserial primary key,
  code text not null unique check (code ~ '^[A-Za-z][A-Za-z0-9_-]{0,63}$'),
  name text not null check (length(name) between 1 and 200),
  description text not null default '',
  scale double precision not null default 10 check (scale > 0),
  sources text[] not null default '{}',
  created_by bigint references users (id),
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  version integer not null default 1
);

create table dev_index_groups (
  index_id bigint not null references dev_indexes (id) on delete cascade,
  code text not null check (code ~ '^[A-Za-z][A-Za-z0-9_-]{0,63}$'),
  name text not null,
  weight double precision not null check (weight > 0),
  ord integer not null default 0,
  primary key (index_id, code)
);

create table dev_index_components (
  id bigserial primary key,
  index_id bigint not null,
  group_code text not null,
  -- indicator id or code (codes keep a configured index readable and portable between databases)
  indicator text not null,
  name text not null,
  reference double precision not null check (reference > 0),
  log_scale boolean not null default false,
  cap double precision not null default 1 check (cap > 0),
  weight double precision not null check (weight > 0),
  ord integer not null default 0,
  foreign key (index_id, group_code) references dev_index_groups (index_id, code) on delete cascade deferrable initially immediate,
  unique (index_id, indicator)
);
