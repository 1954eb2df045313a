import type { Executor } from '../../platform/db/database.ts';

export const cellKey = (elementId: number, divisionCode: string) => `${elementId}|${divisionCode}`;

/** The working copy's values of a submission, by cellKey. */
export async function draftValues(ex: Executor, submissionId: number): Promise<Map<string, { value: number | null; comment: string | null }>> {
  const rows = await ex.selectFrom('submission_values').select(['element_id', 'division_code', 'value', 'comment']).where('submission_id', '=', submissionId).execute();
  return new Map(rows.map((r) => [cellKey(Number(r.element_id), r.division_code), { value: r.value, comment: r.comment }]));
}

/** Approved values of elements at one month within a range of division keys (the value store's layout). */
export async function approvedAt(ex: Executor, elementIds: number[], month: number, keyRange: [number, number]): Promise<Map<string, number>> {
  if (elementIds.length === 0) return new Map();
  const rows = await ex
    .selectFrom('data_values')
    .select(['element_id', 'division_key', 'value'])
    .where('element_id', 'in', elementIds)
    .where('month', '=', month)
    .where('division_key', '>=', keyRange[0])
    .where('division_key', '<=', keyRange[1])
    .execute();
  return new Map(rows.map((r) => [`${r.element_id}|${r.division_key}`, r.value]));
}
