/**
 * Plan status: every target judged on its trajectory (trajectory.ts), every task and milestone
 * given its deadline light (deadline-lights.ts), from approved data at the moment of the call —
 * no batch, so an approval shows at once. The briefing and dashboards read this.
 *
 * Queries are batched: one queryIndicator per (indicator, unit scope) for all divisions and
 * periods of the plan's targets, one query for all progress entries.
 */
import type { Db, Executor } from '../platform/db/database.ts';
import { notFound } from '../platform/errors.ts';
import { findPlanById, itemTitle, planItems, type Plan, type PlanItem } from '../plans/plan.read.ts';
import { compareWithRelated } from '../plans/plan.service.ts';
import type { TargetComparison } from '../plans/target-comparison.ts';
import { type AsOf, asOfFrame } from '../kernel/as-of.ts';
import { today } from '../kernel/clock.ts';
import { parsePeriod, type PeriodType, periodsBetween } from '../kernel/period.ts';
import { DEADLINE_LIGHTS_METHOD, deadlineLight, type Light, type LightState } from './deadline-lights.ts';
import { type IndicatorCell, queryIndicators } from './query.service.ts';
import { latestProgress, type LatestProgress } from './status.repository.ts';
import type { IndicatorGrain } from './target-links.repository.ts';
import { type LinkedTarget, planTargets } from './target-links.service.ts';
import { linksForDivision } from './target-links.repository.ts';
import {
  assessTrajectory,
  endDateOf,
  type NoDataReason,
  STATUS_LABELS,
  TRAJECTORY_METHOD,
  type TrajectoryResult,
  type TrajectoryStatus,
} from './trajectory.ts';

const ex = (db: Db | Executor): Executor => ('kysely' in db ? db.kysely : db);

export interface StatusOptions {
  /** judge as at the end of this period (2014Q2, 2014M06, 2014) */
  period?: string;
  /** judge as at this day (YYYY-MM-DD); default: the end of `period`, else today */
  asOf?: string;
  /** deadline-light warning days (LUOSHI_DEADLINE_WARN_DAYS) */
  warnDays?: number;
}

export interface TargetStatus {
  itemId: number;
  planId: number;
  /** the indicator as the plan words it, its scope and unit */
  text: string;
  scopeText: string | null;
  unit: string;
  linked: boolean;
  indicator: { id: number; code: string; name: string; unit: string; direction: 'higher' | 'lower' } | null;
  divisionCode: string | null;
  area: 'all' | 'urban' | 'rural' | null;
  unitId: number | null;
  /** the period type of `series` */
  frequency: PeriodType | null;
  status: TrajectoryStatus;
  label: { zh: string; en: string };
  reason: NoDataReason | null;
  ratio: number | null;
  observedRate: number | null;
  requiredRate: number | null;
  scale: TrajectoryResult['scale'];
  baseline: { value: number; at: string; date: string } | null;
  latest: { value: number; period: string; date: string } | null;
  target: { value: number; comparator: '>=' | '<=' | '='; deadline: string | null };
  expectedNow: number | null;
  projection: { value: number; meets: boolean } | null;
  deadlinePassed: boolean;
  series: { period: string; value: number | null }[];
  /** the status as it stood at the end of each series period after the baseline (for "status over time") */
  history: { period: string; status: TrajectoryStatus }[];
}

export interface WorkStatus {
  itemId: number;
  kind: 'task' | 'milestone';
  title: string;
  parentId: number | null;
  due: string | null;
  start: string | null;
  light: Light;
  state: LightState;
  label: { zh: string; en: string };
  dueOn: string | null;
  daysLeft: number | null;
  plannedPercent: number | null;
  reportedPercent: number | null;
  progress: LatestProgress | null;
  units: { role: string; name: string; unitId: number | null }[];
}

