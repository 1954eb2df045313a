import type { Executor } from '../platform/db/database.ts';
import { buildCalendar, type DueRule, type Frequency, type ScheduledPeriod, scheduleForDuty } from './calendar.ts';

export interface DutyCalendar {
  dutyId: number;
  what: string;
  frequency: string;
  reporter: string | null;
  periods: ScheduledPeriod[];
}

export interface PlanSpan {
  issuedOn: string | null;
  periodStart: number | null;
  periodEnd: number | null;
}

/**
 * The span a plan's reporting covers: from its issue date (or the first year of its period) to the
 * end of its last year. A plan without dates gets its issue year only.
 */
export function reportingSpan(plan: PlanSpan): { from: string; to: string } | null {
  const startYear = plan.periodStart ?? (plan.issuedOn ? Number(plan.issuedOn.slice(0, 4)) : null);
  if (!startYear) return null;
  const from = plan.issuedOn && Number(plan.issuedOn.slice(0, 4)) === startYear ? normaliseDay(plan.issuedOn) : `${startYear}-01-01`;
  const to = `${Math.max(plan.periodEnd ?? startYear, startYear)}-12-31`;
  return { from, to };
}

function normaliseDay(d: string): string {
  return d.length === 4 ? `${d}-01-01` : d.length === 7 ? `${d}-01` : d;
}

/**
 * Creates the schedules of a plan's reporting duties (called by plan activation, in its
 * transaction). Duties without a frequency ("定期") or one-off reports get no calendar.
 */
export async function createDutiesForPlan(
  tx: Executor,
  planId: number,
  span: { from: string; to: string } | null,
  duties: { itemId: number; what: string; frequency: Frequency; due: (string | null)[]; dueRule?: DueRule | null; by: string | null }[],
): Promise<number> {
  if (!span) return 0;
  let n = 0;
  for (const d of duties) {
    const s = scheduleForDuty(d.frequency, d.due, d.dueRule);
    if (!s) continue;
    await tx
      .insertInto('reporting_duties')
      .values({
        plan_id: planId,
        item_id: d.itemId,
        what: d.what,
        frequency: d.frequency as 'monthly' | 'quarterly' | 'semiannual' | 'annual',
        period_type: s.type,
        due_rule: JSON.stringify(s.due),
        grace_days: s.graceDays,
        starts_on: span.from,
        ends_on: span.to,
        reporter_text: d.by,
      })
      .execute();
    n++;
  }
  return n;
}

/** Every duty of a plan with its periods and due dates. */
export async function planCalendar(ex: Executor, planId: number): Promise<DutyCalendar[]> {
  const rows = await ex.selectFrom('reporting_duties').selectAll().where('plan_id', '=', planId).orderBy('id').execute();
  return rows.map((r) => ({
    dutyId: r.id,
    what: r.what,
    frequency: r.frequency,
    reporter: r.reporter_text,
    periods: buildCalendar({ type: r.period_type, due: r.due_rule, graceDays: r.grace_days, exempt: r.exempt }, r.starts_on, r.ends_on),
  }));
}
