-- Evidence files, reminders and the in-app inbox (reporting I/O: Excel, evidence, reminders).

-- A file attached to a submission, optionally to one progress entry (task or milestone). The
-- bytes live on disk under LUOSHI_FILES_DIR, addressed by their SHA-256, so the same file
-- attached twice is stored once; a row is the only reference the disk file has.
create table evidence_files (
  id bigserial primary key,
  submission_id bigint not null references submissions (id) on delete cascade,
  item_id bigint references plan_items (id) on delete set null,
  sha256 text not null check (sha256 ~ '^[0-9a-f]{64}$'),
  size_bytes bigint not null check (size_bytes > 0),
  content_type text not null,
  filename text not null check (length(filename) between 1 and 255),
  uploaded_by bigint references users (id),
  created_at timestamptz not null default now()
);
create index evidence_files_submission_idx on evidence_files (submission_id);
create index evidence_files_sha_idx on evidence_files (sha256);

-- One reminder per (form, unit, period, kind) for the scheduler's kinds, and one manual reminder
-- per day: the unique indexes are what keeps two ticks or two servers from sending twice.
create table reminders (
  id bigserial primary key,
  form_id bigint not null references forms (id) on delete cascade,
  unit_id bigint not null references units (id) on delete cascade,
  period text not null,
  kind text not null check (kind in ('before_due', 'overdue', 'manual')),
  due_on date,
  sent_on date not null,
  created_by bigint references users (id),
  created_at timestamptz not null default now(),
  -- per channel: 'sent', 'skipped' (not configured / no address) or 'failed: <reason>'
  channels jsonb not null default '{}'::jsonb
);
create unique index reminders_once_idx on reminders (form_id, unit_id, period, kind) where kind <> 'manual';
create unique index reminders_manual_daily_idx on reminders (form_id, unit_id, period, sent_on) where kind = 'manual';
create index reminders_unit_idx on reminders (unit_id, created_at);

create table inbox_messages (
  id bigserial primary key,
  user_id bigint not null references users (id) on delete cascade,
  reminder_id bigint references reminders (id) on delete cascade,
  kind text not null,
  title text not null,
  body text not null,
  link text,
  created_at timestamptz not null default now(),
  read_at timestamptz
);
create index inbox_messages_user_idx on inbox_messages (user_id, created_at desc);