export interface PlanStatusReport {
  plan: { id: number; title: string; docNumber: string | null; divisionCode: string | null; status: Plan['status']; periodStart: number | null; periodEnd: number | null };
  asOf: string;
  period: string | null;
  /** the day targets are judged at: the period's end, or asOf when earlier */
  targetsAsOf: string;
  targets: TargetStatus[];
  tasks: WorkStatus[];
  milestones: WorkStatus[];
  summary: { targets: Record<TrajectoryStatus, number>; lights: Record<Light, number>; done: number };
  method: { trajectory: typeof TRAJECTORY_METHOD; lights: string; warnDays: number };
}

const GRAIN: Record<PeriodType, number> = { M: 1, Q: 3, H: 6, Y: 12 };
const coarser = (a: PeriodType, b: PeriodType): PeriodType => (GRAIN[a] >= GRAIN[b] ? a : b);
/**
 * The as-of frame of a status request: asOf defaults to the end of `period`, else today (the
 * kernel clock). Targets are judged at the horizon — the period's end, or asOf when earlier — on
 * data of periods starting by then; progress counts what was submitted by the end of asOf.
 */
export function resolveAsOf(opts: StatusOptions): AsOf {
  return asOfFrame({ period: opts.period, asOf: opts.asOf }, today());
}

/**
 * The period type a target's series is read at: never finer than its elements' native periods
 * (a yearly element has no quarterly value), and yearly for a flow (信息消费额 is judged on whole
 * years, not on one quarter's spending against an annual target).
 */
export function seriesType(requested: PeriodType, grain: IndicatorGrain | undefined): PeriodType {
  if (!grain) return requested;
  let t = coarser(requested, grain.numerator.periodType);
  if (grain.denominator) t = coarser(t, grain.denominator.periodType);
  const flow = grain.numerator.temporal === 'flow' && (!grain.denominator || grain.denominator.temporal === 'flow');
  return flow ? 'Y' : t;
}

interface Plan4Status {
  periodStart: number | null;
  periodEnd: number | null;
}

interface Request {
  target: LinkedTarget;
  type: PeriodType;
  periods: string[];
  flow: boolean;
  deadline: string | null;
}

const emptyCounts = (): Record<TrajectoryStatus, number> => ({ achieved: 0, on_track: 0, accelerate: 0, limited: 0, regressing: 0, no_data: 0 });

