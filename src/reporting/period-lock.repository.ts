import type { Executor } from '../platform/db/database.ts';

export interface UnlockRow {
  id: number;
  formId: number;
  unitId: number | null;
  period: string;
  until: string;
  reason: string;
  createdBy: number | null;
  createdAt: string;
}

/** The latest `until` of the unlocks of a form's period for the unit or for all units, in force on `day`. */
export async function latestUnlockUntil(ex: Executor, formId: number, unitId: number, period: string, day: string): Promise<string | null> {
  const r = await ex
    .selectFrom('period_unlocks')
    .select((eb) => eb.fn.max('until').as('until'))
    .where('form_id', '=', formId)
    .where('period', '=', period)
    .where('until', '>=', day)
    .where((eb) => eb.or([eb('unit_id', 'is', null), eb('unit_id', '=', unitId)]))
    .executeTakeFirst();
  return (r?.until as string | null | undefined) ?? null;
}

export async function insertUnlock(ex: Executor, v: { formId: number; unitId: number | null; period: string; until: string; reason: string; createdBy: number | null }): Promise<UnlockRow> {
  const row = await ex
    .insertInto('period_unlocks')
    .values({ form_id: v.formId, unit_id: v.unitId, period: v.period, until: v.until, reason: v.reason, created_by: v.createdBy })
    .returningAll()
    .executeTakeFirstOrThrow();
  return {
    id: Number(row.id),
    formId: Number(row.form_id),
    unitId: row.unit_id === null ? null : Number(row.unit_id),
    period: row.period,
    until: row.until,
    reason: row.reason,
    createdBy: row.created_by === null ? null : Number(row.created_by),
    createdAt: new Date(row.created_at).toISOString(),
  };
}

export async function listUnlockRows(ex: Executor, formId: number): Promise<UnlockRow[]> {
  const rows = await ex.selectFrom('period_unlocks').selectAll().where('form_id', '=', formId).orderBy('id', 'desc').execute();
  return rows.map((row) => ({
    id: Number(row.id),
    formId: Number(row.form_id),
    unitId: row.unit_id === null ? null : Number(row.unit_id),
    period: row.period,
    until: row.until,
    reason: row.reason,
    createdBy: row.created_by === null ? null : Number(row.created_by),
    createdAt: new Date(row.created_at).toISOString(),
  }));
}
