/**
 * Which reports deserve a reminder today (pure: no database, no clock). A report is owed by a unit
 * assigned to a form for each period of the form's calendar that has a due date:
 * - `before_due`: due within the next `daysBefore` days (today included) and not yet submitted;
 * - `overdue`: the due date has passed, the period has not locked yet (after locking the unit
 *   cannot submit without an admin unlock, so nagging it would be noise), and not submitted.
 */
import { addDays } from '../../kernel/day.ts';
import { buildCalendar, type DueRule, type PeriodType } from '../calendar.ts';

// The Beijing day of an instant: the kernel's, re-exported for the reminder modules.
export { chinaDay } from '../../kernel/day.ts';

export interface FormSchedule {
  formId: number;
  periodType: PeriodType;
  dueRule: DueRule;
  graceDays: number;
  exempt: string[];
  startsOn: string;
  endsOn: string;
  unitIds: number[];
}

export interface DueReminder {
  formId: number;
  unitId: number;
  period: string;
  kind: 'before_due' | 'overdue';
  dueOn: string;
}


/**
 * `done(formId, unitId, period)` says whether the report is already submitted or approved.
 * Returned reminders are candidates; the caller still relies on the unique index for idempotency.
 */
export function dueReminders(
  forms: FormSchedule[],
  today: string,
  daysBefore: number,
  done: (formId: number, unitId: number, period: string) => boolean,
): DueReminder[] {
  const horizon = addDays(today, daysBefore);
  const out: DueReminder[] = [];
  for (const f of forms) {
    // only periods whose due date can be near today: from a year before to `horizon`
    const from = f.startsOn > addDays(today, -400) ? f.startsOn : addDays(today, -400);
    const to = f.endsOn < horizon ? f.endsOn : horizon;
    if (from > to) continue;
    const calendar = buildCalendar({ type: f.periodType, due: f.dueRule, graceDays: f.graceDays, exempt: f.exempt }, from, to);
    for (const p of calendar) {
      if (!p.dueOn || !p.locksOn) continue;
      let kind: DueReminder['kind'] | null = null;
      if (p.dueOn >= today && p.dueOn <= horizon) kind = 'before_due';
      else if (p.dueOn < today && today <= p.locksOn) kind = 'overdue';
      if (!kind) continue;
      for (const unitId of f.unitIds) {
        if (!done(f.formId, unitId, p.code)) out.push({ formId: f.formId, unitId, period: p.code, kind, dueOn: p.dueOn });
      }
    }
  }
  return out;
}
