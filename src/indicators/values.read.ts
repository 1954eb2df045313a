import type { Executor } from '../platform/db/database.ts';

/**
 * The value store's read API for other domains (reporting shows last period's approved values and
 * refuses to retype an element that holds values); the tables stay the indicators domain's.
 */

/** Approved values of elements at one month within a range of division keys. */
export async function approvedValuesAt(ex: Executor, elementIds: number[], month: number, keyRange: [number, number]): Promise<{ elementId: number; divisionKey: number; value: number }[]> {
  if (elementIds.length === 0) return [];
  const rows = await ex
    .selectFrom('data_values')
    .select(['element_id', 'division_key', 'value'])
    .where('element_id', 'in', elementIds)
    .where('month', '=', month)
    .where('division_key', '>=', keyRange[0])
    .where('division_key', '<=', keyRange[1])
    .execute();
  return rows.map((r) => ({ elementId: Number(r.element_id), divisionKey: Number(r.division_key), value: r.value }));
}

/** How many approved values an element holds. */
export async function storedValueCount(ex: Executor, elementId: number): Promise<number> {
  const r = await ex.selectFrom('data_values').select((eb) => eb.fn.countAll<number>().as('n')).where('element_id', '=', elementId).executeTakeFirstOrThrow();
  return Number(r.n);
}
