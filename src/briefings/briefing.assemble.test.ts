import { describe, expect, it } from 'vitest';
import type { CompletenessReport, CompletenessRow } from '../reporting/completeness.service.ts';
import { configureClock } from '../kernel/clock.ts';
import type { WorkStatus } from '../indicators/status.service.ts';
import { addresseeOf, briefingAsOf, briefingFromReadings, briefingPeriod, chargedUnits, type Readings, taskTitle, unitReadings } from './briefing.assemble.ts';

const plan: { id: number; title: string; docNumber: string | null; issuer: string | null; divisionCode: string | null } = { id: 9, title: '清远市人民政府关于加快宽带网络建设的实施方案', docNumber: '清府〔2014〕5号', issuer: null, divisionCode: '4418' };
const period = { code: '2014Q2', start: '2014-04-01', end: '2014-06-30' };

function readings(over: Partial<Readings> = {}): Readings {
  return {
    targets: [
      { itemId: 1, indicator: '互联网普及率', scope: '全市', unit: '%', comparator: '>=', baseline: { value: 50, period: '2013' }, latest: { value: 60, period: '2014Q2' }, target: 75, deadline: '2016', status: 'accelerate', units: ['市经信局'] },
      { itemId: 2, indicator: '中小学互联网接入率', scope: null, unit: '%', comparator: '>=', baseline: { value: null, period: null }, latest: { value: 99, period: '2014Q1' }, target: 100, deadline: '2016', status: 'on_track', units: [] },
    ],
    tasks: [
      { itemId: 10, kind: 'task', title: '建设城市光纤网络', deadline: '2014-06-30', light: 'red', progress: 40, units: ['电信清远分公司'] },
      { itemId: 11, kind: 'milestone', title: '完成规划编制', deadline: '2014-09-30', light: 'yellow', progress: null, units: ['市经信局'] },
      { itemId: 12, kind: 'task', title: '推进电子政务', deadline: '2014-12-31', light: 'green', progress: 50, units: ['市政务办'] },
    ],
    units: [
      { unitId: 1, unitName: '市经信局', expected: 3, submitted: 3, onTime: 3, late: 0, missing: 0, submissionRate: 100, onTimeRate: 100 },
      { unitId: 2, unitName: '电信清远分公司', expected: 3, submitted: 2, onTime: 1, late: 1, missing: 1, submissionRate: 66.67, onTimeRate: 33.33 },
      { unitId: 3, unitName: '市政务办', expected: 0, submitted: 0, onTime: 0, late: 0, missing: 0, submissionRate: null, onTimeRate: null },
    ],
    notes: [],
    periods: ['2014M04', '2014M05', '2014M06'],
    ...over,
  };
}

const build = (r: Readings, p: Partial<typeof plan> = {}) =>
  briefingFromReadings({ plan: { ...plan, ...p }, division: { code: '4418', name: '清远市' }, source: '清远市人民政府关于…\n各县（市、区）人民政府，市府直属各单位：\n为…', period, asOf: '2014-07-20', now: new Date('2014-07-21T02:00:00Z'), readings: r });

