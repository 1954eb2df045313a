-- Indicator definitions. An indicator is numerator / denominator × factor over data elements
-- (固定宽带家庭普及率 = 固定宽带家庭用户数 / 家庭户数 × 100). Definitions are versioned: an edit
-- adds a version valid from a date and never rewrites the old one, so a period is always computed
-- with the definition that was valid then (indicators.md §2: "version indicator definitions").
create table indicators (
  id bigserial primary key,
  code text not null unique check (code ~ '^[A-Za-z][A-Za-z0-9_]{0,63}$'),
  status text not null default 'active' check (status in ('active', 'archived')),
  -- the open-data portal shows published indicators only
  published boolean not null default false,
  -- number of the latest definition version
  latest_version integer not null default 1,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  -- optimistic lock: bumped by every change
  version integer not null default 1
);

create table indicator_versions (
  indicator_id bigint not null references indicators (id) on delete cascade,
  number integer not null check (number >= 1),
  name text not null check (length(name) between 1 and 200),
  name_en text,
  unit text not null default '',
  direction text not null check (direction in ('higher', 'lower')),
  numerator_element_id bigint not null references data_elements (id),
  denominator_element_id bigint references data_elements (id),
  factor double precision not null default 1 check (factor <> 0),
  description text,
  source text,
  -- first day this definition applies to (a period uses the version valid on its last day);
  -- null only for a first version: valid since always
  valid_from date,
  reason text,
  created_at timestamptz not null default now(),
  created_by bigint references users (id),
  primary key (indicator_id, number),
  unique (indicator_id, valid_from),
  check (numerator_element_id is distinct from denominator_element_id),
  check (valid_from is not null or number = 1)
);
create index indicator_versions_numerator_idx on indicator_versions (numerator_element_id);
create index indicator_versions_denominator_idx on indicator_versions (denominator_element_id);
