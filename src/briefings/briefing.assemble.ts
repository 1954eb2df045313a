/**
 * Builds BriefingData for a plan and a period from the services that own the numbers: the plan
 * (plans), target status and deadline lights (indicators/status), reporting completeness
 * (reporting/completeness). It computes no indicator itself; it only counts and names what those
 * services return, and records for every number the API that serves it.
 */
import type { Executor } from '../platform/db/database.ts';
import { invalid } from '../platform/errors.ts';
import { getDivision } from '../divisions/division.service.ts';
import { getItems, getPlan, getPlanSource } from '../plans/plan.service.ts';
import { parsePeriod } from '../reporting/calendar.ts';
import {
  BEHIND_STATUSES,
  type BriefingCompleteness,
  type BriefingData,
  type BriefingTarget,
  type BriefingTask,
  type Figure,
  type KeyNumber,
  type Light,
  periodLabel,
  type Source,
  TARGET_STATUSES,
  type TargetStatus,
} from './briefing-data.ts';
import { scopeWordOf } from './briefing-sentences.ts';

/** Where the briefing's numbers are served, for the provenance of each. */
export const briefingApis = (planId: number, period: string, asOf: string) => ({
  items: `/api/plans/${planId}/items`,
  status: `/api/plans/${planId}/status?period=${period}&asOf=${asOf}`,
  completeness: `/api/reporting/completeness?planId=${planId}&period=${period}&asOf=${asOf}`,
  data: `/api/plans/${planId}/briefing/data?period=${period}&asOf=${asOf}`,
});

export interface AssembleOptions {
  /** day to read the data as of (YYYY-MM-DD); default today */
  asOf?: string;
  /** clock for generatedAt (tests) */
  now?: Date;
}

const todayUtc = (now: Date) => now.toISOString().slice(0, 10);

/** Validates a period code for a briefing: a 4xx naming the field, never a RangeError. */
export function briefingPeriod(code: string) {
  try {
    return parsePeriod(code);
  } catch {
    throw invalid('period', `not a period code: "${code}" (expected e.g. 2014Q2, 2014H1, 2014M06, 2014)`);
  }
}

export function briefingAsOf(v: string | undefined, now = new Date()): string {
  if (v === undefined) return todayUtc(now);
  if (!/^\d{4}-\d{2}-\d{2}$/.test(v) || Number.isNaN(Date.parse(`${v}T00:00:00Z`)) || new Date(`${v}T00:00:00Z`).toISOString().slice(0, 10) !== v) {
    throw invalid('asOf', `not a date: "${v}" (expected YYYY-MM-DD)`);
  }
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
}

type PlanInfo = Awaited<ReturnType<typeof getPlan>>;

const unitNames = (units: { role: string; nameAsWritten: string; unitName: string | null }[], roles: string[]) =>
  units.filter((u) => roles.includes(u.role)).map((u) => u.unitName ?? u.nameAsWritten);

/** Readings from the plan alone: targets without values, tasks without lights. */
export async function planOnlyReadings(ex: Executor, plan: PlanInfo): Promise<Readings> {
  const items = (await getItems(ex, plan.id)).filter((i) => i.reviewStatus !== 'deleted');
  const tasksByTitle = new Map(items.filter((i) => i.kind === 'task').map((i) => [String(i.data.title), i]));
  return {
    targets: items
      .filter((i) => i.kind === 'target')
      .map((i) => {
        const b = i.data.baseline as { value: number; date: string | null } | null | undefined;
        return {
          itemId: i.id,
          indicator: String(i.data.indicator ?? ''),
          scope: (i.data.scope as string | null) ?? null,
          unit: String(i.data.unit ?? ''),
          comparator: (i.data.comparator as '>=' | '<=' | '=') ?? '>=',
          baseline: { value: b?.value ?? null, period: b?.date ?? null },
          latest: { value: null, period: null },
          target: typeof i.data.value === 'number' ? i.data.value : null,
          deadline: (i.data.deadline as string | null) ?? null,
          status: 'no_data' as const,
          units: [],
        };
      }),
    tasks: items
      .filter((i) => i.kind === 'task' || i.kind === 'milestone')
      .map((i) => {
        const parent = i.kind === 'milestone' ? tasksByTitle.get(String(i.data.task ?? '')) : undefined;
        return {
          itemId: i.id,
          kind: i.kind as 'task' | 'milestone',
          title: String(i.kind === 'task' ? i.data.title : i.data.text || i.data.task || ''),
          deadline: (i.data.due as string | null) ?? null,
          light: null,
          progress: null,
          units: unitNames(parent ? parent.units : i.units, ['lead', 'responsible']),
        };
      }),
    units: null,
    notes: [],
  };
}

