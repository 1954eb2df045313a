import type { Executor } from '../../platform/db/database.ts';

export const cellKey = (elementId: number, divisionCode: string) => `${elementId}|${divisionCode}`;

/** The working copy's values of a submission, by cellKey. */
export async function draftValues(ex: Executor, submissionId: number): Promise<Map<string, { value: number | null; comment: string | null }>> {
  const rows = await ex.selectFrom('submission_values').select(['element_id', 'division_code', 'value', 'comment']).where('submission_id', '=', submissionId).execute();
  return new Map(rows.map((r) => [cellKey(Number(r.element_id), r.division_code), { value: r.value, comment: r.comment }]));
}

