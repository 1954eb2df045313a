-- Data elements, forms, submissions with review, progress entries. The shared contract between
-- reporting (who owes what, drafts, review) and indicators (approved values, roll-up): approval
-- copies a submission's values into data_values (src/indicators/values.service.ts) in the same
-- transaction, so every aggregate sees them at once.

-- A raw figure a unit reports (固定宽带家庭用户数, 家庭户数, 完成投资额 …). Reported once, used by
-- every plan and indicator that needs it ("最多报一次").
create table data_elements (
  id bigserial primary key,
  code text not null unique check (code ~ '^[A-Za-z][A-Za-z0-9_]{0,63}$'),
  name text not null unique check (length(name) between 1 and 200),
  value_type text not null check (value_type in ('integer', 'number', 'percent')),
  unit text not null default '',
  min_value double precision,
  max_value double precision,
  -- the native period of its values: M, Q, H or Y
  period_type text not null default 'M' check (period_type in ('M', 'Q', 'H', 'Y')),
  -- over time: a stock takes the last value of the period (本月末到达), a flow sums (本月新增, 投资额)
  temporal text not null check (temporal in ('stock', 'flow')),
  -- over divisions: counts sum; a speed is weighted by another element (users), never averaged
  spatial text not null default 'sum' check (spatial in ('sum', 'weighted')),
  weight_element_id bigint references data_elements (id) deferrable initially immediate,
  -- the division level it is reported at (0 country … 5 village); higher levels are rolled up
  division_level smallint not null check (division_level between 0 and 5),
  -- warn when a value moves more than this share from the previous period (null: no check)
  max_jump_share double precision check (max_jump_share is null or max_jump_share > 0),
  description text,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  version integer not null default 1,
  check (min_value is null or max_value is null or min_value <= max_value),
  check ((spatial = 'weighted') = (weight_element_id is not null))
);

-- A form: the data elements a unit owes per period plus a progress entry for each task and
-- milestone of `plan_id` the unit leads or shares. Its schedule follows reporting/calendar.ts.
create table forms (
  id bigserial primary key,
  code text not null unique check (code ~ '^[A-Za-z][A-Za-z0-9_-]{0,63}$'),
  name text not null check (length(name) between 1 and 200),
  plan_id bigint references plans (id) on delete set null,
  duty_id bigint references reporting_duties (id) on delete set null,
  period_type text not null check (period_type in ('M', 'Q', 'H', 'Y')),
  due_rule jsonb not null,
  grace_days integer not null default 15 check (grace_days between 0 and 365),
  exempt text[] not null default '{}',
  starts_on date not null,
  ends_on date not null,
  -- bumped whenever the elements change; an uploaded Excel template must carry the current one
  template_version integer not null default 1,
  -- whether the form asks for a progress entry per task/milestone the unit leads or shares
  includes_progress boolean not null default true,
  status text not null default 'active' check (status in ('active', 'archived')),
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  version integer not null default 1,
  check (ends_on >= starts_on)
);

create table form_elements (
  form_id bigint not null references forms (id) on delete cascade,
  element_id bigint not null references data_elements (id),
  ord integer not null default 0,
  required boolean not null default true,
  primary key (form_id, element_id)
);

-- Which unit reports a form, and for which divisions: the divisions at each element's level
-- within the subtree of division_code (a county bureau reports for the villages of its county).
create table form_assignments (
  form_id bigint not null references forms (id) on delete cascade,
  unit_id bigint not null references units (id),
  division_code text not null references divisions (code),
  primary key (form_id, unit_id, division_code)
);
create index form_assignments_unit_idx on form_assignments (unit_id);

-- Rules across fields: left <op> right × factor (固定宽带家庭用户数 ≤ 家庭户数 × 1.5). An `error`
-- refuses the submission; a `warning` needs a comment on the value.
create table validation_rules (
  id bigserial primary key,
  form_id bigint references forms (id) on delete cascade,
  left_element_id bigint not null references data_elements (id),
  op text not null check (op in ('<=', '<', '>=', '>', '=')),
  right_element_id bigint not null references data_elements (id),
  factor double precision not null default 1,
  severity text not null default 'warning' check (severity in ('error', 'warning')),
  message text not null
);

-- One report of a unit for a form and period. `version` is the optimistic lock (a stale save is a
-- 409); `revision` counts submissions (each submit snapshots a submission_versions row).
create table submissions (
  id bigserial primary key,
  form_id bigint not null references forms (id),
  unit_id bigint not null references units (id),
  period text not null check (period ~ '^[0-9]{4}(M(0[1-9]|1[0-2])|Q[1-4]|H[12])?$'),
  status text not null default 'draft' check (status in ('draft', 'submitted', 'returned', 'approved')),
  revision integer not null default 0,
  version integer not null default 1,
  submitted_at timestamptz,
  submitted_by bigint references users (id),
  reviewed_at timestamptz,
  reviewed_by bigint references users (id),
  return_reason text,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  updated_by bigint references users (id),
  unique (form_id, unit_id, period)
);
create index submissions_unit_idx on submissions (unit_id, period);
create index submissions_status_idx on submissions (status);

-- The values of the working copy (draft or returned); a comment explains a warning.
create table submission_values (
  submission_id bigint not null references submissions (id) on delete cascade,
  element_id bigint not null references data_elements (id),
  division_code text not null references divisions (code),
  value double precision,
  comment text,
  primary key (submission_id, element_id, division_code)
);

-- Progress on each task or milestone the unit leads or shares.
create table progress_entries (
  submission_id bigint not null references submissions (id) on delete cascade,
  item_id bigint not null references plan_items (id) on delete cascade,
  status text not null check (status in ('not_started', 'in_progress', 'done', 'behind', 'blocked')),
  percent numeric(5, 2) check (percent between 0 and 100),
  narrative text,
  problems text,
  primary key (submission_id, item_id)
);

-- Every submitted revision, whole, so any two can be compared and none is ever lost.
create table submission_versions (
  id bigserial primary key,
  submission_id bigint not null references submissions (id) on delete cascade,
  revision integer not null,
  status text not null,
  snapshot jsonb not null,
  created_by bigint references users (id),
  created_at timestamptz not null default now(),
  unique (submission_id, revision)
);

-- Admin unlocks of a locked period (audited); null unit_id unlocks it for every unit.
create table period_unlocks (
  id bigserial primary key,
  form_id bigint not null references forms (id) on delete cascade,
  unit_id bigint references units (id),
  period text not null,
  until date not null,
  reason text not null,
  created_by bigint references users (id),
  created_at timestamptz not null default now()
);
create index period_unlocks_idx on period_unlocks (form_id, period);
