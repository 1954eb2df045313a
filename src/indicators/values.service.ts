import { sql } from 'kysely';
import type { Executor } from '../platform/db/database.ts';
import { divisionKey, periodMonth } from './keys.ts';

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
 * built on them change together, so a reader never sees one without the other.
 */
export async function recordApprovedValues(tx: Executor, values: ApprovedValue[]): Promise<number> {
  if (values.length === 0) return 0;
  const CHUNK = 5000;
  for (let i = 0; i < values.length; i += CHUNK) {
    const rows = values.slice(i, i + CHUNK).map((v) => ({
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
