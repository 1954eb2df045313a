-- Plans and their extracted items. An import creates a draft whose items the office reviews
-- (accept, edit, delete, add) before activating it. Items keep the span of source text they came
-- from, so the review page can highlight it.
create table plans (
  id bigserial primary key,
  title text not null check (length(title) between 1 and 500),
  doc_number text,
  issuer text,
  issued_on text check (issued_on ~ '^[0-9]{4}(-[0-9]{2}(-[0-9]{2})?)?$'),
  period_start integer,
  period_end integer,
  division_code text references divisions (code),
  status text not null default 'draft' check (status in ('draft', 'active', 'archived')),
  published boolean not null default false,
  source_filename text,
  source_format text,
  source_sha256 text,
  source_text text not null,
  created_by bigint references users (id),
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  activated_at timestamptz,
  version integer not null default 1
);
create index plans_doc_number_idx on plans (doc_number);
create index plans_division_idx on plans (division_code text_pattern_ops);

-- The documents a plan implements (by 文号); linked_plan_id is set when that plan is in luoshi too.
create table plan_basis (
  id bigserial primary key,
  plan_id bigint not null references plans (id) on delete cascade,
  title text,
  doc_number text,
  issuer text,
  linked_plan_id bigint references plans (id) on delete set null
);
create index plan_basis_plan_idx on plan_basis (plan_id);
create index plan_basis_doc_idx on plan_basis (doc_number);

-- One row per extracted item. `data` holds the kind's fields in the interchange format
-- (shared/extraction/FORMAT.md); review_status records the office's decision.
create table plan_items (
  id bigserial primary key,
  plan_id bigint not null references plans (id) on delete cascade,
  kind text not null check (kind in ('target', 'task', 'milestone', 'investment', 'leader', 'reporting')),
  parent_id bigint references plan_items (id) on delete set null deferrable initially immediate,
  ord integer not null,
  data jsonb not null,
  span_start integer,
  span_end integer,
  review_status text not null default 'pending' check (review_status in ('pending', 'accepted', 'edited', 'deleted', 'added')),
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  version integer not null default 1,
  check (span_start is null or (span_end is not null and span_end >= span_start))
);
create index plan_items_plan_idx on plan_items (plan_id, kind, ord);

-- Units named by an item (牵头/责任 for tasks, the investor, the reporter of a duty), linked to
-- a unit once resolved by name or alias, or to a unit proposed by the import.
create table plan_item_units (
  id bigserial primary key,
  item_id bigint not null references plan_items (id) on delete cascade,
  role text not null check (role in ('lead', 'responsible', 'investor', 'reporter')),
  name_as_written text not null,
  unit_id bigint references units (id),
  ord integer not null default 0
);
create index plan_item_units_item_idx on plan_item_units (item_id);
create index plan_item_units_unit_idx on plan_item_units (unit_id);
