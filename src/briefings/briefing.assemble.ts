/**
 * Builds BriefingData for a plan and a period from the services that own the numbers: the plan
 * (plans), target status and deadline lights (indicators/status), reporting completeness
 * (reporting/completeness). It computes no indicator itself; it only counts and names what those
 * services return, and records for every number the API that serves it.
 */
import type { Executor } from '../platform/db/database.ts';
import { invalid } from '../platform/errors.ts';
import { getDivision } from '../divisions/division.service.ts';
import { getUnit } from '../divisions/unit.service.ts';
import { planStatus, type PlanStatusReport, type WorkStatus } from '../indicators/status.service.ts';
import { getItems, getPlan, getPlanSource, headedTitle, itemTitle, type PlanItem } from '../plans/plan.service.ts';
import { today } from '../kernel/clock.ts';
import { isDay } from '../kernel/day.ts';
import { parsePeriod, periodLabel, periodWithin } from '../kernel/period.ts';
import { percent, RATE_DEFINITIONS } from '../kernel/rates.ts';
import { completeness, type CompletenessReport, reportingAsOf } from '../reporting/completeness.service.ts';
import {
  BEHIND_STATUSES,
  type BriefingCompleteness,
  type BriefingData,
  type BriefingTarget,
  type BriefingTask,
  type Figure,
  type KeyNumber,
  type Light,
  type Source,
  TARGET_STATUSES,
  type TargetStatus,
} from './briefing-data.ts';
import { scopeWordOf } from './briefing-sentences.ts';
import { readBriefingExtras } from './briefing.extras.ts';

/** Where the briefing's numbers are served, for the provenance of each. */
export const briefingApis = (planId: number, period: string, asOf: string, targetsAsOf = asOf) => ({
  items: `/api/plans/${planId}/items`,
  /** targets are judged on the period's data: as at its end (or asOf, when earlier) */
  targets: `/api/plans/${planId}/status?period=${period}&asOf=${targetsAsOf}`,
  /** tasks get their lights, and reports count, as of the briefing's day */
  status: `/api/plans/${planId}/status?period=${period}&asOf=${asOf}`,
  // Without a period filter: a quarter's briefing counts the monthly reports of its months too.
  completeness: `/api/reporting/completeness?planId=${planId}&asOf=${asOf}`,
});

export interface AssembleOptions {
  /** day to read the data as of (YYYY-MM-DD); default today */
  asOf?: string;
  /** the instant of generatedAt (tests); the default as-of day comes from the kernel clock */
  now?: Date;
  /** deadline-light warning days (LUOSHI_DEADLINE_WARN_DAYS), as the status API uses them */
  warnDays?: number;
  /** false: leave out the previous period, rankings, investment and reported texts */
  extras?: boolean;
}

/** Validates a period code for a briefing: a 4xx naming the field, never a RangeError. */
export function briefingPeriod(code: string) {
  try {
    return parsePeriod(code);
  } catch {
    throw invalid('period', `not a period code: "${code}" (expected e.g. 2014Q2, 2014H1, 2014M06, 2014)`);
  }
}

/** Validates an as-of day for a briefing (a 4xx naming `asOf`); undefined is today (kernel clock). */
export function briefingAsOf(v: string | undefined): string {
  if (v === undefined) return today();
  if (!isDay(v)) throw invalid('asOf', `not a date: "${v}" (expected YYYY-MM-DD)`);
  return v;
}

/** The addressees the plan itself names ("各县人民政府，青海湖农场，州政府各部门："), else a general one. */
export function addresseeOf(source: string): string {
  const head = source.slice(0, 600);
  const m = /(?:^|[\n\s])(各[^\n：:。]{1,120})[：:]/.exec(head);
  return m ? m[1].trim() : '各有关单位';
}

// ---------------------------------------------------------------------------------------------
// What the monitoring and reporting services return, as the briefing reads it. The mappers below
// turn their results into these shapes, so the rest of the assembler does not depend on them.

export interface TargetReading {
  itemId: number;
  indicator: string;
  scope: string | null;
  unit: string;
  comparator: '>=' | '<=' | '=';
  baseline: { value: number | null; period: string | null };
  latest: { value: number | null; period: string | null };
  target: number | null;
  deadline: string | null;
  status: TargetStatus;
  units: string[];
  divisionCode?: string | null;
}