describe('briefing assembly (pure part)', () => {
  it('counts targets by status and tasks by light from the readings', () => {
    const d = build(readings());
    expect(d.counts.targets.value).toBe(2);
    expect(d.counts.byStatus.accelerate.value).toBe(1);
    expect(d.counts.byStatus.on_track.value).toBe(1);
    expect(d.counts.byStatus.achieved.value).toBe(0);
    expect([d.counts.byLight.green.value, d.counts.byLight.yellow.value, d.counts.byLight.red.value]).toEqual([1, 1, 1]);
    expect(d.region.scopeWord).toBe('全市');
    expect(d.period.label).toBe('2014年第二季度');
  });

  it('names behind targets, tasks and units with their reasons', () => {
    const d = build(readings());
    expect(d.behind.targets.map((t) => t.itemId)).toEqual([1]);
    expect(d.behind.tasks.map((t) => t.itemId)).toEqual([10, 11]);
    expect(d.behind.units).toEqual([
      { name: '电信清远分公司', reasons: ['红灯任务1项', '逾期未报'] },
      { name: '市经信局', reasons: ['黄灯任务1项', '指标需加快'] },
    ]);
  });

  it('totals reporting over units that owed something, the rate over reports as the API computes it', () => {
    const c = build(readings()).completeness!;
    expect(c.byUnit.map((u) => u.unitName)).toEqual(['市经信局', '电信清远分公司']);
    expect([c.unitsExpected.value, c.unitsOnTime.value, c.unitsMissing.value, c.reportsExpected.value, c.reportsOnTime.value]).toEqual([2, 1, 1, 6, 4]);
    expect(c.onTimeRate).toMatchObject({ value: 66.67, unit: '%', decimals: 1 });
    expect(c.onTimeRate.source).toEqual({ kind: 'completeness', api: '/api/reporting/completeness?planId=9&asOf=2014-07-20', periods: ['2014M04', '2014M05', '2014M06'], field: 'totals.onTimeRate×100', unitId: null });
    expect(build(readings({ units: null })).completeness).toBeNull();
  });

  it('keeps only this period’s values as key numbers, and traces every figure to its API', () => {
    const d = build(readings());
    expect(d.keyNumbers.map((k) => k.label)).toEqual(['按时报送率', '已达成目标指标', '红灯任务', '互联网普及率']);
    expect(d.targets[0].latest.source).toEqual({ kind: 'indicator', api: '/api/plans/9/status?period=2014Q2&asOf=2014-06-30', period: '2014Q2', itemId: 1, indicator: '互联网普及率', divisionCode: '4418', field: 'latest.value' });
    expect(d.targets[0].target.source.api).toBe('/api/plans/9/items?kind=target');
    expect(d.tasks[0].progress.source).toMatchObject({ kind: 'task', api: '/api/plans/9/status?period=2014Q2&asOf=2014-07-20', itemId: 10, field: 'progress' });
    expect(d.targetsAsOf).toBe('2014-06-30');
  });

  it('falls back for a plan without issuer, and reads the addressees from the plan text', () => {
    const d = build(readings());
    expect(d.issuer).toBe('清远市人民政府办公室');
    expect(d.addressee).toBe('各县（市、区）人民政府，市府直属各单位');
    expect(addresseeOf('没有主送机关的文本。')).toBe('各有关单位');
    expect(build(readings(), { issuer: '清远市人民政府' }).issuer).toBe('清远市人民政府');
  });

  it('refuses bad period codes and dates naming the field', () => {
    expect(() => briefingPeriod('2014Q5')).toThrow(expect.objectContaining({ code: 'validation_failed', details: { fields: [expect.objectContaining({ field: 'period' })] } }));
    expect(() => briefingAsOf('2014-02-30')).toThrow(expect.objectContaining({ details: { fields: [expect.objectContaining({ field: 'asOf' })] } }));
    configureClock({ today: '2014-07-01' });
    try {
      expect(briefingAsOf(undefined)).toBe('2014-07-01');
    } finally {
      configureClock({ today: null });
    }
  });
});

describe('task titles', () => {
  it('names a task headed by its unit alone by the first clause of its text', () => {
    expect(taskTitle('电信海北分公司', ['电信海北分公司'], '2014年争取落实投资2亿元，重点包括农村信息化工程。')).toBe('电信海北分公司：2014年争取落实投资2亿元');
    expect(taskTitle('建设智慧海北平台', ['州经信委'], '全面建设。')).toBe('建设智慧海北平台');
    expect(taskTitle('', [], '完成规划编制并报州政府审定，同时开展试点')).toBe('完成规划编制并报州政府审定');
  });
});

describe('unit readings', () => {
  const row = (unitId: number, p: string, state: CompletenessRow['state']): CompletenessRow => ({
    formId: 1, formCode: 'F', formName: 'F', unitId, unitName: `单位${unitId}`, unitDivisionCode: '4418', period: p, dueOn: '2014-07-10', state, submittedOn: null, submissionId: null, submissionStatus: null, daysOverdue: 0,
  });
  it('counts the reports of months and quarters within the period, not those of other periods', () => {
    const report = { asOf: '2014-07-20', rows: [row(1, '2014M03', 'missing'), row(1, '2014M04', 'on_time'), row(1, '2014M05', 'late'), row(1, '2014Q2', 'on_time'), row(2, '2014M06', 'missing'), row(2, '2014H1', 'missing')], totals: {}, byUnit: [], byForm: [] } as unknown as CompletenessReport;
    const r = unitReadings(report, period);
    expect(r.periods).toEqual(['2014M04', '2014M05', '2014M06', '2014Q2']);
    expect(r.units).toEqual([
      { unitId: 1, unitName: '单位1', expected: 3, submitted: 3, onTime: 2, late: 1, missing: 0, submissionRate: 100, onTimeRate: 66.67 },
      { unitId: 2, unitName: '单位2', expected: 1, submitted: 0, onTime: 0, late: 0, missing: 1, submissionRate: 0, onTimeRate: 0 },
    ]);
  });
});

describe('who a delay is charged to', () => {
  const units = [
    { role: 'lead', name: '州经信委', unitId: 1 },
    { role: 'responsible', name: '电信海北分公司', unitId: 2 },
    { role: 'responsible', name: '移动海北分公司', unitId: 3 },
  ];
  const work = (progress: { status: string; unitId: number } | null) => ({ itemId: 1, units, progress }) as unknown as WorkStatus;
  it('charges the unit that reported 滞后, not every unit the task names', () => {
    expect(chargedUnits(work({ status: 'behind', unitId: 3 }), undefined, units.map((u) => u.name))).toEqual(['移动海北分公司']);
  });
  it('charges the lead unit of an overdue task nobody reported behind', () => {
    expect(chargedUnits(work({ status: 'in_progress', unitId: 2 }), undefined, units.map((u) => u.name))).toEqual(['州经信委']);
    expect(chargedUnits(work(null), undefined, units.map((u) => u.name))).toEqual(['州经信委']);
  });
});
