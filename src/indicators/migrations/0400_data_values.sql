-- Approved values: the single store every indicator, aggregate, status and ranking reads. Written
-- only through src/indicators/values.service.ts (approval of a submission, bulk loads).
-- Divisions are keyed by their code padded to 12 digits as a bigint (63 → 630000000000): 8 bytes
-- instead of a text, and the ancestors of a key are arithmetic. Periods are the native period of
-- the element, stored as the month index of the period's last month (year * 12 + month - 1).
create table data_values (
  element_id integer not null,
  division_key bigint not null,
  month integer not null,
  value double precision not null,
  unit_id integer,
  submission_id bigint,
  updated_at timestamptz not null default now(),
  primary key (element_id, division_key, month)
);
