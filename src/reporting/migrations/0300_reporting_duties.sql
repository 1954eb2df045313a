-- A plan's reporting duties, turned into schedules when the plan is activated. Each duty owes one
-- report per scheduled period; the periods themselves are computed from the schedule
-- (src/reporting/calendar.ts), so a changed rule never leaves stale rows behind.
create table reporting_duties (
  id bigserial primary key,
  plan_id bigint not null references plans (id) on delete cascade,
  item_id bigint references plan_items (id) on delete set null,
  what text not null,
  frequency text not null check (frequency in ('monthly', 'quarterly', 'semiannual', 'annual')),
  period_type text not null check (period_type in ('M', 'Q', 'H', 'Y')),
  due_rule jsonb not null,
  grace_days integer not null default 15 check (grace_days between 0 and 365),
  exempt text[] not null default '{}',
  starts_on date not null,
  ends_on date not null,
  reporter_text text,
  created_at timestamptz not null default now(),
  check (ends_on >= starts_on)
);
create index reporting_duties_plan_idx on reporting_duties (plan_id);
