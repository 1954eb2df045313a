-- The status epoch: a counter bumped in the same transaction as every write that can change a
-- plan status (values and their roll-up, submissions and progress that count, plans, items and
-- their units, target links, indicators, elements, units). GET /api/plans/:id/status caches its
-- answers per (plan, period, as-of) under the epoch it read: a cached answer is served only while
-- the epoch is unchanged, so an approval shows on the next read, in every process.
-- Drafts do not bump it: a draft save changes no status (the autosave path stays as it was).
create table status_epoch (
  id boolean primary key default true check (id),
  n bigint not null
);
insert into status_epoch (id, n) values (true, 0);

create function status_epoch_bump() returns trigger language plpgsql as $$
begin
  update status_epoch set n = n + 1 where id;
  return null;
end $$;

-- Progress entries count only in a submitted or approved report; those of drafts (autosaves) do not.
create function status_epoch_bump_progress() returns trigger language plpgsql as $$
declare
  sid bigint;
begin
  if tg_op = 'DELETE' then sid := old.submission_id; else sid := new.submission_id; end if;
  if exists (select 1 from submissions s where s.id = sid and s.status in ('submitted', 'approved')) then
    update status_epoch set n = n + 1 where id;
  end if;
  return null;
end $$;

create trigger status_epoch_data_values after insert or update or delete or truncate on data_values
  for each statement execute function status_epoch_bump();
create trigger status_epoch_indicator_rollup after insert or update or delete or truncate on indicator_rollup
  for each statement execute function status_epoch_bump();
create trigger status_epoch_plans after insert or update or delete on plans
  for each statement execute function status_epoch_bump();
create trigger status_epoch_plan_items after insert or update or delete on plan_items
  for each statement execute function status_epoch_bump();
create trigger status_epoch_plan_item_units after insert or update or delete on plan_item_units
  for each statement execute function status_epoch_bump();
create trigger status_epoch_target_links after insert or update or delete on target_links
  for each statement execute function status_epoch_bump();
create trigger status_epoch_indicators after insert or update or delete on indicators
  for each statement execute function status_epoch_bump();
create trigger status_epoch_indicator_versions after insert or update or delete on indicator_versions
  for each statement execute function status_epoch_bump();
create trigger status_epoch_data_elements after insert or update or delete on data_elements
  for each statement execute function status_epoch_bump();
create trigger status_epoch_units after insert or update or delete on units
  for each statement execute function status_epoch_bump();

-- Submissions: only changes that matter to a status (submitting, reviewing, returning, moving
-- timestamps), not the version/updated_at of every autosave.
create trigger status_epoch_submissions_insert after insert on submissions
  for each row when (new.status in ('submitted', 'approved')) execute function status_epoch_bump();
create trigger status_epoch_submissions_update after update on submissions
  for each row when (
    old.status is distinct from new.status or old.submitted_at is distinct from new.submitted_at
    or old.reviewed_at is distinct from new.reviewed_at or old.period is distinct from new.period
    or old.unit_id is distinct from new.unit_id
  ) execute function status_epoch_bump();
create trigger status_epoch_submissions_delete after delete on submissions
  for each row when (old.status in ('submitted', 'approved')) execute function status_epoch_bump();
create trigger status_epoch_progress after insert or update or delete on progress_entries
  for each row execute function status_epoch_bump_progress();
-- Versions are read for reports resubmitted after an as-of day.
create trigger status_epoch_submission_versions after insert or update or delete on submission_versions
  for each statement execute function status_epoch_bump();
