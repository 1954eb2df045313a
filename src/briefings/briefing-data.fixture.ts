/**
 * Hand-built BriefingData for renderer and sentence tests (no database): a prefecture plan with
 * targets in several states, tasks with lights and units that report late or not at all.
 */
import type { BriefingCompleteness, BriefingData, BriefingTarget, BriefingTask, BriefingUnitReporting, Figure, Light, TargetStatus } from './briefing-data.ts';
import { TARGET_STATUSES } from './briefing-data.ts';

const statusApi = '/api/plans/7/status?period=2014Q2';
const complApi = '/api/reporting/completeness?planId=7&period=2014Q2';

export function target(itemId: number, indicator: string, status: TargetStatus, latest: number | null, goal: number, units: string[] = [], unit = '%'): BriefingTarget {
  const src = (field: string) => ({ kind: 'indicator' as const, api: statusApi, itemId, indicator, field });
  return {
    itemId,
    indicator,
    scope: '全州',
    unit,
    comparator: '>=',
    baseline: { value: 20, unit, period: '2013', source: src('baseline') },
    latest: { value: latest, unit, period: latest === null ? null : '2014Q2', source: src('latest') },
    target: { value: goal, unit, source: src('target') },
    deadline: '2014-12',
    status,
    units,
  };
}

export function task(itemId: number, title: string, light: Light | null, units: string[], progress: number | null = null): BriefingTask {
  return { itemId, kind: 'task', title, deadline: '2014-06-30', light, progress: { value: progress, unit: '%', decimals: 1, source: { kind: 'task', api: statusApi, itemId, field: 'progress' } }, units };
}

export function unitReporting(unitId: number, unitName: string, expected: number, onTime: number, late: number): BriefingUnitReporting {
  const f = (value: number | null, field: string, unit?: string): Figure => ({ value, unit, ...(unit === '%' ? { decimals: 1 } : {}), source: { kind: 'completeness', api: complApi, unitId, field } });
  const submitted = onTime + late;
  return {
    unitId,
    unitName,
    expected: f(expected, 'expected'),
    submitted: f(submitted, 'submitted'),
    onTime: f(onTime, 'onTime'),
    late: f(late, 'late'),
    missing: f(expected - submitted, 'missing'),
    submissionRate: f(expected ? (submitted / expected) * 100 : null, 'submissionRate', '%'),
    onTimeRate: f(expected ? (onTime / expected) * 100 : null, 'onTimeRate', '%'),
  };
}

export function completenessOf(byUnit: BriefingUnitReporting[]): BriefingCompleteness {
  const f = (value: number | null, field: string, unit?: string): Figure => ({ value, unit, ...(unit === '%' ? { decimals: 1 } : {}), source: { kind: 'completeness', api: complApi, field } });
  const expected = byUnit.filter((u) => (u.expected.value ?? 0) > 0);
  const onTime = expected.filter((u) => u.onTime.value === u.expected.value).length;
  const missing = expected.filter((u) => (u.missing.value ?? 0) > 0).length;
  const sum = (k: 'expected' | 'submitted' | 'onTime' | 'late' | 'missing') => expected.reduce((n, u) => n + (u[k].value ?? 0), 0);
  const reports = sum('expected');
  return {
    reportsExpected: f(reports, 'totals.expected'),
    reportsSubmitted: f(sum('submitted'), 'totals.submitted'),
    reportsOnTime: f(sum('onTime'), 'totals.onTime'),
    reportsLate: f(sum('late'), 'totals.late'),
    reportsMissing: f(sum('missing'), 'totals.missing'),
    unitsExpected: f(expected.length, 'unitsExpected'),
    unitsOnTime: f(onTime, 'unitsOnTime'),
    unitsLate: f(expected.length - onTime - missing, 'unitsLate'),
    unitsMissing: f(missing, 'unitsMissing'),
    onTimeRate: f(reports ? (sum('onTime') / reports) * 100 : null, 'totals.onTimeRate×100', '%'),
    submissionRate: f(reports ? (sum('submitted') / reports) * 100 : null, 'totals.submittedRate×100', '%'),
    byUnit,
  };
}

