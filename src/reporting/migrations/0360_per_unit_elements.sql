-- A data element reported per unit: several units report it for the same division and period
-- (investment completed by each operator, tasks by each department), and the division's value is
-- their sum. Only additive elements can be per unit: a weighted mean of units' speeds would need
-- each unit's weight, which no form asks for.
alter table data_elements add column per_unit boolean not null default false;
alter table data_elements add constraint data_elements_per_unit_sum check (not per_unit or spatial = 'sum');
