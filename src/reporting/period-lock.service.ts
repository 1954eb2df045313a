import { type Actor, recordAudit } from '../platform/audit.ts';
import { type Db, type Executor, transaction } from '../platform/db/database.ts';
import { AppError, invalid } from '../platform/errors.ts';
import { today as clockToday } from '../kernel/clock.ts';
import type { ScheduledPeriod } from './calendar.ts';
import { isAssigned } from './form.repository.ts';
import { formCalendar, getFormHead, type Form } from './form.service.ts';
import { insertUnlock, latestUnlockUntil, listUnlockRows, type UnlockRow } from './period-lock.repository.ts';

export type { UnlockRow };

// Dates of the reporting calendar are Beijing days ("due 4月8日" means by the end of that day in
// Beijing): the kernel's chinaDay, re-exported for the reporting modules that import it here.
export { chinaDay } from '../kernel/day.ts';

export interface PeriodState {
  period: ScheduledPeriod;
  /** locked on its locksOn date and after, unless unlocked */
  locked: boolean;
  /** the latest admin unlock still in force (YYYY-MM-DD), or null */
  unlockedUntil: string | null;
}

/** The scheduled period of a form by code, or a 400 naming `period` when the calendar has none. */
export function scheduledPeriod(form: Form, code: string, field = 'period'): ScheduledPeriod {
  const p = formCalendar(form).find((x) => x.code === code);
  if (!p) throw invalid(field, `${code} is not a period of form ${form.code} (${form.periodType}, ${form.startsOn} – ${form.endsOn})`);
  return p;
}

/** The latest unlock of the form's period for the unit (or for all units) in force on `today`. */
export function activeUnlock(ex: Executor, formId: number, unitId: number, period: string, today: string): Promise<string | null> {
  return latestUnlockUntil(ex, formId, unitId, period, today);
}

export async function periodState(ex: Executor, form: Form, unitId: number, code: string, today = clockToday()): Promise<PeriodState> {
  const period = scheduledPeriod(form, code);
  const pastLock = period.locksOn !== null && today >= period.locksOn;
  const unlockedUntil = pastLock ? await activeUnlock(ex, form.id, unitId, code, today) : null;
  return { period, locked: pastLock && unlockedUntil === null, unlockedUntil };
}

/**
 * Refuses work on a period that cannot take reports: 400 naming `period` when it is not in the
 * calendar or exempt, 423 `locked` when its lock date has passed and no admin unlock is in force.
 */
export async function assertPeriodOpen(ex: Executor, form: Form, unitId: number, code: string, today = clockToday()): Promise<PeriodState> {
  const state = await periodState(ex, form, unitId, code, today);
  if (state.period.exempt) throw invalid('period', `${code} is exempt on form ${form.code} (no report is due)`);
  if (state.locked) {
    throw new AppError('locked', `${code} of form ${form.code} locked on ${state.period.locksOn}; ask the office to unlock it / 报送期已锁定，请联系管理员解锁`, {
      period: code,
      locksOn: state.period.locksOn,
    });
  }
  return state;
}

export interface UnlockInput {
  formId: number;
  /** null unlocks the period for every unit of the form */
  unitId: number | null;
  period: string;
  /** last day (YYYY-MM-DD, Beijing time) the unlock is in force */
  until: string;
  reason: string;
}

/**
 * Unlocks a period of a form for one unit or all until a date (admin only — the caller checks
 * the role; audited as `period.unlock`). Returns the unlock row.
 */
export async function unlockPeriod(db: Db | Executor, actor: Actor, input: UnlockInput): Promise<UnlockRow> {
  return transaction(db, async (tx) => {
    const form = await getFormHead(tx, input.formId);
    scheduledPeriod(form, input.period);
    const today = clockToday();
    if (input.until < today) throw invalid('until', `must not be in the past (today is ${today})`);
    if (!input.reason.trim()) throw invalid('reason', 'give the reason for unlocking');
    if (input.unitId !== null && !(await isAssigned(tx, form.id, input.unitId))) throw invalid('unitId', `unit ${input.unitId} does not report form ${form.code}`);
    const out = await insertUnlock(tx, { formId: form.id, unitId: input.unitId, period: input.period, until: input.until, reason: input.reason.trim(), createdBy: actor.id });
    await recordAudit(tx, actor, { action: 'period.unlock', entity: 'form', entityId: form.id, after: out });
    return out;
  });
}

/** Every unlock of a form, newest first (for the office). */
export async function listUnlocks(db: Db | Executor, formId: number): Promise<UnlockRow[]> {
  const ex = 'kysely' in db ? db.kysely : db;
  await getFormHead(ex, formId);
  return listUnlockRows(ex, formId);
}
