import type { Executor } from '../../platform/db/database.ts';
import type { ReminderKind } from '../io.tables.ts';
import type { FormSchedule } from './due.ts';

export interface FormInfo {
  id: number;
  code: string;
  name: string;
  periodType: FormSchedule['periodType'];
}

/** Active forms with their calendars and the units assigned to each. */
export async function activeFormSchedules(ex: Executor): Promise<FormSchedule[]> {
  const forms = await ex
    .selectFrom('forms')
    .select(['id', 'period_type', 'due_rule', 'grace_days', 'exempt', 'starts_on', 'ends_on'])
    .where('status', '=', 'active')
    .execute();
  if (forms.length === 0) return [];
  const assigned = await ex
    .selectFrom('form_assignments')
    .select(['form_id', 'unit_id'])
    .distinct()
    .where(
      'form_id',
      'in',
      forms.map((f) => f.id),
    )
    .execute();
  const units = new Map<number, number[]>();
  for (const a of assigned) {
    const list = units.get(Number(a.form_id)) ?? [];
    list.push(Number(a.unit_id));
    units.set(Number(a.form_id), list);
  }
  return forms.map((f) => ({
    formId: Number(f.id),
    periodType: f.period_type,
    dueRule: typeof f.due_rule === 'string' ? JSON.parse(f.due_rule) : f.due_rule,
    graceDays: f.grace_days,
    exempt: f.exempt,
    startsOn: f.starts_on,
    endsOn: f.ends_on,
    unitIds: units.get(Number(f.id)) ?? [],
  }));
}

export async function findForm(ex: Executor, id: number): Promise<FormInfo | null> {
  const f = await ex.selectFrom('forms').select(['id', 'code', 'name', 'period_type']).where('id', '=', id).executeTakeFirst();
  return f ? { id: Number(f.id), code: f.code, name: f.name, periodType: f.period_type } : null;
}

export async function isAssigned(ex: Executor, formId: number, unitId: number): Promise<boolean> {
  const r = await ex.selectFrom('form_assignments').select('unit_id').where('form_id', '=', formId).where('unit_id', '=', unitId).limit(1).executeTakeFirst();
  return !!r;
}

/** Keys `form|unit|period` of reports already submitted or approved, among the given forms and periods. */
export async function doneReports(ex: Executor, formIds: number[], periods: string[]): Promise<Set<string>> {
  if (formIds.length === 0 || periods.length === 0) return new Set();
  const rows = await ex
    .selectFrom('submissions')
    .select(['form_id', 'unit_id', 'period'])
    .where('form_id', 'in', formIds)
    .where('period', 'in', periods)
    .where('status', 'in', ['submitted', 'approved'])
    .execute();
  return new Set(rows.map((r) => `${r.form_id}|${r.unit_id}|${r.period}`));
}

/** Keys `form|unit|period|kind` of scheduler reminders already sent. */
export async function sentReminderKeys(ex: Executor, formIds: number[], periods: string[]): Promise<Set<string>> {
  if (formIds.length === 0 || periods.length === 0) return new Set();
  const rows = await ex
    .selectFrom('reminders')
    .select(['form_id', 'unit_id', 'period', 'kind'])
    .where('form_id', 'in', formIds)
    .where('period', 'in', periods)
    .where('kind', '<>', 'manual')
    .execute();
  return new Set(rows.map((r) => `${r.form_id}|${r.unit_id}|${r.period}|${r.kind}`));
}

/**
 * Claims a reminder: inserts it unless the unique indexes say it exists (then null). Whoever gets
 * the id sends it; a second tick or a second server gets null and sends nothing.
 */
export async function claimReminder(
  ex: Executor,
  r: { formId: number; unitId: number; period: string; kind: ReminderKind; dueOn: string | null; sentOn: string; createdBy: number | null },
): Promise<number | null> {
  const row = await ex
    .insertInto('reminders')
    .values({ form_id: r.formId, unit_id: r.unitId, period: r.period, kind: r.kind, due_on: r.dueOn, sent_on: r.sentOn, created_by: r.createdBy })
    .onConflict((oc) => oc.doNothing())
    .returning('id')
    .executeTakeFirst();
  return row ? Number(row.id) : null;
}

export async function recordChannels(ex: Executor, id: number, channels: Record<string, string>): Promise<void> {
  await ex.updateTable('reminders').set({ channels: JSON.stringify(channels) }).where('id', '=', id).execute();
}

export interface ReminderRow {
  id: number;
  formId: number;
  unitId: number;
  period: string;
  kind: ReminderKind;
  dueOn: string | null;
  sentOn: string;
  createdAt: string;
  channels: Record<string, string>;
}

export async function findReminder(ex: Executor, id: number): Promise<ReminderRow | null> {
  const r = await ex.selectFrom('reminders').selectAll().where('id', '=', id).executeTakeFirst();
  if (!r) return null;
  return {
    id: Number(r.id),
    formId: Number(r.form_id),
    unitId: Number(r.unit_id),
    period: r.period,
    kind: r.kind,
    dueOn: r.due_on,
    sentOn: r.sent_on,
    createdAt: new Date(r.created_at).toISOString(),
    channels: typeof r.channels === 'string' ? JSON.parse(r.channels) : r.channels,
  };
}
