/**
 * Deadline lights (红黄绿灯) for tasks and milestones, as Chinese supervision (督查督办) practice
 * uses them: a red light for work past its time limit (逾期未完成), a yellow light for work close to
 * its time limit or behind its schedule (临期 / 进度滞后), green otherwise (按期推进).
 *
 * Rules, first match wins:
 *  1. done (latest progress status done, or 100%)                  → green, state 'done' (已完成)
 *  2. past the due day and not done                                 → red 'overdue' (逾期)
 *  3. no due date: reported behind/blocked → yellow 'behind', else green 'no_deadline'
 *  4. due within `warnDays` days (0 … N days left) and not done     → yellow 'due_soon' (临期)
 *  5. behind plan: reported percent below the planned percent, the elapsed share of start → due
 *     (a unit reporting 40% at the half-way point is behind), or reported status behind/blocked
 *                                                                    → yellow 'behind' (滞后)
 *  6. otherwise                                                      → green 'on_time' (按期推进)
 * The due day itself is still "in time" (0 days left → yellow); the day after is red. N comes from
 * LUOSHI_DEADLINE_WARN_DAYS (default 15).
 */
import { endDateOf } from './trajectory.ts';

export type Light = 'green' | 'yellow' | 'red';
export type LightState = 'done' | 'on_time' | 'due_soon' | 'behind' | 'overdue' | 'no_deadline';
export type ReportedStatus = 'not_started' | 'in_progress' | 'done' | 'behind' | 'blocked';

export const LIGHT_LABELS: Record<LightState, { zh: string; en: string }> = {
  done: { zh: '已完成', en: 'done' },
  on_time: { zh: '按期推进', en: 'on time' },
  due_soon: { zh: '临期未完成', en: 'due soon, not done' },
  behind: { zh: '进度滞后', en: 'behind schedule' },
  overdue: { zh: '逾期未完成', en: 'overdue' },
  no_deadline: { zh: '未设时限', en: 'no deadline' },
};

export const DEADLINE_LIGHTS_METHOD =
  '红灯：超过完成时限仍未完成；黄灯：距完成时限不足 N 天且未完成，或报送进度低于计划进度（开始至时限已过时间占比），或报送“滞后/受阻”；' +
  '绿灯：按期推进或已完成。完成时限当日仍为黄灯，次日起为红灯。';

export interface LightInput {
  /** due date: YYYY-MM-DD, YYYY-MM, YYYY or a period code (its last day) */
  due: string | null;
  /** when the work started (for the planned percent); null: no schedule check */
  start?: string | null;
  /** YYYY-MM-DD */
  today: string;
  warnDays: number;
  progress?: { status: ReportedStatus; percent: number | null } | null;
}

export interface LightResult {
  light: Light;
  state: LightState;
  label: { zh: string; en: string };
  dueOn: string | null;
  /** days from today to the due day (0 on the day, negative when overdue) */
  daysLeft: number | null;
  plannedPercent: number | null;
  reportedPercent: number | null;
  done: boolean;
}

const dayNumber = (d: string): number => Date.parse(`${d}T00:00:00Z`) / 86_400_000;

export function deadlineLight(input: LightInput): LightResult {
  const dueOn = input.due ? endDateOf(input.due) : null;
  const startOn = input.start ? endDateOfStart(input.start) : null;
  const daysLeft = dueOn ? dayNumber(dueOn) - dayNumber(input.today) : null;
  const reported = input.progress ?? null;
  const reportedPercent = reported?.percent ?? null;
  const done = reported?.status === 'done' || (reportedPercent !== null && reportedPercent >= 100);
  let plannedPercent: number | null = null;
  if (dueOn && startOn && dayNumber(dueOn) > dayNumber(startOn)) {
    const share = (dayNumber(input.today) - dayNumber(startOn)) / (dayNumber(dueOn) - dayNumber(startOn));
    plannedPercent = Math.round(Math.min(Math.max(share, 0), 1) * 1000) / 10;
  }
  const out = (light: Light, state: LightState): LightResult => ({ light, state, label: LIGHT_LABELS[state], dueOn, daysLeft, plannedPercent, reportedPercent, done });
  const reportedBehind = reported?.status === 'behind' || reported?.status === 'blocked';

  if (done) return out('green', 'done');
  if (daysLeft !== null && daysLeft < 0) return out('red', 'overdue');
  if (daysLeft === null) return reportedBehind ? out('yellow', 'behind') : out('green', 'no_deadline');
  if (daysLeft <= input.warnDays) return out('yellow', 'due_soon');
  if (reportedBehind) return out('yellow', 'behind');
  if (plannedPercent !== null && reportedPercent !== null && reportedPercent < plannedPercent) return out('yellow', 'behind');
  return out('green', 'on_time');
}

/** A start given as a year or month means its first day (a plan period starting 2014 starts 2014-01-01). */
function endDateOfStart(s: string): string {
  if (/^\d{4}$/.test(s)) return `${s}-01-01`;
  if (/^\d{4}-\d{2}$/.test(s)) return `${s}-01`;
  return endDateOf(s);
}