export interface TaskReading {
  itemId: number;
  kind: 'task' | 'milestone';
  title: string;
  deadline: string | null;
  light: Light | null;
  progress: number | null;
  units: string[];
}

export interface UnitReading {
  unitId: number;
  unitName: string;
  expected: number;
  submitted: number;
  onTime: number;
  late: number;
  missing: number;
  submissionRate: number | null;
  onTimeRate: number | null;
}

export interface Readings {
  targets: TargetReading[];
  tasks: TaskReading[];
  /** null when the reporting service is not available or the plan has no forms */
  units: UnitReading[] | null;
  notes: string[];
  /** the report periods (within the briefing period) the unit readings cover */
  periods?: string[];
}

type PlanInfo = Awaited<ReturnType<typeof getPlan>>;

const unitNames = (units: { role: string; nameAsWritten: string; unitName: string | null }[], roles: string[]) =>
  units.filter((u) => roles.includes(u.role)).map((u) => u.unitName ?? u.nameAsWritten);

/** Readings from the plan alone: targets without values, tasks without lights. */
export async function planOnlyReadings(ex: Executor, plan: PlanInfo): Promise<Readings> {
  const items = (await getItems(ex, plan.id)).filter((i) => i.reviewStatus !== 'deleted');
  // A milestone belongs to the task the import nested it under (parent_id), not to a namesake.
  const tasksById = new Map(items.filter((i) => i.kind === 'task').map((i) => [i.id, i]));
  return {
    targets: items
      .flatMap((i) => (i.kind === 'target' ? [i] : []))
      .map((i) => {
        const b = i.data.baseline;
        return {
          itemId: i.id,
          indicator: i.data.indicator,
          scope: i.data.scope,
          unit: i.data.unit,
          comparator: i.data.comparator,
          baseline: { value: b?.value ?? null, period: b?.date ?? null },
          latest: { value: null, period: null },
          target: i.data.value,
          deadline: i.data.deadline,
          status: 'no_data' as const,
          units: [],
        };
      }),
    tasks: items
      .flatMap((i) => (i.kind === 'task' || i.kind === 'milestone' ? [i] : []))
      .map((i) => {
        const parent = i.kind === 'milestone' && i.parentId !== null ? tasksById.get(i.parentId) : undefined;
        return {
          itemId: i.id,
          kind: i.kind,
          title: itemTitle(i),
          deadline: i.kind === 'milestone' ? i.data.due : null,
          light: null,
          progress: null,
          units: unitNames(parent ? parent.units : i.units, ['lead', 'responsible']),
        };
      }),
    units: null,
    notes: [],
  };
}

const within = periodWithin;

/**
 * The day a briefing reads its data as of when none is given: the day after the last report of
 * the period fell due (so every due report counts and the late ones are named), or the period's
 * end when it has no reports — but never after today.
 */
export async function defaultAsOf(ex: Executor, planId: number, period: { start: string; end: string }, today: string): Promise<string> {
  // The dashboard reads a period's reporting as of the same day (reporting/completeness.service.ts).
  return reportingAsOf(ex, planId, period, today);
}

/** Target readings from planStatus, with the plan's own baseline where the status has none. */
export function targetReadings(status: PlanStatusReport, fromPlan: TargetReading[], tasks: PlanItem[], unitName: (id: number) => string | undefined): TargetReading[] {
  const planned = new Map(fromPlan.map((t) => [t.itemId, t]));
  return status.targets.map((t) => {
    const p = planned.get(t.itemId);
    // Responsible units: the unit whose data the target is judged on, else the lead units of the
    // tasks whose text names the indicator.
    const linkUnit = t.unitId !== null ? unitName(t.unitId) : undefined;
    const named = t.text ? tasks.filter((i) => i.kind === 'task' && (i.data.text.includes(t.text) || i.data.title.includes(t.text))) : [];
    const units = linkUnit ? [linkUnit] : [...new Set(named.flatMap((i) => unitNames(i.units, ['lead'])))];
    return {
      itemId: t.itemId,
      indicator: t.text || t.indicator?.name || p?.indicator || '',
      scope: t.scopeText,
      unit: t.unit || t.indicator?.unit || p?.unit || '',
      comparator: t.target.comparator,
      baseline: t.baseline ? { value: t.baseline.value, period: t.baseline.at } : (p?.baseline ?? { value: null, period: null }),
      latest: t.latest ? { value: t.latest.value, period: t.latest.period } : { value: null, period: null },
      target: t.target.value,
      deadline: t.target.deadline,
      status: t.status,
      units,
      divisionCode: t.divisionCode,
    };
  });
}

