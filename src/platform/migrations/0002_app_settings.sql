-- Installation settings that live with the data rather than in the environment: they travel with
-- a backup and are the same for every process of the installation. `clock.today` declares the
-- installation's today (the demo's data end in January 2016); read at server start.
create table app_settings (
  key text primary key,
  value jsonb not null,
  updated_at timestamptz not null default now()
);
