create table users (
  id bigserial primary key,
  username text not null unique check (username ~ '^[a-z0-9][a-z0-9_.-]{1,63}$'),
  display_name text not null,
  email text,
  password_hash text not null,
  role text not null check (role in ('admin', 'reporter', 'viewer', 'leader')),
  -- reporter: the unit it reports for; viewer: the division subtree it may read
  unit_id bigint references units (id),
  division_code text references divisions (code),
  active boolean not null default true,
  failed_logins integer not null default 0,
  locked_until timestamptz,
  must_change_password boolean not null default false,
  password_changed_at timestamptz not null default now(),
  last_login_at timestamptz,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  version integer not null default 1,
  check (role <> 'reporter' or unit_id is not null),
  check (role <> 'viewer' or division_code is not null)
);

-- Sessions are stored by the SHA-256 of their token: a leaked table does not yield live cookies.
create table sessions (
  id text primary key,
  user_id bigint not null references users (id) on delete cascade,
  csrf_token text not null,
  created_at timestamptz not null default now(),
  expires_at timestamptz not null,
  last_seen_at timestamptz not null default now(),
  ip text,
  user_agent text
);
create index sessions_user_idx on sessions (user_id);
create index sessions_expiry_idx on sessions (expires_at);
