-- What the office decided before sending a briefing: 文号, 抄送, 印发, contact and its edits to the
-- generated text (paragraph key → new text or null to drop it). One draft per plan and period;
-- every format generated for that period uses it.
create table briefing_drafts (
  plan_id bigint not null references plans (id) on delete cascade,
  period text not null check (period ~ '^[0-9]{4}(M(0[1-9]|1[0-2])|Q[1-4]|H[12])?$'),
  issuance jsonb not null default '{}'::jsonb,
  edits jsonb not null default '{}'::jsonb,
  version integer not null default 1,
  updated_by bigint references users (id) on delete set null,
  updated_at timestamptz not null default now(),
  primary key (plan_id, period)
);
