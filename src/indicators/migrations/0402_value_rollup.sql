-- Roll-up of approved values to every ancestor division, per element and month, maintained in the
-- same transaction as data_values (no nightly batch: an approval is in every aggregate at commit).
--
-- For an element reported at level L, a row exists for each ancestor level 0 … L-1 (country '' is
-- level 0, key 0). Aggregation over divisions is declared per element (data_elements.spatial):
--   sum:      total = Σ value
--   weighted: total = Σ value·weight, weight = Σ weight, over the divisions that reported both
--             (a speed is Σ(v·w)/Σw, never a plain mean)
-- n counts the contributing divisions (the UI's "n of m reported"); n = 0 means no value.
-- Aggregation over time (stock: last month of the period, flow: sum) happens at query time from
-- these monthly rows (src/indicators/query.service.ts).
create table indicator_rollup (
  element_id integer not null,
  level smallint not null check (level between 0 and 4),
  division_key bigint not null,
  month integer not null,
  total double precision not null,
  weight double precision not null default 0,
  n integer not null,
  primary key (element_id, level, division_key, month)
);

-- By-unit views read data_values by unit; bulk loads carry no unit, so the index stays small.
create index data_values_unit_idx on data_values (unit_id, element_id, month) where unit_id is not null;

-- The key of the ancestor at `lvl` of a division key (codes nest by prefix: 2/4/6/9/12 digits).
create function luoshi_key_at(k bigint, lvl integer) returns bigint
language sql immutable parallel safe as $$
  select case lvl
    when 0 then 0::bigint
    when 1 then (k / 10000000000) * 10000000000
    when 2 then (k / 100000000) * 100000000
    when 3 then (k / 1000000) * 1000000
    when 4 then (k / 1000) * 1000
    else k end
$$;

-- Applies the changes of one statement on data_values (old and new value per key; null = absent)
-- to the roll-up as deltas. Contributions are recomputed before and after for every affected
-- (element, division, month) pair, which covers a weighted element whose weight changed too.
create function indicator_rollup_apply(
  p_element integer[], p_key bigint[], p_month integer[], p_old double precision[], p_new double precision[]
) returns void language plpgsql as $$
begin
  if coalesce(array_length(p_element, 1), 0) = 0 then return; end if;
  -- A weighted pair reads its partner value from the table: serialise such updates so that two
  -- transactions changing a speed and its user count at once cannot both miss the other.
  if exists (select 1 from data_elements e
             where (e.id = any(p_element) and e.spatial = 'weighted') or e.weight_element_id = any(p_element)) then
    perform pg_advisory_xact_lock(440201);
  end if;
  with chg as (
    select * from unnest(p_element, p_key, p_month, p_old, p_new) as c(element_id, division_key, month, old_v, new_v)
  ),
  affected as (
    select c.element_id, c.division_key, c.month from chg c
    union
    select e.id::integer, c.division_key, c.month
    from chg c join data_elements e on e.weight_element_id = c.element_id
  ),
  pairs as (
    select a.element_id, a.division_key, a.month, e.division_level, e.spatial,
      dv.value as v_after,
      case when cv.element_id is not null then cv.old_v else dv.value end as v_before,
      dw.value as w_after,
      case when cw.element_id is not null then cw.old_v else dw.value end as w_before
    from affected a
    join data_elements e on e.id = a.element_id
    left join chg cv on cv.element_id = a.element_id and cv.division_key = a.division_key and cv.month = a.month
    left join data_values dv on dv.element_id = a.element_id and dv.division_key = a.division_key and dv.month = a.month
    left join chg cw on e.spatial = 'weighted' and cw.element_id = e.weight_element_id
      and cw.division_key = a.division_key and cw.month = a.month
    left join data_values dw on e.spatial = 'weighted' and dw.element_id = e.weight_element_id
      and dw.division_key = a.division_key and dw.month = a.month
    where e.division_level > 0
  ),
  deltas as (
    select element_id, division_key, month, division_level,
      case when spatial = 'sum' then coalesce(v_after, 0) - coalesce(v_before, 0)
           else coalesce(v_after * w_after, 0) - coalesce(v_before * w_before, 0) end as d_total,
      case when spatial = 'sum' then 0
           else (case when v_after is not null then coalesce(w_after, 0) else 0 end)
              - (case when v_before is not null then coalesce(w_before, 0) else 0 end) end as d_weight,
      case when spatial = 'sum' then (v_after is not null)::integer - (v_before is not null)::integer
           else (v_after is not null and w_after is not null)::integer
              - (v_before is not null and w_before is not null)::integer end as d_n
    from pairs
  )
  insert into indicator_rollup as r (element_id, level, division_key, month, total, weight, n)
  select d.element_id, l.lvl, luoshi_key_at(d.division_key, l.lvl), d.month, sum(d.d_total), sum(d.d_weight), sum(d.d_n)
  from deltas d cross join lateral generate_series(0, d.division_level - 1) as l(lvl)
  where d.d_total <> 0 or d.d_weight <> 0 or d.d_n <> 0
  group by 1, 2, 3, 4
  -- one order for every writer, so concurrent approvals lock roll-up rows without deadlocking
  order by 1, 2, 3, 4
  on conflict (element_id, level, division_key, month) do update
    set total = r.total + excluded.total, weight = r.weight + excluded.weight, n = r.n + excluded.n;
end
$$;

create function data_values_rollup_trigger() returns trigger language plpgsql as $$
declare
  el integer[]; k bigint[]; mo integer[]; ov double precision[]; nv double precision[];
begin
  if TG_OP = 'INSERT' then
    select array_agg(element_id), array_agg(division_key), array_agg(month), array_agg(null::double precision), array_agg(value)
      into el, k, mo, ov, nv from new_rows;
  elsif TG_OP = 'DELETE' then
    select array_agg(element_id), array_agg(division_key), array_agg(month), array_agg(value), array_agg(null::double precision)
      into el, k, mo, ov, nv from old_rows;
  else
    -- an update may change a key: old and new rows are matched by key, unmatched ones are a
    -- delete and an insert
    select array_agg(coalesce(n.element_id, o.element_id)), array_agg(coalesce(n.division_key, o.division_key)),
           array_agg(coalesce(n.month, o.month)), array_agg(o.value), array_agg(n.value)
      into el, k, mo, ov, nv
    from old_rows o full join new_rows n
      on n.element_id = o.element_id and n.division_key = o.division_key and n.month = o.month
    where o.value is distinct from n.value;
  end if;
  perform indicator_rollup_apply(el, k, mo, ov, nv);
  return null;
end
$$;

-- Transition tables need one trigger per event.
create trigger data_values_rollup_ins after insert on data_values
  referencing new table as new_rows for each statement execute function data_values_rollup_trigger();
create trigger data_values_rollup_upd after update on data_values
  referencing old table as old_rows new table as new_rows for each statement execute function data_values_rollup_trigger();
create trigger data_values_rollup_del after delete on data_values
  referencing old table as old_rows for each statement execute function data_values_rollup_trigger();

-- Rebuilds the roll-up of the given elements from data_values with one GROUP BY per level (the
-- lowest level from the values, each higher level from the level below). Used after a bulk load,
-- which disables the triggers above.
create function indicator_rollup_rebuild(p_elements integer[]) returns void language plpgsql as $$
declare
  e record;
  lvl integer;
begin
  delete from indicator_rollup where element_id = any(p_elements);
  for e in select id::integer as id, division_level, spatial, weight_element_id::integer as weight_id
           from data_elements where id = any(p_elements) and division_level > 0 order by id loop
    if e.spatial = 'sum' then
      insert into indicator_rollup (element_id, level, division_key, month, total, weight, n)
      select e.id, e.division_level - 1, luoshi_key_at(v.division_key, e.division_level - 1), v.month, sum(v.value), 0, count(*)
      from data_values v where v.element_id = e.id
      group by 3, 4;
    else
      insert into indicator_rollup (element_id, level, division_key, month, total, weight, n)
      select e.id, e.division_level - 1, luoshi_key_at(v.division_key, e.division_level - 1), v.month, sum(v.value * w.value), sum(w.value), count(*)
      from data_values v
      join data_values w on w.element_id = e.weight_id and w.division_key = v.division_key and w.month = v.month
      where v.element_id = e.id
      group by 3, 4;
    end if;
    for lvl in reverse e.division_level - 2 .. 0 loop
      insert into indicator_rollup (element_id, level, division_key, month, total, weight, n)
      select e.id, lvl, luoshi_key_at(r.division_key, lvl), r.month, sum(r.total), sum(r.weight), sum(r.n)
      from indicator_rollup r where r.element_id = e.id and r.level = lvl + 1
      group by 3, 4;
    end loop;
  end loop;
end
$$;