/**
 * A task's name for the briefing. Plans often head a task with its unit alone ("电信海北分公司：
 * 2014年争取落实投资2亿元，…"); the briefing then names it by the first clause of its text.
 */
export const taskTitle = headedTitle;

/**
 * Who a delay is charged to: the unit that reported the task 滞后 or 受阻 when one did, else the
 * lead units (a task shared by six units is not late for the five that only support it).
 */
export function chargedUnits(w: WorkStatus, parent: WorkStatus | undefined, all: string[]): string[] {
  const reporter = w.progress && (w.progress.status === 'behind' || w.progress.status === 'blocked') ? w.progress.unitId : null;
  const pool = [...w.units, ...(parent?.units ?? [])];
  if (reporter !== null) {
    const named = pool.find((u) => u.unitId === reporter)?.name;
    if (named) return [named];
  }
  const leads = [...new Set((w.units.some((u) => u.role === 'lead') ? w.units : (parent?.units ?? [])).filter((u) => u.role === 'lead').map((u) => u.name))];
  return leads.length ? leads : all;
}

/** Task and milestone readings from planStatus; a milestone without units takes its task's. */
export function taskReadings(status: PlanStatusReport, texts: Map<number, string> = new Map()): TaskReading[] {
  const work = [...status.tasks, ...status.milestones];
  const byId = new Map(work.map((w) => [w.itemId, w]));
  const names = (w: WorkStatus) => [...new Set(w.units.filter((u) => u.role === 'lead' || u.role === 'responsible').map((u) => u.name))];
  return work.map((w) => {
    const own = names(w);
    const parent = w.parentId !== null ? byId.get(w.parentId) : undefined;
    const all = own.length ? own : parent ? names(parent) : [];
    return {
      itemId: w.itemId,
      kind: w.kind,
      title: taskTitle(w.title || (parent?.title ?? ''), all, texts.get(w.itemId)),
      deadline: w.dueOn ?? w.due,
      light: w.light,
      progress: w.reportedPercent,
      units: w.light === 'red' || w.light === 'yellow' ? chargedUnits(w, parent, all) : all,
    };
  });
}

/** Unit readings of the reports due in the period (every form of the plan, any finer period). */
export function unitReadings(report: CompletenessReport, period: { start: string; end: string }): { units: UnitReading[]; periods: string[] } {
  const rows = report.rows.filter((r) => within(r.period, period));
  const byUnit = new Map<number, UnitReading>();
  for (const r of rows) {
    const u = byUnit.get(r.unitId) ?? { unitId: r.unitId, unitName: r.unitName, expected: 0, submitted: 0, onTime: 0, late: 0, missing: 0, submissionRate: null, onTimeRate: null };
    u.expected++;
    if (r.state === 'missing') u.missing++;
    else {
      u.submitted++;
      if (r.state === 'on_time') u.onTime++;
      else u.late++;
    }
    byUnit.set(r.unitId, u);
  }
  // Rates as kernel/rates.ts defines them, in percent.
  const rate = percent;
  const units = [...byUnit.values()].map((u) => ({ ...u, submissionRate: rate(u.submitted, u.expected), onTimeRate: rate(u.onTime, u.expected) }));
  return { units, periods: [...new Set(rows.map((r) => r.period))].sort() };
}

/** The day targets are judged at: the period's end, or asOf when the period is not over. */
export const targetsDay = (period: { end: string }, asOf: string): string => (asOf < period.end ? asOf : period.end);

/**
 * The readings of a plan for a period from planStatus and completeness. Targets are judged at the
 * end of the period (a second-quarter briefing written in July shows second-quarter values, not
 * July's); task lights and reporting are as of `asOf`, the day the briefing speaks for.
 */
