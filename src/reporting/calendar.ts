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
export type PeriodType = 'M' | 'Q' | 'H' | 'Y';

export interface Period {
  code: string;
  type: PeriodType;
  year: number;
  /** 1-based index within the year (month 1–12, quarter 1–4, half 1–2, 1 for the year) */
  index: number;
  /** first and last day, YYYY-MM-DD */
  start: string;
  end: string;
}

export type DueRule = { kind: 'offset'; days: number } | { kind: 'fixed'; dates: (string | null)[] };

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

const PER_YEAR: Record<PeriodType, number> = { M: 12, Q: 4, H: 2, Y: 1 };
const MONTHS: Record<PeriodType, number> = { M: 1, Q: 3, H: 6, Y: 12 };

const pad = (n: number, w = 2) => String(n).padStart(w, '0');
const iso = (d: Date) => d.toISOString().slice(0, 10);
const utc = (y: number, m: number, d: number) => new Date(Date.UTC(y, m - 1, d));

export function makePeriod(type: PeriodType, year: number, index: number): Period {
  if (!Number.isInteger(year) || year < 1900 || year > 2200) throw new RangeError(`year out of range: ${year}`);
  if (!Number.isInteger(index) || index < 1 || index > PER_YEAR[type]) throw new RangeError(`${type} index out of range: ${index}`);
  const firstMonth = (index - 1) * MONTHS[type] + 1;
  const lastMonth = firstMonth + MONTHS[type] - 1;
  const code = type === 'Y' ? `${year}` : type === 'M' ? `${year}M${pad(index)}` : `${year}${type}${index}`;
  return { code, type, year, index, start: iso(utc(year, firstMonth, 1)), end: iso(utc(year, lastMonth + 1, 0)) };
}

const CODE_RE = /^(\d{4})(?:M(0[1-9]|1[0-2])|Q([1-4])|H([12]))?$/;

/** Parses a period code; throws RangeError naming the code when it is not one. */
export function parsePeriod(code: string): Period {
  const m = CODE_RE.exec(code);
  if (!m) throw new RangeError(`not a period code: "${code}" (expected e.g. 2014M03, 2014Q1, 2014H1, 2014)`);
  const year = Number(m[1]);
  if (m[2]) return makePeriod('M', year, Number(m[2]));
  if (m[3]) return makePeriod('Q', year, Number(m[3]));
  if (m[4]) return makePeriod('H', year, Number(m[4]));
  return makePeriod('Y', year, 1);
}

export function isPeriodCode(code: string): boolean {
  return CODE_RE.test(code);
}

/** The period of the given type containing the day. */
export function periodOf(type: PeriodType, day: string): Period {
  const [y, m] = day.split('-').map(Number);
  return makePeriod(type, y, Math.floor((m - 1) / MONTHS[type]) + 1);
}

export function nextPeriod(p: Period): Period {
  return p.index < PER_YEAR[p.type] ? makePeriod(p.type, p.year, p.index + 1) : makePeriod(p.type, p.year + 1, 1);
}

/** Periods of a type from the one containing `from` to the one containing `to`, inclusive. */
export function periodsBetween(type: PeriodType, from: string, to: string): Period[] {
  const out: Period[] = [];
  const last = periodOf(type, to);
  for (let p = periodOf(type, from); p.start <= last.start; p = nextPeriod(p)) out.push(p);
  return out;
}

function addDays(day: string, n: number): string {
  const d = new Date(`${day}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + n);
  return iso(d);
}

function nearestFixed(mmdd: string, periodEnd: string): string {
  const [mo, da] = mmdd.split('-').map(Number);
  const end = new Date(`${periodEnd}T00:00:00Z`).getTime();
  const year = Number(periodEnd.slice(0, 4));
  const candidates = [year - 1, year, year + 1].map((y) => utc(y, mo, da));
  candidates.sort((a, b) => Math.abs(a.getTime() - end) - Math.abs(b.getTime() - end));
  return iso(candidates[0]);
}

/** The due date of a period under a rule; null when the rule gives this period no date (exempt). */
export function dueDate(p: Period, rule: DueRule): string | null {
  if (rule.kind === 'offset') return addDays(p.end, rule.days);
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
 * are exempt; with none, the default offset applies. `once` and `unspecified` have no calendar.
 */
export function scheduleForDuty(frequency: Frequency, due: string[]): Schedule | null {
  const type: PeriodType | null = frequency === 'monthly' ? 'M' : frequency === 'quarterly' ? 'Q' : frequency === 'semiannual' ? 'H' : frequency === 'annual' ? 'Y' : null;
  if (!type) return null;
  if (due.length === 0) return { type, due: { kind: 'offset', days: DEFAULT_OFFSET_DAYS }, graceDays: DEFAULT_GRACE_DAYS };
  const dates: (string | null)[] = Array.from({ length: PER_YEAR[type] }, (_, i) => due[i] ?? null);
  return { type, due: { kind: 'fixed', dates }, graceDays: DEFAULT_GRACE_DAYS };
}
