import type { Db, Executor } from '../platform/db/database.ts';
import { notFound } from '../platform/errors.ts';
import { planTargets } from '../indicators/target-links.service.ts';
import { dutyOf, earlyDueDates, hasDueDay, PERIOD_TYPE_OF } from './duty-due.ts';
import { findPlan, listItems, type Plan, type PlanItem } from './plan.repository.ts';

/**
 * What stands between a reviewed draft and tracking, listed before activation instead of
 * discovered after it. A blocking entry would make activation create a wrong or missing calendar
 * (activation refuses); a warning is something the office should have looked at (activation
 * proceeds, and the audit entry records the warnings it went ahead with).
 */

export type ChecklistCode =
  | 'no_period'
  | 'duty_no_frequency'
  | 'pending_items'
  | 'proposed_units'
  | 'duty_no_due'
  | 'duty_due_before_end'
  | 'target_no_indicator'
  | 'no_period_end';

export interface ChecklistEntry {
  code: ChecklistCode;
  severity: 'blocking' | 'warning';
  message: string;
  itemIds: number[];
  unitIds: number[];
  /** a value the office will probably want (the last deadline year for a missing period end) */
  suggestion: { periodEnd?: number } | null;
}

export interface Checklist {
  planId: number;
  version: number;
  /** no blocking entry */
  ready: boolean;
  entries: ChecklistEntry[];
}

const live = (items: PlanItem[]) => items.filter((i) => i.reviewStatus !== 'deleted');

/** The last year a target, milestone or investment of the plan names: a likely end of its period. */
function lastDeadlineYear(items: PlanItem[]): number | null {
  let year: number | null = null;
  for (const i of live(items)) {
    const v = i.kind === 'target' ? i.data.deadline : i.kind === 'milestone' ? i.data.due : i.kind === 'investment' ? i.data.year : null;
    const y = typeof v === 'number' ? v : typeof v === 'string' ? Number(v.slice(0, 4)) : NaN;
    if (Number.isInteger(y) && y >= 1900 && y <= 2200) year = Math.max(year ?? y, y);
  }
  return year;
}

/** The checklist of a plan from its metadata, items and which targets have an indicator link. */
export function checklistOf(plan: Plan, items: PlanItem[], linkedTargetIds: Set<number>): Checklist {
  const entries: ChecklistEntry[] = [];
  const add = (code: ChecklistCode, severity: ChecklistEntry['severity'], message: string, itemIds: number[] = [], unitIds: number[] = [], suggestion: ChecklistEntry['suggestion'] = null) =>
    entries.push({ code, severity, message, itemIds, unitIds, suggestion });
  const duties = live(items).filter((i) => i.kind === 'reporting');
  const periodic = duties.filter((d) => PERIOD_TYPE_OF[dutyOf(d.data).frequency]);

  if (periodic.length && plan.periodStart === null && !plan.issuedOn) {
    add('no_period', 'blocking', '方案没有实施期限，也没有发文日期，报送日历无从建立 / the plan has no period and no issue date: no calendar can be built', periodic.map((d) => d.id));
  }
  const noFrequency = duties.filter((d) => dutyOf(d.data).frequency === 'unspecified');
  if (noFrequency.length) {
    add('duty_no_frequency', 'blocking', `${noFrequency.length} 项报送要求未明确频次（如“定期”），启用后不会产生报送日历；请指定频次或删除 / ${noFrequency.length} duties have no frequency and would create no calendar`, noFrequency.map((d) => d.id));
  }
  const pending = items.filter((i) => i.reviewStatus === 'pending');
  if (pending.length) add('pending_items', 'warning', `${pending.length} 个条目尚未审核，启用时将视为接受 / ${pending.length} items are still pending and will be taken as accepted`, pending.map((i) => i.id));

  const proposed = new Map<number, number[]>();
  for (const i of live(items)) for (const u of i.units) if (u.unitId !== null && u.unitStatus === 'proposed') proposed.set(u.unitId, [...(proposed.get(u.unitId) ?? []), i.id]);
  if (proposed.size) {
    add('proposed_units', 'warning', `${proposed.size} 个单位为导入时新建的待确认单位，请确认或合并到已有单位 / ${proposed.size} units are proposals to confirm or merge`, [...new Set([...proposed.values()].flat())], [...proposed.keys()]);
  }
  const noDue = periodic.filter((d) => !hasDueDay(dutyOf(d.data)));
  if (noDue.length) add('duty_no_due', 'warning', `${noDue.length} 项报送要求没有截止日，将按每期结束后 10 日计 / ${noDue.length} duties have no due day: 10 days after each period is assumed`, noDue.map((d) => d.id));
  const early = periodic.filter((d) => !dutyOf(d.data).dueRule && earlyDueDates(dutyOf(d.data).frequency, dutyOf(d.data).due).length > 0);
  if (early.length) {
    const what = early.flatMap((d) => earlyDueDates(dutyOf(d.data).frequency, dutyOf(d.data).due).map((e) => `${e.label} ${e.mmdd}`)).join('、');
    add('duty_due_before_end', 'warning', `截止日早于该期结束：${what}，请核对 / due dates before their period ends: ${what}`, early.map((d) => d.id));
  }
  const unlinked = live(items).filter((i) => i.kind === 'target' && !linkedTargetIds.has(i.id));
  if (unlinked.length) add('target_no_indicator', 'warning', `${unlinked.length} 个目标未关联监测指标，无法判断进度 / ${unlinked.length} targets have no indicator link`, unlinked.map((i) => i.id));
  if (plan.periodEnd === null) {
    const suggested = lastDeadlineYear(items);
    const startYear = plan.periodStart ?? (plan.issuedOn ? Number(plan.issuedOn.slice(0, 4)) : null);
    add(
      'no_period_end',
      'warning',
      `方案未写明实施期限的结束年份，报送日历只到 ${startYear ?? '发文'} 年底${suggested ? `；目标期限最晚到 ${suggested} 年` : ''} / no period end: the calendar stops at the end of ${startYear ?? 'the issue year'}`,
      [],
      [],
      suggested && (startYear === null || suggested >= startYear) ? { periodEnd: suggested } : null,
    );
  }
  return { planId: plan.id, version: plan.version, ready: !entries.some((e) => e.severity === 'blocking'), entries };
}

export async function activationChecklist(db: Db | Executor, planId: number): Promise<Checklist> {
  const ex = 'kysely' in db ? db.kysely : db;
  const plan = await findPlan(ex, planId);
  if (!plan) throw notFound('plan', planId);
  const items = await listItems(ex, planId);
  const linked = new Set((await planTargets(ex, planId, items)).filter((t) => t.link !== null).map((t) => t.item.itemId));
  return checklistOf(plan, items, linked);
}