/** A briefing with the given targets, tasks and reporting rows; counts are derived from them. */
export function buildBriefingData(over: { targets?: BriefingTarget[]; tasks?: BriefingTask[]; reporting?: BriefingUnitReporting[] | null; extras?: boolean } = {}): BriefingData {
  const targets = over.targets ?? [
    target(101, '固定宽带家庭普及率', 'on_track', 38.5, 40, ['州经信委']),
    target(102, '行政村通宽带比例', 'achieved', 93, 92, ['电信海北分公司']),
    target(103, '3G/4G用户普及率', 'accelerate', 30.2, 40, ['移动海北分公司', '联通海北分公司']),
    target(104, '信息消费规模', 'regressing', 4.1, 6, ['州经信委'], '亿元'),
    target(105, '城镇有线电视覆盖率', 'no_data', null, 85, ['州广播电视局']),
  ];
  const tasks = over.tasks ?? [
    task(201, '建设智慧海北平台', 'green', ['州政府电子政务中心'], 60),
    task(202, '完成农村牧区3G网络覆盖', 'red', ['联通海北分公司'], 35),
    task(203, '制定宽带发展实施办法', 'yellow', ['州发改委'], 80),
  ];
  const reporting = over.reporting === undefined
    ? [unitReporting(1, '州经信委', 3, 3, 0), unitReporting(2, '州教育局', 3, 1, 0), unitReporting(3, '州卫生局', 3, 2, 1), unitReporting(4, '州发改委', 3, 3, 0)]
    : over.reporting;
  const fig = (value: number, field: string, kind: 'indicator' | 'task' = 'indicator'): Figure => ({ value, unit: '项', source: { kind, api: statusApi, field } } as Figure);
  const byStatus = Object.fromEntries(TARGET_STATUSES.map((s) => [s, fig(targets.filter((t) => t.status === s).length, `counts.${s}`)])) as BriefingData['counts']['byStatus'];
  const completeness = reporting ? completenessOf(reporting) : null;
  const behindTargets = targets.filter((t) => ['accelerate', 'limited', 'regressing'].includes(t.status));
  const behindTasks = tasks.filter((t) => t.light === 'red' || t.light === 'yellow');
  const units = new Map<string, string[]>();
  const add = (n: string, r: string) => units.set(n, [...(units.get(n) ?? []), r]);
  for (const t of behindTasks) for (const u of t.units) add(u, `${t.light === 'red' ? '红灯' : '黄灯'}任务1项`);
  for (const u of completeness?.byUnit ?? []) if ((u.missing.value ?? 0) > 0) add(u.unitName, '逾期未报');
  return {
    plan: { id: 7, title: '海北州人民政府办公室关于海北州建设宽带青海促进信息消费工作2014年实施方案', docNumber: '北政办〔2014〕11号', issuer: '海北州人民政府办公室', divisionCode: '6322' },
    region: { code: '6322', name: '海北藏族自治州', scopeWord: '全州' },
    period: { code: '2014Q2', label: '2014年第二季度', start: '2014-04-01', end: '2014-06-30' },
    asOf: '2014-07-15',
    targetsAsOf: '2014-06-30',
    issuer: '海北州人民政府办公室',
    addressee: '各县人民政府，青海湖农场，州政府各部门',
    generatedAt: '2014-07-15T08:00:00.000Z',
    counts: {
      targets: fig(targets.length, 'counts.targets'),
      byStatus,
      tasks: fig(tasks.length, 'counts.tasks', 'task'),
      byLight: {
        green: fig(tasks.filter((t) => t.light === 'green').length, 'counts.green', 'task'),
        yellow: fig(tasks.filter((t) => t.light === 'yellow').length, 'counts.yellow', 'task'),
        red: fig(tasks.filter((t) => t.light === 'red').length, 'counts.red', 'task'),
      },
    },
    targets,
    tasks,
    completeness,
    behind: { targets: behindTargets, tasks: behindTasks, units: [...units].map(([name, reasons]) => ({ name, reasons })) },
    keyNumbers: targets.filter((t) => t.latest.period === '2014Q2').map((t) => ({ label: t.indicator, figure: t.latest, period: t.latest.period })),
    notes: [],
    ...(over.extras === false
      ? {}
      : {
          previous: {
            period: { code: '2014Q1', label: '2014年第一季度' },
            asOf: '2014-04-15',
            achieved: 0,
            behindTargets: 3,
            red: 2,
            yellow: 0,
            onTimeRate: 58.3,
            behindUnits: ['州教育局', '州广播电视局'],
            source: { kind: 'indicator', api: '/api/plans/7/briefing/data?period=2014Q1&asOf=2014-04-15' },
          },
          rankings: {
            divisions: {
              indicator: '固定宽带家庭普及率',
              unit: '%',
              period: '2014Q2',
              higherIsBetter: true,
              items: [
                { rank: 1, name: '门源回族自治县', value: 41.2 },
                { rank: 2, name: '海晏县', value: 39 },
                { rank: 3, name: '祁连县', value: 36.4 },
                { rank: 4, name: '刚察县', value: 33.1 },
              ],
              source: { kind: 'indicator', api: '/api/indicators/3/ranking?parent=6322&period=2014Q2&by=division' },
            },
            units: [
              { name: '州经信委', onTimeRate: 100, progress: null, rank: 1 },
              { name: '州发改委', onTimeRate: 100, progress: 80, rank: 1 },
              { name: '州卫生局', onTimeRate: 66.7, progress: null, rank: 3 },
              { name: '州教育局', onTimeRate: 33.3, progress: null, rank: 4 },
            ],
          },
          investments: {
            currency: '万元',
            items: [
              { unitName: '电信海北分公司', planned: 8000, done: 2400, rate: 30 },
              { unitName: '移动海北分公司', planned: 6000, done: 0, rate: 0 },
            ],
            totals: { planned: 14000, done: 2400, rate: 17.1 },
            source: { kind: 'indicator', api: '/api/plans/7/investments', field: 'items' },
          },
          reported: [
            { unitName: '州政府电子政务中心', itemId: 201, itemTitle: '建设智慧海北平台', period: '2014Q2', kind: 'narrative', text: '完成平台一期部署，接入12个部门。' },
            { unitName: '联通海北分公司', itemId: 202, itemTitle: '完成农村牧区3G网络覆盖', period: '2014Q2', kind: 'problem', text: '基站选址受草场审批影响，需州政府协调。' },
          ],
        }),
  };
}