/**
 * The readings of a plan for a period. Uses the monitoring and reporting services where they are
 * available; what is missing is said in `notes` and printed in the briefing's 数据说明.
 */
export async function readPlanData(ex: Executor, plan: PlanInfo, _period: string, _asOf: string): Promise<Readings> {
  const base = await planOnlyReadings(ex, plan);
  base.notes.push('目标监测状态与任务进度暂未接入（indicators/status）', '报送完整性统计暂未接入（reporting/completeness）');
  return base;
}

// ---------------------------------------------------------------------------------------------

/**
 * BriefingData of a plan for a period (a period code such as 2014Q2), reading data as of a day.
 * Throws not_found for an unknown plan and validation_failed naming `period` or `asOf`.
 */
export async function assembleBriefing(ex: Executor, planId: number, periodCode: string, opts: AssembleOptions = {}): Promise<BriefingData> {
  const period = briefingPeriod(periodCode);
  const now = opts.now ?? new Date();
  const asOf = briefingAsOf(opts.asOf, now);
  const plan = await getPlan(ex, planId);
  const division = plan.divisionCode ? await getDivision(ex, plan.divisionCode).catch(() => null) : null;
  const source = await getPlanSource(ex, planId);
  const readings = await readPlanData(ex, plan, period.code, asOf);
  return briefingFromReadings({ plan, division, source, period, asOf, now, readings });
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
  const api = briefingApis(plan.id, period.code, asOf);
  const statusSrc = (extra: Partial<Extract<Source, { kind: 'indicator' }>>): Source => ({ kind: 'indicator', api: api.status, period: period.code, ...extra });
  const planSrc = (extra: Partial<Extract<Source, { kind: 'indicator' }>>): Source => ({ kind: 'indicator', api: `${api.items}?kind=target`, ...extra });
  const taskSrc = (extra: Partial<Extract<Source, { kind: 'task' }>>): Source => ({ kind: 'task', api: api.status, ...extra });
  const complSrc = (extra: Partial<Extract<Source, { kind: 'completeness' }>>): Source => ({ kind: 'completeness', api: api.completeness, period: period.code, ...extra });
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
    progress: { value: t.progress, unit: '%', source: taskSrc({ itemId: t.itemId, field: 'progress' }) },
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
 * Unit-level totals of the reporting rows: a unit reported on time when every expected report
 * came by its due date; the headline rate is units on time over units expected, as the
 * sentence "应报单位15个，按时报送12个，按时报送率80.0%" reads.
 */
function completenessOf(units: UnitReading[], src: (e: Partial<Extract<Source, { kind: 'completeness' }>>) => Source): BriefingCompleteness {
  const rows = units.filter((u) => u.expected > 0);
  const onTime = rows.filter((u) => u.onTime >= u.expected).length;
  const missing = rows.filter((u) => u.missing > 0).length;
  const f = (value: number | null, field: string, unit?: string, unitId?: number): Figure => ({ value, unit, source: src({ field, unitId: unitId ?? null }) });
  return {
    unitsExpected: f(rows.length, 'units[expected>0].length', '个'),
    unitsOnTime: f(onTime, 'units[onTime=expected].length', '个'),
    unitsLate: f(rows.length - onTime - missing, 'units[late>0,missing=0].length', '个'),
    unitsMissing: f(missing, 'units[missing>0].length', '个'),
    onTimeRate: f(rows.length ? Math.round((onTime / rows.length) * 1000) / 10 : null, 'units on time / units expected × 100', '%'),
    submissionRate: f(rows.length ? Math.round(((rows.length - missing) / rows.length) * 1000) / 10 : null, 'units complete / units expected × 100', '%'),
    byUnit: rows.map((u) => ({
      unitId: u.unitId,
      unitName: u.unitName,
      expected: f(u.expected, 'expected', undefined, u.unitId),
      submitted: f(u.submitted, 'submitted', undefined, u.unitId),
      onTime: f(u.onTime, 'onTime', undefined, u.unitId),
      late: f(u.late, 'late', undefined, u.unitId),
      missing: f(u.missing, 'missing', undefined, u.unitId),
      submissionRate: f(u.submissionRate, 'submissionRate', '%', u.unitId),
      onTimeRate: f(u.onTimeRate, 'onTimeRate', '%', u.unitId),
    })),
  };
}