export async function readPlanData(ex: Executor, plan: PlanInfo, period: { code: string; start: string; end: string }, asOf: string, warnDays?: number): Promise<Readings & { periods: string[] }> {
  const base = await planOnlyReadings(ex, plan);
  const items = (await getItems(ex, plan.id, 'task')).filter((i) => i.reviewStatus !== 'deleted');
  // One status as of the briefing's day: targets at the period's horizon, progress as submitted by then.
  const work = await planStatus(ex, plan.id, { period: period.code, asOf, warnDays });
  const status = work;
  const unitIds = [...new Set(status.targets.map((t) => t.unitId).filter((u): u is number => u !== null))];
  const names = new Map<number, string>();
  for (const id of unitIds) names.set(id, (await getUnit(ex, id).catch(() => null))?.name ?? `#${id}`);
  // The period's reports (its months too), counted as the dashboard counts them (kernel/rates.ts).
  const report = await completeness(ex, { planId: plan.id, asOf, period: period.code });
  const { units, periods } = unitReadings(report, period);
  const notes: string[] = [];
  const unlinked = status.targets.filter((t) => t.reason === 'unlinked').length;
  if (unlinked) notes.push(`${unlinked}项目标尚未关联监测指标，列为无数据`);
  return {
    targets: targetReadings(status, base.targets, items, (id) => names.get(id)),
    tasks: taskReadings(work, new Map(items.map((i) => [i.id, i.data.text]))),
    units: units.length || report.rows.length ? units : null,
    notes,
    periods,
  };
}

// ---------------------------------------------------------------------------------------------

/**
 * BriefingData of a plan for a period (a period code such as 2014Q2), reading data as of a day.
 * Throws not_found for an unknown plan and validation_failed naming `period` or `asOf`.
 */
export async function assembleBriefing(ex: Executor, planId: number, periodCode: string, opts: AssembleOptions = {}): Promise<BriefingData> {
  const period = briefingPeriod(periodCode);
  const now = opts.now ?? new Date();
  if (opts.asOf !== undefined) briefingAsOf(opts.asOf);
  const plan = await getPlan(ex, planId);
  const asOf = opts.asOf ?? (await defaultAsOf(ex, planId, period, today()));
  const division = plan.divisionCode ? await getDivision(ex, plan.divisionCode).catch(() => null) : null;
  const source = await getPlanSource(ex, planId);
  const readings = await readPlanData(ex, plan, period, asOf, opts.warnDays);
  const data = briefingFromReadings({ plan, division, source, period, asOf, now, readings });
  if (opts.extras === false) return data;
  // The period before is read as its own briefing was (its default day), never after this one's.
  const previous = async (code: string) => {
    const p = briefingPeriod(code);
    const day = await defaultAsOf(ex, planId, p, asOf);
    return assembleBriefing(ex, planId, code, { asOf: day < asOf ? day : asOf, now, warnDays: opts.warnDays, extras: false });
  };
  return { ...data, ...(await readBriefingExtras(ex, plan, data, previous)) };
}

