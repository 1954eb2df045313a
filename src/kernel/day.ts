/**
 * Days as the plans and reports count them: Beijing calendar days (UTC+8, no daylight saving),
 * written YYYY-MM-DD. An instant belongs to the Beijing day it falls in, so a report submitted at
 * 07:30 Beijing time on 10 July is submitted on 2014-07-10, not on the UTC day before.
 */

const BEIJING_OFFSET_MS = 8 * 3_600_000;
const DAY_MS = 86_400_000;
const DAY_RE = /^\d{4}-\d{2}-\d{2}$/;

/** The Beijing day of an instant (Date, ISO string with offset, or epoch ms). */
export function chinaDay(instant: Date | string | number): string {
  const t = instant instanceof Date ? instant.getTime() : typeof instant === 'number' ? instant : Date.parse(instant);
  if (Number.isNaN(t)) throw new RangeError(`not an instant: ${String(instant)}`);
  return new Date(t + BEIJING_OFFSET_MS).toISOString().slice(0, 10);
}

/** True when the string is a real calendar day YYYY-MM-DD (2014-02-30 is not). */
export function isDay(v: string): boolean {
  if (!DAY_RE.test(v)) return false;
  const t = Date.parse(`${v}T00:00:00Z`);
  return !Number.isNaN(t) && new Date(t).toISOString().slice(0, 10) === v;
}

/** The day `n` days after `day` (negative: before). Calendar arithmetic, no time zone involved. */
export function addDays(day: string, n: number): string {
  return new Date(Date.parse(`${day}T00:00:00Z`) + n * DAY_MS).toISOString().slice(0, 10);
}

/** Whole days from `b` to `a` (positive when a is later). */
export function dayDiff(a: string, b: string): number {
  return Math.round((Date.parse(`${a}T00:00:00Z`) - Date.parse(`${b}T00:00:00Z`)) / DAY_MS);
}

/** The day of a UTC calendar date (year, 1-based month, day; day 0 = the last of the month before). */
export function dayOf(year: number, month: number, day: number): string {
  return new Date(Date.UTC(year, month - 1, day)).toISOString().slice(0, 10);
}

/** The first instant of a Beijing day (00:00 +08:00). */
export function startOfChinaDay(day: string): Date {
  return new Date(Date.parse(`${day}T00:00:00Z`) - BEIJING_OFFSET_MS);
}

/**
 * The first instant after a Beijing day ends: a thing happened "by the end of `day`" when its
 * timestamp is strictly before this.
 */
export function endOfChinaDay(day: string): Date {
  return startOfChinaDay(addDays(day, 1));
}

/** The Beijing calendar year of an instant. */
export function chinaYear(instant: Date | string | number): number {
  return Number(chinaDay(instant).slice(0, 4));
}

/**
 * The calendar date a Date object carries at UTC midnight — a `date` column as a driver reads it,
 * or a date cell of a workbook. Not for instants: use chinaDay for those.
 */
export function calendarDateOf(d: Date): string {
  return d.toISOString().slice(0, 10);
}
