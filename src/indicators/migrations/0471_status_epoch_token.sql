-- The epoch also carries a random token, renewed at every bump: a restore brings back an old
-- counter value that a running process may have cached other data under, but never a token that
-- process saw with other data (an equal token means the same state of everything the status reads).
alter table status_epoch add column token text not null default md5(random()::text || clock_timestamp()::text);

create or replace function status_epoch_bump() returns trigger language plpgsql as $$
begin
  update status_epoch set n = n + 1, token = md5(random()::text || clock_timestamp()::text) where id;
  return null;
end $$;

create or replace function status_epoch_bump_progress() returns trigger language plpgsql as $$
declare
  sid bigint;
begin
  if tg_op = 'DELETE' then sid := old.submission_id; else sid := new.submission_id; end if;
  if exists (select 1 from submissions s where s.id = sid and s.status in ('submitted', 'approved')) then
    update status_epoch set n = n + 1, token = md5(random()::text || clock_timestamp()::text) where id;
  end if;
  return null;
end $$;
