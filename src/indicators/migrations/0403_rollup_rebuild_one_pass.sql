-- The roll-up rebuild of 0402 scanned data_values once per element; at national scale (60 M
-- village values) that is one full scan per element. This version reads the values once for all
-- summed elements, joins once for weighted ones, then builds each higher level from the one below.
-- Rows go in in key order, so the roll-up's index grows at its right edge instead of at random.
create or replace function indicator_rollup_rebuild(p_elements integer[]) returns void language plpgsql as $$
declare
  lvl integer;
begin
  delete from indicator_rollup where element_id = any(p_elements);
  insert into indicator_rollup (element_id, level, division_key, month, total, weight, n)
  select v.element_id, e.division_level - 1, luoshi_key_at(v.division_key, e.division_level - 1), v.month, sum(v.value), 0, count(*)
  from data_values v join data_elements e on e.id = v.element_id
  where v.element_id = any(p_elements) and e.spatial = 'sum' and e.division_level > 0
  group by 1, 2, 3, 4
  order by 1, 2, 3, 4;
  insert into indicator_rollup (element_id, level, division_key, month, total, weight, n)
  select v.element_id, e.division_level - 1, luoshi_key_at(v.division_key, e.division_level - 1), v.month, sum(v.value * w.value), sum(w.value), count(*)
  from data_values v
  join data_elements e on e.id = v.element_id
  join data_values w on w.element_id = e.weight_element_id and w.division_key = v.division_key and w.month = v.month
  where v.element_id = any(p_elements) and e.spatial = 'weighted' and e.division_level > 0
  group by 1, 2, 3, 4
  order by 1, 2, 3, 4;
  -- an element's lowest roll-up level is its own level - 1; each level above sums the one below
  for lvl in reverse 3 .. 0 loop
    insert into indicator_rollup (element_id, level, division_key, month, total, weight, n)
    select r.element_id, lvl, luoshi_key_at(r.division_key, lvl), r.month, sum(r.total), sum(r.weight), sum(r.n)
    from indicator_rollup r where r.element_id = any(p_elements) and r.level = lvl + 1
    group by 1, 2, 3, 4
    order by 1, 2, 3, 4;
  end loop;
end
$$;
