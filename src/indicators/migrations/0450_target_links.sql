-- Links of plan targets to indicators: what a target measures, where, from which baseline and by
-- when, so that its trajectory can be judged on approved data (src/indicators/status.service.ts).
-- Target value, comparator and deadline come from the plan item unless overridden here (null =
-- the item's own). The indicator is referenced by id; its definition is versioned by the
-- indicators domain, so a link survives a definition change.
create table target_links (
  id bigserial primary key,
  item_id bigint not null unique references plan_items (id) on delete cascade,
  indicator_id bigint not null,
  division_code text not null references divisions (code),
  -- urban/rural breakdown the target speaks of (城市/农村); the indicator chosen carries it
  area text not null default 'all' check (area in ('all', 'urban', 'rural')),
  -- a target of one unit (e.g. an operator's FTTH users) is measured on that unit's values
  unit_id bigint references units (id),
  baseline_value double precision,
  -- period code (2013, 2013Q4, 2013M12) or date (YYYY-MM-DD) of the baseline
  baseline_at text check (baseline_at is null or baseline_at ~ '^[0-9]{4}((M(0[1-9]|1[0-2])|Q[1-4]|H[12]))?$' or baseline_at ~ '^[0-9]{4}-[0-9]{2}-[0-9]{2}$'),
  deadline text check (deadline is null or deadline ~ '^[0-9]{4}((M(0[1-9]|1[0-2])|Q[1-4]|H[12]))?$' or deadline ~ '^[0-9]{4}-[0-9]{2}-[0-9]{2}$'),
  target_value double precision,
  comparator text check (comparator is null or comparator in ('>=', '<=', '=')),
  -- granularity of the series the trajectory is judged on (Y for annual flows such as 信息消费额)
  frequency text not null default 'Q' check (frequency in ('M', 'Q', 'H', 'Y')),
  created_by bigint references users (id),
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  version integer not null default 1
);
create index target_links_indicator_idx on target_links (indicator_id);
create index target_links_division_idx on target_links (division_code text_pattern_ops);