/** Judges linked targets (of one or several plans) at `asOf`, one query per indicator and unit. */
export async function evaluateTargets(db: Db | Executor, targets: LinkedTarget[], plans: Map<number, Plan4Status>, asOf: string): Promise<TargetStatus[]> {
  const x = ex(db);
  const requests: Request[] = targets.map((t) => {
    const plan = plans.get(t.item.planId);
    const deadline = t.item.deadline ?? (plan?.periodEnd ? String(plan.periodEnd) : null);
    if (!t.link || !t.indicator) return { target: t, type: 'Q', periods: [], flow: false, deadline };
    const grain = t.indicator.grain;
    const type = seriesType(t.link.frequency, grain);
    const flow = type === 'Y' && grain?.numerator.temporal === 'flow';
    const fromDay = t.item.baseline ? endDateOf(t.item.baseline.at) : `${plan?.periodStart ?? Number(asOf.slice(0, 4)) - 3}-01-01`;
    // Only periods over by then: a quarter's figure (a stock's end-of-quarter value, a flow's
    // sum) does not exist before the quarter ends, and reading it early would take months after asOf.
    const periods = fromDay <= asOf ? periodsBetween(type, fromDay, asOf).filter((p) => p.end <= asOf).map((p) => p.code) : [];
    // A baseline named by a period only is read from the data of that period (whatever its
    // type: a 2019M01 baseline for a quarterly series).
    const at = t.item.baseline?.at;
    if (at && t.item.baseline?.value === null && !/-/.test(at) && !periods.includes(at)) periods.unshift(at);
    return { target: t, type, periods, flow, deadline };
  });

  // Targets read over the same periods, unit scope and divisions share one queryIndicators call
  // for all their indicators; the calls run concurrently (a server pool answers them in
  // parallel; the embedded engine takes them in turn). Grouping by division set as well avoids
  // asking every indicator for every division of the plan.
  const perIndicator = new Map<string, { unitId: number | null; indicatorId: number; divisions: Set<string>; periods: string[] }>();
  for (const r of requests) {
    const l = r.target.link;
    if (!l || !r.target.indicator || r.periods.length === 0) continue;
    const key = `${l.unitId ?? ''}|${l.indicatorId}|${r.periods.join(',')}`;
    let g = perIndicator.get(key);
    if (!g) perIndicator.set(key, (g = { unitId: l.unitId, indicatorId: l.indicatorId, divisions: new Set(), periods: r.periods }));
    g.divisions.add(l.divisionCode);
  }
  const calls = new Map<string, { unitId: number | null; indicators: number[]; divisions: string[]; periods: string[] }>();
  for (const g of perIndicator.values()) {
    const divisions = [...g.divisions].sort();
    const key = `${g.unitId ?? ''}|${g.periods.join(',')}|${divisions.join(',')}`;
    let c = calls.get(key);
    if (!c) calls.set(key, (c = { unitId: g.unitId, indicators: [], divisions, periods: g.periods }));
    c.indicators.push(g.indicatorId);
  }
  const cells = new Map<string, IndicatorCell>();
  await Promise.all(
    [...calls.values()].map(async (c) => {
      const rows = await queryIndicators(x, { indicators: c.indicators, divisionCodes: c.divisions, periods: c.periods, ...(c.unitId !== null ? { unitId: c.unitId } : {}) });
      rows.forEach((list, i) => {
        for (const cell of list) cells.set(`${c.indicators[i]}|${c.unitId ?? ''}|${cell.divisionCode}|${cell.period}`, cell);
      });
    }),
  );

  return requests.map((r) => {
    const { item, link, indicator } = r.target;
    const common = {
      itemId: item.itemId,
      planId: item.planId,
      text: item.text,
      scopeText: item.scopeText,
      unit: item.unit,
      linked: !!(link && indicator),
      indicator: indicator ? { id: indicator.id, code: indicator.code, name: indicator.name, unit: indicator.unit, direction: indicator.direction } : null,
      divisionCode: link?.divisionCode ?? null,
      area: link?.area ?? null,
      unitId: link?.unitId ?? null,
      frequency: link && indicator ? r.type : null,
      target: { value: item.value, comparator: item.comparator, deadline: r.deadline },
    };
    const noData = (reason: NoDataReason, series: TargetStatus['series'] = []): TargetStatus => ({
      ...common,
      status: 'no_data',
      label: STATUS_LABELS.no_data,
      reason,
      ratio: null,
      observedRate: null,
      requiredRate: null,
      scale: null,
      baseline: null,
      latest: null,
      expectedNow: null,
      projection: null,
      deadlinePassed: false,
      series,
      history: [],
    });
    if (!link || !indicator) return noData('unlinked');
    const key = `${link.indicatorId}|${link.unitId ?? ''}|${link.divisionCode}`;
    const observations = r.periods.map((p) => ({ period: p, value: cells.get(`${key}|${p}`)?.value ?? null }));
    const series = observations;
    if (!r.deadline) return noData('no_deadline', series);
    const input = {
      baseline: item.baseline,
      target: { value: item.value, comparator: item.comparator, deadline: r.deadline },
      unit: indicator.unit || item.unit,
      observations,
      asOf,
    };
    const t = assessTrajectory(input);
    const baseDate = t.baseline?.date ?? '';
    const history = observations
      .map((o) => ({ period: o.period, end: endDateOf(o.period) }))
      .filter((o) => o.end > baseDate && parsePeriod(o.period).start <= asOf)
      .map((o) => ({ period: o.period, status: assessTrajectory({ ...input, asOf: o.end < asOf ? o.end : asOf }).status }));
    return {
      ...common,
      status: t.status,
      label: t.label,
      reason: t.reason,
      ratio: t.ratio,
      observedRate: t.observedRate,
      requiredRate: t.requiredRate,
      scale: t.scale,
      baseline: t.baseline,
      latest: t.latest,
      expectedNow: t.expectedNow,
      projection: t.projection,
      deadlinePassed: t.deadlinePassed,
      series,
      history,
    };
  });
}

