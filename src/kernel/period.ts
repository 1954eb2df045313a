/**
 * Period codes: `2014M03` (month), `2014Q1` (quarter), `2014H1` (half-year), `2014` (year), with
 * their first and last day. Pure calendar arithmetic: due rules and schedules stay in
 * reporting/calendar.ts.
 */
import { dayOf } from './day.ts';

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

export const PER_YEAR: Record<PeriodType, number> = { M: 12, Q: 4, H: 2, Y: 1 };
export const MONTHS_IN: Record<PeriodType, number> = { M: 1, Q: 3, H: 6, Y: 12 };

const pad = (n: number, w = 2) => String(n).padStart(w, '0');

export function makePeriod(type: PeriodType, year: number, index: number): Period {
  if (!Number.isInteger(year) || year < 1900 || year > 2200) throw new RangeError(`year out of range: ${year}`);
  if (!Number.isInteger(index) || index < 1 || index > PER_YEAR[type]) throw new RangeError(`${type} index out of range: ${index}`);
  const firstMonth = (index - 1) * MONTHS_IN[type] + 1;
  const lastMonth = firstMonth + MONTHS_IN[type] - 1;
  const code = type === 'Y' ? `${year}` : type === 'M' ? `${year}M${pad(index)}` : `${year}${type}${index}`;
  return { code, type, year, index, start: dayOf(year, firstMonth, 1), end: dayOf(year, lastMonth + 1, 0) };
}

export const PERIOD_CODE_RE = /^(\d{4})(?:M(0[1-9]|1[0-2])|Q([1-4])|H([12]))?$/;

/** Parses a period code; throws RangeError naming the code when it is not one. */
export function parsePeriod(code: string): Period {
  const m = PERIOD_CODE_RE.exec(code);
  if (!m) throw new RangeError(`not a period code: "${code}" (expected e.g. 2014M03, 2014Q1, 2014H1, 2014)`);
  const year = Number(m[1]);
  if (m[2]) return makePeriod('M', year, Number(m[2]));
  if (m[3]) return makePeriod('Q', year, Number(m[3]));
  if (m[4]) return makePeriod('H', year, Number(m[4]));
  return makePeriod('Y', year, 1);
}

export function isPeriodCode(code: string): boolean {
  return PERIOD_CODE_RE.test(code);
}

/** The period of the given type containing the day (YYYY-MM-DD). */
export function periodOf(type: PeriodType, day: string): Period {
  const [y, m] = day.split('-').map(Number);
  return makePeriod(type, y, Math.floor((m - 1) / MONTHS_IN[type]) + 1);
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

/** True when period `inner` lies within `outer` (a month within its quarter; a period within itself). */
export function periodWithin(inner: string, outer: { start: string; end: string }): boolean {
  if (!isPeriodCode(inner)) return false;
  const p = parsePeriod(inner);
  return p.start >= outer.start && p.end <= outer.end;
}

const CN_QUARTER = ['一', '二', '三', '四'];

/** "2014年第二季度", "2014年上半年", "2014年3月", "2014年"; anything else as given. */
export function periodLabel(code: string): string {
  const m = PERIOD_CODE_RE.exec(code);
  if (!m) return code;
  if (m[2]) return `${m[1]}年${Number(m[2])}月`;
  if (m[3]) return `${m[1]}年第${CN_QUARTER[Number(m[3]) - 1]}季度`;
  if (m[4]) return `${m[1]}年${m[4] === '1' ? '上' : '下'}半年`;
  return `${m[1]}年`;
}

/** "2014 Q2", "2014 H1", "2014-03", "2014". */
export function periodLabelEn(code: string): string {
  const m = PERIOD_CODE_RE.exec(code);
  if (!m) return code;
  if (m[2]) return `${m[1]}-${m[2]}`;
  if (m[3]) return `${m[1]} Q${m[3]}`;
  if (m[4]) return `${m[1]} H${m[4]}`;
  return m[1];
}