/** The pure part of the assembly: readings in, BriefingData (with provenance) out. */
export function briefingFromReadings(input: {
  plan: Pick<PlanInfo, 'id' | 'title' | 'docNumber' | 'issuer' | 'divisionCode'>;
  division: { code: string; name: string } | null;
  source: string;
  period: { code: string; start: string; end: string };
  asOf: string;
  now: Date;
  readings: Readings;
}): BriefingData {
  const { plan, period, asOf, readings } = input;
  const targetsAsOf = targetsDay(period, asOf);
  const api = briefingApis(plan.id, period.code, asOf, targetsAsOf);
  const statusSrc = (extra: Partial<Extract<Source, { kind: 'indicator' }>>): Source => ({ kind: 'indicator', api: api.targets, period: period.code, ...extra });
  const planSrc = (extra: Partial<Extract<Source, { kind: 'indicator' }>>): Source => ({ kind: 'indicator', api: `${api.items}?kind=target`, ...extra });
  const taskSrc = (extra: Partial<Extract<Source, { kind: 'task' }>>): Source => ({ kind: 'task', api: api.status, ...extra });
  const complSrc = (extra: Partial<Extract<Source, { kind: 'completeness' }>>): Source => ({ kind: 'completeness', api: api.completeness, periods: readings.periods ?? [period.code], ...extra });
  const pct = (u: string) => (u === '%' ? '%' : u);

  const targets: BriefingTarget[] = readings.targets.map((t) => ({
    itemId: t.itemId,
    indicator: t.indicator,
    scope: t.scope,
    unit: t.unit,
    comparator: t.comparator,
    baseline: { value: t.baseline.value, unit: pct(t.unit), period: t.baseline.period, source: planSrc({ itemId: t.itemId, indicator: t.indicator, field: 'baseline' }) },
    latest: { value: t.latest.value, unit: pct(t.unit), period: t.latest.period, source: statusSrc({ itemId: t.itemId, indicator: t.indicator, divisionCode: t.divisionCode ?? plan.divisionCode, period: t.latest.period, field: 'latest.value' }) },
    target: { value: t.target, unit: pct(t.unit), source: planSrc({ itemId: t.itemId, indicator: t.indicator, field: 'target' }) },
    deadline: t.deadline,
    status: t.status,
    units: t.units,
  }));
  const tasks: BriefingTask[] = readings.tasks.map((t) => ({
    itemId: t.itemId,
    kind: t.kind,
    title: t.title,
    deadline: t.deadline,
    light: t.light,
    progress: { value: t.progress, unit: '%', decimals: 1, source: taskSrc({ itemId: t.itemId, field: 'progress' }) },
    units: t.units,
  }));

  const countFig = (n: number, source: Source): Figure => ({ value: n, unit: '项', source });
  const byStatus = Object.fromEntries(
    TARGET_STATUSES.map((s) => [s, countFig(targets.filter((t) => t.status === s).length, statusSrc({ field: `targets[status=${s}].length` }))]),
  ) as BriefingData['counts']['byStatus'];
  const byLight = Object.fromEntries(
    (['green', 'yellow', 'red'] as const).map((l) => [l, countFig(tasks.filter((t) => t.light === l).length, taskSrc({ field: `tasks[light=${l}].length` }))]),
  ) as BriefingData['counts']['byLight'];

  const completeness = readings.units ? completenessOf(readings.units, complSrc) : null;

  const behindTargets = targets.filter((t) => BEHIND_STATUSES.includes(t.status));
  const behindTasks = tasks.filter((t) => t.light === 'red' || t.light === 'yellow');
  const reasons = new Map<string, string[]>();
  const add = (name: string, why: string) => {
    const list = reasons.get(name) ?? [];
    if (!list.includes(why)) list.push(why);
    reasons.set(name, list);
  };
  for (const l of ['red', 'yellow'] as const) {
    for (const u of new Set(behindTasks.filter((t) => t.light === l).flatMap((t) => t.units))) {
      add(u, `${l === 'red' ? '红灯' : '黄灯'}任务${behindTasks.filter((t) => t.light === l && t.units.includes(u)).length}项`);
    }
  }
  for (const s of ['regressing', 'limited', 'accelerate'] as const) {
    for (const u of new Set(behindTargets.filter((t) => t.status === s).flatMap((t) => t.units))) add(u, `指标${s === 'accelerate' ? '需加快' : s === 'limited' ? '进展有限' : '倒退'}`);
  }
  for (const u of completeness?.byUnit ?? []) {
    if ((u.missing.value ?? 0) > 0) add(u.unitName, '逾期未报');
    else if ((u.late.value ?? 0) > 0) add(u.unitName, '逾期报送');
  }

  const keyNumbers: KeyNumber[] = [];
  if (completeness && (completeness.unitsExpected.value ?? 0) > 0) keyNumbers.push({ label: '按时报送率', figure: completeness.onTimeRate });
  if (targets.length) keyNumbers.push({ label: '已达成目标指标', figure: byStatus.achieved });
  if (tasks.length) keyNumbers.push({ label: '红灯任务', figure: byLight.red });
  for (const t of targets) if (t.latest.value !== null && t.latest.period === period.code) keyNumbers.push({ label: t.indicator, figure: t.latest, period: t.latest.period });

  return {
    plan: { id: plan.id, title: plan.title, docNumber: plan.docNumber, issuer: plan.issuer, divisionCode: plan.divisionCode },
    region: { code: input.division?.code ?? plan.divisionCode, name: input.division?.name ?? null, scopeWord: scopeWordOf(input.division?.name) },
    period: { code: period.code, label: periodLabel(period.code), start: period.start, end: period.end },
    asOf,
    targetsAsOf,
    issuer: plan.issuer ?? (input.division ? `${input.division.name}人民政府办公室` : '领导小组办公室'),
    addressee: addresseeOf(input.source),
    generatedAt: input.now.toISOString(),
    counts: {
      targets: countFig(targets.length, statusSrc({ field: 'targets.length' })),
      byStatus,
      tasks: countFig(tasks.length, taskSrc({ field: 'tasks.length' })),
      byLight,
    },
    targets,
    tasks,
    completeness,
    behind: { targets: behindTargets, tasks: behindTasks, units: [...reasons].map(([name, r]) => ({ name, reasons: r })) },
    keyNumbers,
    notes: readings.notes,
  };
}