/** An item's own due date: a milestone's, or the deadline a task states. */
const dueOfItem = (item: PlanItem): string | null => (item.kind === 'milestone' ? item.data.due : item.kind === 'task' ? item.data.deadline : null) || null;

/** Lights of a plan's tasks and milestones. A task's deadline is its own, else its latest milestone's, else the plan's end. */
export async function workStatuses(
  db: Db | Executor,
  plan: Plan4Status & { activatedAt?: string | null },
  items: PlanItem[],
  asOf: string,
  warnDays: number,
  frame: Pick<AsOf, 'cutoff' | 'horizon'> = asOfFrame({ asOf }, today()),
): Promise<WorkStatus[]> {
  const live = items.filter((i) => (i.kind === 'task' || i.kind === 'milestone') && i.reviewStatus !== 'deleted');
  const progress = await latestProgress(ex(db), live.map((i) => i.id), frame);
  const latestMilestone = new Map<number, string>();
  for (const m of live.filter((i) => i.kind === 'milestone' && i.parentId !== null)) {
    const due = dueOfItem(m);
    if (!due) continue;
    const prev = latestMilestone.get(m.parentId!);
    if (!prev || endDateOf(due) > endDateOf(prev)) latestMilestone.set(m.parentId!, due);
  }
  const start = plan.periodStart ? String(plan.periodStart) : (plan.activatedAt?.slice(0, 10) ?? null);
  return live.map((i) => {
    const due = dueOfItem(i) ?? (i.kind === 'task' ? (latestMilestone.get(i.id) ?? (plan.periodEnd ? String(plan.periodEnd) : null)) : null);
    const p = progress.get(i.id) ?? null;
    const l = deadlineLight({ due, start, today: asOf, warnDays, progress: p ? { status: p.status, percent: p.percent } : null });
    return {
      itemId: i.id,
      kind: i.kind as 'task' | 'milestone',
      title: itemTitle(i),
      parentId: i.parentId,
      due,
      start,
      light: l.light,
      state: l.state,
      label: l.label,
      dueOn: l.dueOn,
      daysLeft: l.daysLeft,
      plannedPercent: l.plannedPercent,
      reportedPercent: l.reportedPercent,
      progress: p,
      units: i.units.map((u) => ({ role: u.role, name: u.unitName ?? u.nameAsWritten, unitId: u.unitId })),
    };
  });
}

export const DEFAULT_WARN_DAYS = 15;

/**
 * Every target of a plan with its trajectory status (unlinked ones as no_data, reason
 * 'unlinked'), every task and milestone with its light and latest progress. Throws 404 for an
 * unknown plan; the caller authorises (assertCanReadPlan).
 */
export async function planStatus(db: Db | Executor, planId: number, opts: StatusOptions = {}): Promise<PlanStatusReport> {
  const x = ex(db);
  const frame = resolveAsOf(opts);
  const { asOf, period } = frame;
  const warnDays = opts.warnDays ?? DEFAULT_WARN_DAYS;
  // Independent reads run concurrently: on a server pool they overlap, which is most of the
  // time of a status (a few milliseconds of SQL each, many round trips).
  const [plan, items] = await Promise.all([findPlanById(x, planId), planItems(x, planId)]);
  if (!plan) throw notFound('plan', planId);
  const [targets, work] = await Promise.all([
    planTargets(x, planId, items).then((t) => evaluateTargets(x, t, new Map([[planId, plan]]), frame.horizon)),
    workStatuses(x, plan, items, asOf, warnDays, frame),
  ]);
  const summary = { targets: emptyCounts(), lights: { green: 0, yellow: 0, red: 0 } as Record<Light, number>, done: 0 };
  for (const t of targets) summary.targets[t.status]++;
  for (const w of work) {
    summary.lights[w.light]++;
    if (w.state === 'done') summary.done++;
  }
  return {
    plan: { id: plan.id, title: plan.title, docNumber: plan.docNumber, divisionCode: plan.divisionCode, status: plan.status, periodStart: plan.periodStart, periodEnd: plan.periodEnd },
    asOf,
    period,
    targetsAsOf: frame.horizon,
    targets,
    tasks: work.filter((w) => w.kind === 'task'),
    milestones: work.filter((w) => w.kind === 'milestone'),
    summary,
    method: { trajectory: TRAJECTORY_METHOD, lights: DEADLINE_LIGHTS_METHOD, warnDays },
  };
}

