-- Approved values of per-unit elements (data_elements.per_unit), one row per unit. data_values keeps
-- the division's value as their sum (unit_id null), so every roll-up, indicator and status reads
-- the total exactly as before, and by-unit views read each unit's own row here.
create table unit_values (
  element_id integer not null,
  division_key bigint not null,
  month integer not null,
  unit_id integer not null,
  value double precision not null,
  submission_id bigint,
  updated_at timestamptz not null default now(),
  primary key (element_id, division_key, month, unit_id)
);
create index unit_values_unit_idx on unit_values (unit_id, element_id, month);

-- Existing data is kept: values already stored with a unit stay in data_values as they were. An
-- element the office turns per-unit afterwards starts collecting its units' rows from then on.
