import { sql } from 'kysely';
import type { Executor } from '../platform/db/database.ts';
import { invalid } from '../platform/errors.ts';
import { divisionKey, levelOfCode, periodMonth } from './keys.ts';
import { elementsByIdOrCode } from './rollup.repository.ts';

/** One approved figure, as reporting hands it over. */
export interface ApprovedValue {
  elementId: number;
  divisionCode: string;
  /** the element's native period code (2014M03, 2014Q1, …) */
  period: string;
  value: number;
  unitId: number | null;
  submissionId: number | null;
}

/**
 * Writes approved values into the value store, replacing earlier values of the same element,
 * division and period. Call it inside the approving transaction: the values and every aggregate
 * built on them change together, so a reader never sees one without the other. The roll-up
 * (indicator_rollup) is maintained by statement triggers on data_values in that same transaction
 * (migration 0402), so there is no batch and no other writer can bypass it.
 *
 * Each value must be at its element's division level (a village figure for a village element):
 * a figure at another level would be counted twice in the roll-up, so it is refused with 400.
 */
export async function recordApprovedValues(tx: Executor, values: ApprovedValue[]): Promise<number> {
  if (values.length === 0) return 0;
  const elements = new Map((await elementsByIdOrCode(tx, [...new Set(values.map((v) => v.elementId))])).map((e) => [e.id, e]));
  values.forEach((v, i) => {
    const e = elements.get(v.elementId);
    if (!e) throw invalid(`values[${i}].elementId`, `no data element ${v.elementId}`);
    let level: number;
    try {
      level = levelOfCode(v.divisionCode);
      divisionKey(v.divisionCode);
    } catch {
      throw invalid(`values[${i}].divisionCode`, `not a division code: "${v.divisionCode}"`);
    }
    if (level !== e.divisionLevel) {
      throw invalid(`values[${i}].divisionCode`, `${e.code} is reported at division level ${e.divisionLevel}, not ${level} (${v.divisionCode})`);
    }
    if (!Number.isFinite(v.value)) throw invalid(`values[${i}].value`, 'not a finite number');
  });
  values.forEach((v, i) => {
    if (elements.get(v.elementId)!.perUnit && v.unitId === null) throw invalid(`values[${i}].unitId`, `${elements.get(v.elementId)!.code} is reported per unit: the value needs its unit`);
  });
  const perUnit = values.filter((v) => elements.get(v.elementId)!.perUnit);
  const whole = values.filter((v) => !elements.get(v.elementId)!.perUnit);
  if (perUnit.length) await recordUnitValues(tx, perUnit);
  const CHUNK = 5000;
  for (let i = 0; i < whole.length; i += CHUNK) {
    const rows = whole.slice(i, i + CHUNK).map((v) => ({
      element_id: v.elementId,
      division_key: divisionKey(v.divisionCode),
      month: periodMonth(v.period),
      value: v.value,
      unit_id: v.unitId,
      submission_id: v.submissionId,
    }));
    await tx
      .insertInto('data_values')
      .values(rows)
      .onConflict((oc) =>
        oc.columns(['element_id', 'division_key', 'month']).doUpdateSet({
          value: (eb) => eb.ref('excluded.value'),
          unit_id: (eb) => eb.ref('excluded.unit_id'),
          submission_id: (eb) => eb.ref('excluded.submission_id'),
          updated_at: sql`now()`,
        }),
      )
      .execute();
  }
  return values.length;
}

/**
 * Per-unit values: each unit's own row in unit_values, and the division's value in data_values as
 * the sum over its units (unit_id null), so the roll-up triggers and every division-level reader
 * see the total. One unit's correction replaces only that unit's row.
 */
async function recordUnitValues(tx: Executor, values: ApprovedValue[]): Promise<void> {
  const rows = values.map((v) => ({
    element_id: v.elementId,
    division_key: divisionKey(v.divisionCode),
    month: periodMonth(v.period),
    unit_id: v.unitId as number,
    value: v.value,
    submission_id: v.submissionId,
  }));
  const CHUNK = 5000;
  for (let i = 0; i < rows.length; i += CHUNK) {
    await tx
      .insertInto('unit_values')
      .values(rows.slice(i, i + CHUNK))
      .onConflict((oc) =>
        oc.columns(['element_id', 'division_key', 'month', 'unit_id']).doUpdateSet({
          value: (eb) => eb.ref('excluded.value'),
          submission_id: (eb) => eb.ref('excluded.submission_id'),
          updated_at: sql`now()`,
        }),
      )
      .execute();
  }
  const keys = [...new Map(rows.map((r) => [`${r.element_id}:${r.division_key}:${r.month}`, r])).values()];
  const el = keys.map((k) => k.element_id);
  const dk = keys.map((k) => k.division_key);
  const mo = keys.map((k) => k.month);
  // The division's value is the sum of its units': written in one statement, so the roll-up
  // trigger sees one change per key.
  await sql`
    insert into data_values (element_id, division_key, month, value, unit_id, submission_id)
    select u.element_id, u.division_key, u.month, sum(u.value), null, null
    from unit_values u
    join unnest(${el}::integer[], ${dk}::bigint[], ${mo}::integer[]) as k(element_id, division_key, month)
      on k.element_id = u.element_id and k.division_key = u.division_key and k.month = u.month
    group by u.element_id, u.division_key, u.month
    on conflict (element_id, division_key, month) do update
      set value = excluded.value, unit_id = null, submission_id = null, updated_at = now()`.execute(tx);
}
