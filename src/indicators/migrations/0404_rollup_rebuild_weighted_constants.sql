-- The weighted step of indicator_rollup_rebuild (0403) joined the weights through data_elements,
-- so the planner could not see that the weight side has millions of rows and probed the index
-- once per value (a minute at national scale). Here each weighted element is one statement with
-- both element ids as values the planner sees (PL/pgSQL plans these with the actual values).
create or replace function indicator_rollup_rebuild(p_elements integer[]) returns void language plpgsql as $$
declare
  lvl integer;
  e record;
begin
  delete from indicator_rollup where element_id = any(p_elements);
  insert into indicator_rollup (element_id, level, division_key, month, total, weight, n)
  select v.element_id, e2.division_level - 1, luoshi_key_at(v.division_key, e2.division_level - 1), v.month, sum(v.value), 0, count(*)
  from data_values v join data_elements e2 on e2.id = v.element_id
  where v.element_id = any(p_elements) and e2.spatial = 'sum' and e2.division_level > 0
  group by 1, 2, 3, 4
  order by 1, 2, 3, 4;
  for e in select id::integer as id, weight_element_id::integer as weight_id, division_level - 1 as lowest
           from data_elements where id = any(p_elements) and spatial = 'weighted' and division_level > 0 order by id loop
    execute 'insert into indicator_rollup (element_id, level, division_key, month, total, weight, n)
      select $1, $3, luoshi_key_at(v.division_key, $3), v.month, sum(v.value * w.value), sum(w.value), count(*)
      from data_values v
      join data_values w on w.element_id = $2 and w.division_key = v.division_key and w.month = v.month
      where v.element_id = $1
      group by 3, 4
      order by 3, 4'
      using e.id, e.weight_id, e.lowest;
  end loop;
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
