-- The audit trail: append-only. Rows are written by the same transaction as the change they
-- describe (see src/platform/audit.ts); no application path updates or deletes them, and the
-- trigger below refuses it even to a buggy one.
create table audit_log (
  id bigserial primary key,
  at timestamptz not null default now(),
  actor_id bigint,
  actor_name text,
  action text not null,
  entity text not null,
  entity_id text not null,
  before jsonb,
  after jsonb,
  request_id text,
  ip text
);
create index audit_log_entity_idx on audit_log (entity, entity_id, at);
create index audit_log_actor_idx on audit_log (actor_id, at);
create index audit_log_at_idx on audit_log (at);

create function audit_log_append_only() returns trigger language plpgsql as $$
begin
  raise exception 'audit_log is append-only';
end
$$;
create trigger audit_log_no_change before update or delete on audit_log
  for each row execute function audit_log_append_only();
create trigger audit_log_no_truncate before truncate on audit_log
  for each statement execute function audit_log_append_only();
