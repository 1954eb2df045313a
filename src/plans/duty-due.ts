import { dueDate, makePeriod, type PeriodType } from '../reporting/calendar.ts';
import type { FieldProblem } from '../platform/errors.ts';
import type { DutyDueRule } from './plan-item.schemas.ts';

/**
 * A reporting duty's due dates as the office reviews them: one date per period of the year (by
 * position), or a rule. A date must fall after the end of the period it is for — "3月20日" given
 * for the first quarter is a mistake, not a deadline.
 */

export const PERIOD_TYPE_OF: Record<string, PeriodType | null> = {
  monthly: 'M',
  quarterly: 'Q',
  semiannual: 'H',
  annual: 'Y',
  once: null,
  unspecified: null,
};

const PER_YEAR: Record<PeriodType, number> = { M: 12, Q: 4, H: 2, Y: 1 };
const QUARTERS = ['第一季度', '第二季度', '第三季度', '第四季度'];

/** The label of the i-th period (0-based) of a year, as the review form shows it. */
export function periodLabel(type: PeriodType, i: number): string {
  if (type === 'M') return `${i + 1}月`;
  if (type === 'Q') return QUARTERS[i];
  if (type === 'H') return i === 0 ? '上半年' : '下半年';
  return '全年';
}

// A common year: the check is about the position of a date, and 02-29 still resolves (to 03-01).
const SAMPLE_YEAR = 2015;

/**
 * The dates of `due` that do not fall after their period ends; with `before`, only dates that
 * changed are checked (a date the document states is flagged by the checklist, not refused).
 */
export function dueDateProblems(frequency: string, due: (string | null)[], before?: (string | null)[]): FieldProblem[] {
  const type = PERIOD_TYPE_OF[frequency] ?? null;
  if (!type) return [];
  const problems: FieldProblem[] = [];
  if (due.length > PER_YEAR[type]) {
    problems.push({ field: 'data.due', reason: `a ${frequency} duty has ${PER_YEAR[type]} period(s) a year, got ${due.length} dates` });
    return problems;
  }
  due.forEach((mmdd, i) => {
    if (!mmdd || (before && before[i] === mmdd)) return;
    const period = makePeriod(type, SAMPLE_YEAR, i + 1);
    const dates = Array.from({ length: PER_YEAR[type] }, (_, j) => (j === i ? mmdd : null));
    const day = dueDate(period, { kind: 'fixed', dates });
    if (day !== null && day <= period.end) {
      problems.push({
        field: `data.due.${i}`,
        reason: `${periodLabel(type, i)}报送截止 ${mmdd} 不在该期结束（${period.end.slice(5)}）之后 / the due date must be after the period ends`,
      });
    }
  });
  return problems;
}

/** Dates that fall on or before their period's end (the checklist's doubtful dates), by position. */
export function earlyDueDates(frequency: string, due: (string | null)[]): { index: number; mmdd: string; label: string }[] {
  const type = PERIOD_TYPE_OF[frequency] ?? null;
  if (!type) return [];
  return dueDateProblems(frequency, due.slice(0, PER_YEAR[type]))
    .map((p) => Number(p.field.split('.')[2]))
    .map((index) => ({ index, mmdd: due[index] as string, label: periodLabel(type, index) }));
}

export interface DutyData {
  frequency: string;
  due: (string | null)[];
  dueRule: DutyDueRule | null;
}

/** The duty fields of a reporting item's data, tolerant of what older imports stored. */
export function dutyOf(data: Record<string, unknown>): DutyData {
  const due = Array.isArray(data.due) ? (data.due as unknown[]).map((d) => (typeof d === 'string' ? d : null)) : [];
  const rule = data.dueRule && typeof data.dueRule === 'object' ? (data.dueRule as DutyDueRule) : null;
  return { frequency: typeof data.frequency === 'string' ? data.frequency : 'unspecified', due, dueRule: rule };
}

/** Whether the duty says when it is due: dates for some period, or a rule. */
export function hasDueDay(d: DutyData): boolean {
  return d.dueRule !== null || d.due.some((x) => x !== null);
}
