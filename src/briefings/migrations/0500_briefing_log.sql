-- Every briefing generated (document or data), with the data it was built from: a number in a
-- briefing sent months ago can be traced even after the reports behind it were corrected.
create table briefings (
  id bigserial primary key,
  plan_id bigint not null references plans (id) on delete cascade,
  period text not null check (period ~ '^[0-9]{4}(M(0[1-9]|1[0-2])|Q[1-4]|H[12])?$'),
  as_of date not null,
  format text not null check (format in ('docx', 'pdf')),
  red_head boolean not null,
  sha256 text not null check (sha256 ~ '^[0-9a-f]{64}$'),
  size_bytes integer not null check (size_bytes > 0),
  data jsonb not null,
  generated_by bigint references users (id) on delete set null,
  generated_by_name text not null,
  generated_at timestamptz not null default now()
);
create index briefings_plan_period_idx on briefings (plan_id, period, generated_at desc);
