/**
 * The reporting rates, defined once. The completeness API, the dashboards and the briefing all
 * count with these functions and print these definitions, so the same quarter shows the same
 * number everywhere.
 *
 * A report is owed as of a day when its due date is on or before that day (the end of the as-of
 * day in Beijing) and its period is one the form existed for (see completeness.service.ts).
 */

export interface RateDefinition {
  /** the field name used by the APIs */
  key: 'onTimeRate' | 'submittedRate';
  label: { zh: string; en: string };
  definition: { zh: string; en: string };
}

export const ON_TIME_RATE: RateDefinition = {
  key: 'onTimeRate',
  label: { zh: '按时报送率', en: 'On-time rate' },
  definition: {
    zh: '按时报送率 = 首次报送日不晚于报送期限的报表份数 ÷ 报送期限不晚于统计日的应报报表份数',
    en: 'on-time rate = reports first submitted on or before their due date ÷ reports owed whose due date is on or before the as-of day',
  },
};

export const SUBMITTED_RATE: RateDefinition = {
  key: 'submittedRate',
  label: { zh: '报送率', en: 'Completeness' },
  definition: {
    zh: '报送率 = 统计日前已报送的报表份数 ÷ 报送期限不晚于统计日的应报报表份数',
    en: 'completeness = reports submitted by the as-of day ÷ reports owed whose due date is on or before the as-of day',
  },
};

export const RATE_DEFINITIONS = { onTimeRate: ON_TIME_RATE, submittedRate: SUBMITTED_RATE } as const;

/** A share as a fraction rounded to 4 decimals (0.7143); null when nothing is owed. */
export function fraction(n: number, owed: number): number | null {
  return owed === 0 ? null : Math.round((n / owed) * 10_000) / 10_000;
}

/** The same share in percent (fraction × 100: 71.43); null when nothing is owed. */
export function percent(n: number, owed: number): number | null {
  return owed === 0 ? null : Math.round((n / owed) * 10_000) / 100;
}

export interface ReportCounts {
  /** reports owed (due on or before the as-of day) */
  expected: number;
  submitted: number;
  onTime: number;
  late: number;
  missing: number;
}

/** Both rates of a set of counts, as fractions. */
export function ratesOf(c: ReportCounts): { submittedRate: number | null; onTimeRate: number | null } {
  return { submittedRate: fraction(c.submitted, c.expected), onTimeRate: fraction(c.onTime, c.expected) };
}
