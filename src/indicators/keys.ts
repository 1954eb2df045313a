/**
 * Compact keys for the value store. A division code (2/4/6/9/12 digits, hierarchical by prefix)
 * becomes its code padded to 12 digits as a number; the country is 0. A period becomes the month
 * index of its last month (year × 12 + month − 1), so a quarter's months are a contiguous range.
 */
import { parsePeriod, type Period } from '../kernel/period.ts';

export const COUNTRY_KEY = 0;
const LEVEL_DIGITS = [0, 2, 4, 6, 9, 12] as const;

export function divisionKey(code: string): number {
  if (code === '' || code === '0') return COUNTRY_KEY;
  if (!/^\d+$/.test(code) || !LEVEL_DIGITS.includes(code.length as 2)) throw new RangeError(`not a division code: "${code}"`);
  return Number(code.padEnd(12, '0'));
}

export function levelOfCode(code: string): number {
  return code === '' || code === '0' ? 0 : LEVEL_DIGITS.indexOf(code.length as 2);
}

/** The code of a key at a level (0 → '', 1 → 2 digits, … 5 → 12 digits). */
export function codeOfKey(key: number, level: number): string {
  if (level === 0) return '';
  return String(key).padStart(12, '0').slice(0, LEVEL_DIGITS[level]);
}

/** Keys of a division and all its ancestors up to the country, lowest first. */
export function ancestorKeys(code: string): number[] {
  const level = levelOfCode(code);
  const out: number[] = [];
  for (let l = level; l >= 0; l--) out.push(l === 0 ? COUNTRY_KEY : divisionKey(code.slice(0, LEVEL_DIGITS[l])));
  return out;
}

export const monthIndex = (year: number, month: number): number => year * 12 + month - 1;

/** The month index of a period's last month. */
export function periodMonth(p: string | Period): number {
  const period = typeof p === 'string' ? parsePeriod(p) : p;
  const [y, m] = period.end.split('-').map(Number);
  return monthIndex(y, m);
}

/** The first and last month index a period covers. */
export function periodMonthRange(p: string | Period): [number, number] {
  const period = typeof p === 'string' ? parsePeriod(p) : p;
  const [y1, m1] = period.start.split('-').map(Number);
  return [monthIndex(y1, m1), periodMonth(period)];
}

export function monthCode(index: number): string {
  const y = Math.floor(index / 12);
  return `${y}M${String((index % 12) + 1).padStart(2, '0')}`;
}
