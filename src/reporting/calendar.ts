/**
 * Reporting calendars: periods with ISO-style codes and the due date of each.
 *
 * Period codes: `2014M03` (month), `2014Q1` (quarter), `2014H1` (half-year), `2014` (year).
 * Due rules, as plans and statistical systems write them:
 * - `offset`: N days after the period ends ("月后10日前", "季后7日");
 * - `fixed`: one MM-DD per period of the year ("4月8日、7月8日、10月8日前" for Q1–Q3). A period
 *   without a date of its own is exempt — the usual case being Q4, replaced by the year-end report.
 *   Each date belongs to the year that puts it nearest the period's end, so "12月18日" for the
 *   year is that December, and "1月10日" for Q4 is the next January.
 */
import { addDays, dayOf } from '../kernel/day.ts';
import { PER_YEAR, type Period, type PeriodType, periodsBetween } from '../kernel/period.ts';

// Period codes live in the kernel; re-exported for the reporting modules that read them here.
export { isPeriodCode, makePeriod, nextPeriod, parsePeriod, type Period, periodOf, periodsBetween, type PeriodType } from '../kernel/period.ts';

/**
 * `dayOfNextPeriod`: day N of the month after the period ends ("每月5日前" → the 5th of the next
 * month; for a quarter, the 5th of the month after it), clamped to that month's last day.
 */
export type DueRule = { kind: 'offset'; days: number } | { kind: 'fixed'; dates: (string | null)[] } | { kind: 'dayOfNextPeriod'; day: number };

export interface Schedule {
  type: PeriodType;
  due: DueRule;
  /** days after the due date until the period locks (admin unlock only) */
  graceDays: number;
  /** period codes explicitly exempt */
  exempt?: string[];
}

export interface ScheduledPeriod extends Period {
  /** null when exempt */
  dueOn: string | null;
  locksOn: string | null;
  exempt: boolean;
}

function nearestFixed(mmdd: string, periodEnd: string): string {
  const [mo, da] = mmdd.split('-').map(Number);
  const end = new Date(`${periodEnd}T00:00:00Z`).getTime();
  const year = Number(periodEnd.slice(0, 4));
  const candidates = [year - 1, year, year + 1].map((y) => dayOf(y, mo, da));
  const dist = (d: string) => Math.abs(Date.parse(`${d}T00:00:00Z`) - end);
  candidates.sort((a, b) => dist(a) - dist(b));
  return candidates[0];
}

/** The due date of a period under a rule; null when the rule gives this period no date (exempt). */
export function dueDate(p: Period, rule: DueRule): string | null {
  if (rule.kind === 'offset') return addDays(p.end, rule.days);
  if (rule.kind === 'dayOfNextPeriod') {
    const [y, m] = p.end.split('-').map(Number);
    const last = Number(dayOf(y, m + 2, 0).slice(8));
    return dayOf(y, m + 1, Math.min(rule.day, last));
  }
  const mmdd = rule.dates[p.index - 1];
  if (!mmdd) return null;
  if (!/^\d{2}-\d{2}$/.test(mmdd)) throw new RangeError(`due date must be MM-DD, got "${mmdd}"`);
  return nearestFixed(mmdd, p.end);
}

/** The calendar of a schedule over a span of days. */
export function buildCalendar(s: Schedule, from: string, to: string): ScheduledPeriod[] {
  const exempt = new Set(s.exempt ?? []);
  return periodsBetween(s.type, from, to).map((p) => {
    const due = exempt.has(p.code) ? null : dueDate(p, s.due);
    return { ...p, dueOn: due, locksOn: due ? addDays(due, s.graceDays) : null, exempt: due === null };
  });
}

export type Frequency = 'monthly' | 'quarterly' | 'semiannual' | 'annual' | 'once' | 'unspecified';

/** Days after period end assumed when a plan says how often but not by when (documented default). */
export const DEFAULT_OFFSET_DAYS = 10;
export const DEFAULT_GRACE_DAYS = 15;

/**
 * Turns an extracted reporting duty (frequency + due MM-DD list) into a schedule. A duty with as
 * many dates as periods per year gets one each; with fewer (3 quarterly dates) the trailing periods
 * are exempt; with none, the default offset applies. A rule (offset or day of the next period)
 * given by the reviewer wins over dates. `once` and `unspecified` have no calendar.
 */
export function scheduleForDuty(frequency: Frequency, due: (string | null)[], rule?: DueRule | null): Schedule | null {
  const type: PeriodType | null = frequency === 'monthly' ? 'M' : frequency === 'quarterly' ? 'Q' : frequency === 'semiannual' ? 'H' : frequency === 'annual' ? 'Y' : null;
  if (!type) return null;
  if (rule && rule.kind !== 'fixed') return { type, due: rule, graceDays: DEFAULT_GRACE_DAYS };
  if (!due.some((d) => d)) return { type, due: { kind: 'offset', days: DEFAULT_OFFSET_DAYS }, graceDays: DEFAULT_GRACE_DAYS };
  const dates: (string | null)[] = Array.from({ length: PER_YEAR[type] }, (_, i) => due[i] ?? null);
  return { type, due: { kind: 'fixed', dates }, graceDays: DEFAULT_GRACE_DAYS };
}