/**
 * Totals of the reporting rows. A unit reported on time when every report it owed came by its due
 * date; the rate is reports on time over reports expected (the completeness API's onTimeRate), which
 * equals units on time over units expected when each unit owes one report, as the sentence
 * "应报单位15个，按时报送12个，按时报送率80.0%" reads.
 */
function completenessOf(units: UnitReading[], src: (e: Partial<Extract<Source, { kind: 'completeness' }>>) => Source): BriefingCompleteness {
  const rows = units.filter((u) => u.expected > 0);
  const onTime = rows.filter((u) => u.onTime >= u.expected).length;
  const missing = rows.filter((u) => u.missing > 0).length;
  const sum = (k: 'expected' | 'submitted' | 'onTime' | 'late' | 'missing') => rows.reduce((n, u) => n + u[k], 0);
  const rate = percent;
  const f = (value: number | null, field: string, unit?: string, unitId?: number): Figure => ({ value, unit, ...(unit === '%' ? { decimals: 1 } : {}), source: src({ field, unitId: unitId ?? null }) });
  return {
    reportsExpected: f(sum('expected'), 'totals.expected', '份'),
    reportsSubmitted: f(sum('submitted'), 'totals.submitted', '份'),
    reportsOnTime: f(sum('onTime'), 'totals.onTime', '份'),
    reportsLate: f(sum('late'), 'totals.late', '份'),
    reportsMissing: f(sum('missing'), 'totals.missing', '份'),
    unitsExpected: f(rows.length, 'byUnit[expected>0].length', '个'),
    unitsOnTime: f(onTime, 'byUnit[onTime=expected].length', '个'),
    unitsLate: f(rows.length - onTime - missing, 'byUnit[late>0,missing=0].length', '个'),
    unitsMissing: f(missing, 'byUnit[missing>0].length', '个'),
    onTimeRate: f(rate(sum('onTime'), sum('expected')), 'totals.onTimeRate×100', '%'),
    submissionRate: f(rate(sum('submitted'), sum('expected')), 'totals.submittedRate×100', '%'),
    definitions: { onTimeRate: RATE_DEFINITIONS.onTimeRate.definition.zh, submissionRate: RATE_DEFINITIONS.submittedRate.definition.zh },
    byUnit: rows.map((u) => ({
      unitId: u.unitId,
      unitName: u.unitName,
      expected: f(u.expected, 'byUnit.expected', undefined, u.unitId),
      submitted: f(u.submitted, 'byUnit.submitted', undefined, u.unitId),
      onTime: f(u.onTime, 'byUnit.onTime', undefined, u.unitId),
      late: f(u.late, 'byUnit.late', undefined, u.unitId),
      missing: f(u.missing, 'byUnit.missing', undefined, u.unitId),
      submissionRate: f(u.submissionRate, 'byUnit.submittedRate×100', '%', u.unitId),
      onTimeRate: f(u.onTimeRate, 'byUnit.onTimeRate×100', '%', u.unitId),
    })),
  };
}
