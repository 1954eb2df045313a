/** Period codes of one type (2014M03, 2014Q1, 2014) as ordinal numbers, and the moves the pivot page makes on them. */
export type PeriodType = 'M' | 'Q' | 'Y';

const PER_YEAR: Record<PeriodType, number> = { M: 12, Q: 4, Y: 1 };
/** How many periods the page shows by default. */
export const DEFAULT_SPAN: Record<PeriodType, number> = { M: 12, Q: 8, Y: 5 };
/** How far back the page looks for the latest period with data (the API takes at most 400 periods). */
export const PROBE_SPAN: Record<PeriodType, number> = { M: 400, Q: 160, Y: 40 };

export function periodTypeOf(code: string): PeriodType | null {
  if (/^\d{4}M\d{2}$/.test(code)) return 'M';
  if (/^\d{4}Q[1-4]$/.test(code)) return 'Q';
  if (/^\d{4}$/.test(code)) return 'Y';
  return null;
}

function ordinal(code: string): number {
  const type = periodTypeOf(code);
  if (!type) throw new Error(`not a period: ${code}`);
  const year = Number(code.slice(0, 4));
  const index = type === 'Y' ? 1 : Number(code.slice(5));
  return year * PER_YEAR[type] + index - 1;
}

function fromOrdinal(type: PeriodType, n: number): string {
  const year = Math.floor(n / PER_YEAR[type]);
  const index = (n % PER_YEAR[type]) + 1;
  if (type === 'M') return `${year}M${String(index).padStart(2, '0')}`;
  if (type === 'Q') return `${year}Q${index}`;
  return String(year);
}

/** The period of `type` containing `day`. */
export function periodOf(type: PeriodType, day: Date): string {
  const y = day.getUTCFullYear();
  const m = day.getUTCMonth();
  return fromOrdinal(type, y * PER_YEAR[type] + Math.floor((m * PER_YEAR[type]) / 12));
}

/** The code `n` periods after `code` (before when negative). */
export function shiftPeriod(code: string, n: number): string {
  return fromOrdinal(periodTypeOf(code)!, ordinal(code) + n);
}

/** Every period from `from` to `to` inclusive, oldest first. */
export function periodsBetween(from: string, to: string): string[] {
  const type = periodTypeOf(from)!;
  const out: string[] = [];
  for (let n = ordinal(from), end = ordinal(to); n <= end; n++) out.push(fromOrdinal(type, n));
  return out;
}

/** The division one level up: 632221 → 6322 → 63 → '' (the country). */
export function parentCode(code: string): string {
  if (code.length === 12) return code.slice(0, 9);
  if (code.length === 9) return code.slice(0, 6);
  if (code.length === 6) return code.slice(0, 4);
  if (code.length === 4) return code.slice(0, 2);
  return '';
}