export interface DivisionTargetStatus extends TargetStatus {
  planTitle: string;
}

/**
 * The targets set for one division (linked with that division as scope) across the plans the
 * caller may read, each with its status.
 */
export async function divisionTargetStatus(
  db: Db | Executor,
  divisionCode: string,
  opts: StatusOptions & { canReadPlan: (plan: Plan) => Promise<boolean> },
): Promise<{ divisionCode: string; asOf: string; period: string | null; items: DivisionTargetStatus[]; method: typeof TRAJECTORY_METHOD }> {
  const x = ex(db);
  const { asOf, period, horizon } = resolveAsOf(opts);
  const links = await linksForDivision(x, divisionCode);
  const plans = new Map<number, Plan>();
  for (const planId of new Set(links.map((l) => l.planId))) {
    const plan = await findPlanById(x, planId);
    if (plan && (await opts.canReadPlan(plan))) plans.set(planId, plan);
  }
  const targets: LinkedTarget[] = [];
  for (const planId of plans.keys()) {
    const mine = new Set(links.filter((l) => l.planId === planId).map((l) => l.itemId));
    targets.push(...(await planTargets(x, planId)).filter((t) => mine.has(t.item.itemId)));
  }
  const statuses = await evaluateTargets(x, targets, plans, horizon);
  return { divisionCode, asOf, period, items: statuses.map((s) => ({ ...s, planTitle: plans.get(s.planId)?.title ?? '' })), method: TRAJECTORY_METHOD };
}

export type TargetStatusBrief = Pick<TargetStatus, 'status' | 'label' | 'reason' | 'ratio' | 'latest' | 'expectedNow' | 'divisionCode' | 'linked'>;

const brief = (s: TargetStatus): TargetStatusBrief => ({
  status: s.status,
  label: s.label,
  reason: s.reason,
  ratio: s.ratio,
  latest: s.latest,
  expectedNow: s.expectedNow,
  divisionCode: s.divisionCode,
  linked: s.linked,
});

/**
 * The plan's targets beside the same indicator in related plans (province vs prefecture, see
 * plans/target-comparison.ts), each carrying its trajectory status.
 */
export async function compareWithStatus(
  db: Db | Executor,
  planId: number,
  readable: (planId: number) => Promise<boolean>,
  opts: StatusOptions = {},
): Promise<{ asOf: string; items: (TargetComparison & { status: TargetStatusBrief | null; counterparts: (TargetComparison['counterparts'][number] & { status: TargetStatusBrief | null })[] })[] }> {
  const x = ex(db);
  const { asOf, horizon } = resolveAsOf(opts);
  const comparisons = await compareWithRelated(x, planId, readable);
  const planIds = new Set([planId, ...comparisons.flatMap((c) => c.counterparts.map((o) => o.planId))]);
  const wanted = new Set(comparisons.flatMap((c) => [c.target.itemId, ...c.counterparts.map((o) => o.itemId)]));
  const plans = new Map<number, Plan>();
  const targets: LinkedTarget[] = [];
  for (const id of planIds) {
    const plan = await findPlanById(x, id);
    if (!plan) continue;
    plans.set(id, plan);
    targets.push(...(await planTargets(x, id)).filter((t) => wanted.has(t.item.itemId)));
  }
  const statuses = new Map((await evaluateTargets(x, targets, plans, horizon)).map((s) => [s.itemId, brief(s)]));
  return {
    asOf,
    items: comparisons.map((c) => ({
      ...c,
      status: statuses.get(c.target.itemId) ?? null,
      counterparts: c.counterparts.map((o) => ({ ...o, status: statuses.get(o.itemId) ?? null })),
    })),
  };
}
