import type { MessageKey, TFunction } from '../../i18n/index.tsx';

/** Due days of a reporting duty on the review form: one date per period, labelled, checked as the server checks them. */

export type PeriodType = 'M' | 'Q' | 'H' | 'Y';
export const TYPE_OF: Record<string, PeriodType | undefined> = { monthly: 'M', quarterly: 'Q', semiannual: 'H', annual: 'Y' };
export const PER_YEAR: Record<PeriodType, number> = { M: 12, Q: 4, H: 2, Y: 1 };
const MONTHS: Record<PeriodType, number> = { M: 1, Q: 3, H: 6, Y: 12 };

export function periodLabel(t: TFunction, type: PeriodType, i: number): string {
  if (type === 'M') return t('review.period.M', { n: i + 1 });
  if (type === 'Y') return t('review.period.Y');
  return t(`review.period.${type}${i + 1}` as MessageKey);
}

const day = (y: number, m: number, d: number) => new Date(Date.UTC(y, m - 1, d));

/**
 * Why a date cannot be the due date of the i-th period (null when it can): it must read MM-DD
 * and, placed in the year nearest the period's end, fall after that end.
 */
export function dueProblem(t: TFunction, type: PeriodType, i: number, mmdd: string): string | null {
  if (!mmdd) return null;
  if (!/^\d{2}-\d{2}$/.test(mmdd)) return t('review.due.badFormat');
  const [mo, da] = mmdd.split('-').map(Number);
  if (mo < 1 || mo > 12 || da < 1 || da > new Date(Date.UTC(2016, mo, 0)).getUTCDate()) return t('review.due.badFormat');
  const year = 2015;
  const end = day(year, i * MONTHS[type] + MONTHS[type] + 1, 0);
  const near = [year - 1, year, year + 1].map((y) => day(y, mo, da)).sort((a, b) => Math.abs(a.getTime() - end.getTime()) - Math.abs(b.getTime() - end.getTime()))[0];
  if (near.getTime() <= end.getTime()) return t('review.due.mustAfter', { label: periodLabel(t, type, i), end: end.toISOString().slice(5, 10) });
  return null;
}
