-- The tasks a form asks progress on. None listed: every task of the form's plan the unit leads
-- or shares (as before this table). Listed: only those of them, with their milestones. The
-- progress entries already reported stay stored whatever the list becomes.
create table form_tasks (
  form_id bigint not null references forms (id) on delete cascade,
  item_id bigint not null references plan_items (id) on delete cascade,
  primary key (form_id, item_id)
);
create index form_tasks_item_idx on form_tasks (item_id);
