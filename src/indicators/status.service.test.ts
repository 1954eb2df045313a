import { beforeAll, expect, it } from 'vitest';
import { describeEachEngine } from '../../test/db.ts';
import { SYSTEM } from '../platform/audit.ts';
import { transaction } from '../platform/db/database.ts';
import { planStatus } from './status.service.ts';
import { type Fixture, monitoredProvince, planWithItems, reportProgress } from './status.test-fixtures.ts';
import { saveTargetLink } from './target-links.service.ts';
import { recordApprovedValues } from './values.service.ts';

const target = (indicator: string, value: number, unit: string, baseline: { value: number; date: string } | null, scope: string | null = null) => ({
  indicator,
  scope,
  value,
  unit,
  comparator: '>=',
  deadline: '2015',
  baseline,
});

describeEachEngine('plan status', (getDb) => {
  let f: Fixture;
  let planId: number;
  let ids: Record<string, number>;

  beforeAll(async () => {
    const db = getDb();
    f = await monitoredProvince(db);
    ({ planId, ids } = await planWithItems(db, [
      { key: 'fixed', kind: 'target', data: target('固定宽带家庭普及率', 50, '%', { value: 40, date: '2013' }) },
      { key: 'villages', kind: 'target', data: target('行政村通宽带比例', 98, '%', { value: 95, date: '2013' }) },
      { key: 'spend', kind: 'target', data: target('信息消费规模', 200, '亿元', null) },
      { key: 'changsha', kind: 'target', data: target('固定宽带家庭普及率', 43, '%', { value: 40, date: '2013' }, '长沙市') },
      { key: 'unlinked', kind: 'target', data: target('电子商务交易额', 3000, '亿元', null) },
      { key: 't1', kind: 'task', data: { title: '光纤入户', section: null, leadUnits: [], responsibleUnits: [] }, units: [f.units.telecom] },
      { key: 'm1', kind: 'milestone', data: { task: '光纤入户', due: '2014-12-20' }, parent: 't1' },
      { key: 't2', kind: 'task', data: { title: '行政村通宽带', section: null, leadUnits: [], responsibleUnits: [] } },
      { key: 't3', kind: 'task', data: { title: '提速降费', section: null, leadUnits: [], responsibleUnits: [] } },
      { key: 'm2', kind: 'milestone', data: { task: null, due: '2015-01-10' } },
    ]));
    const link = (key: string, indicatorId: number, extra: Record<string, unknown> = {}) => saveTargetLink(db, SYSTEM, planId, ids[key], { indicatorId, ...extra });
    await link('fixed', f.indicators.fixed);
    await link('villages', f.indicators.villages);
    await link('spend', f.indicators.spend, { baseline: { value: 100, at: '2013' } });
    await link('changsha', f.indicators.fixed, { divisionCode: '4301' });
    await reportProgress(db, f.units.telecom, '2014Q3', 'submitted', [{ itemId: ids.t1, status: 'in_progress', percent: 50 }], new Date('2014-10-05T00:00:00Z'));
    // submitted before the as-of day of the lights test (2014-12-31): as-of reads ignore later reports
    await reportProgress(db, f.units.telecom, '2014Q4', 'approved', [{ itemId: ids.t1, status: 'done', percent: 100 }, { itemId: ids.t2, status: 'in_progress', percent: 30 }], new Date('2014-12-28T00:00:00Z'));
    await reportProgress(db, f.units.mobile, '2014Q4', 'draft', [{ itemId: ids.t3, status: 'behind', percent: 5 }]);
  });

  it('judges every target at the end of a period, unlinked ones as no data', async () => {
    const r = await planStatus(getDb(), planId, { period: '2014Q4' });
    expect(r.asOf).toBe('2014-12-31');
    const byItem = new Map(r.targets.map((t) => [t.itemId, t]));
    // 40% → 44% (Σ users 132 / Σ households 300) in one of two years: R = 0.10 / 0.118 = 0.847
    const fixed = byItem.get(ids.fixed)!;
    expect(fixed).toMatchObject({ status: 'accelerate', label: { zh: '需加快' }, frequency: 'Q', scale: 'relative', divisionCode: '43' });
    expect(fixed.latest).toMatchObject({ period: '2014Q4', value: 44 });
    expect(fixed.ratio).toBeCloseTo(0.847, 2);
    expect(fixed.expectedNow).toBeCloseTo(45, 1);
    expect(fixed.series).toEqual([
      { period: '2013Q4', value: 40 },
      { period: '2014Q1', value: null },
      { period: '2014Q2', value: 42 },
      { period: '2014Q3', value: null },
      { period: '2014Q4', value: 44 },
    ]);
    // status over time: nothing after the baseline in Q1; 42 by mid-year is R = 0.10347 / 0.11803 = 0.88
    expect(fixed.history).toEqual([
      { period: '2014Q1', status: 'no_data' },
      { period: '2014Q2', status: 'accelerate' },
      { period: '2014Q3', status: 'accelerate' },
      { period: '2014Q4', status: 'accelerate' },
    ]);
    // 95 → 96 towards 98, judged on the gap to 100%: R = 0.2 / 0.3675 = 0.544
    expect(byItem.get(ids.villages)).toMatchObject({ status: 'limited', scale: 'gap' });
    // a flow is read by whole years: 2014 = 3 × 12 × 5 = 180 from a baseline of 100, R ≈ 1.93
    const spend = byItem.get(ids.spend)!;
    expect(spend).toMatchObject({ status: 'on_track', frequency: 'Y', latest: { period: '2014', value: 180 } });
    expect(spend.ratio).toBeCloseTo(1.93, 1);
    // 长沙 alone: 44 ≥ 43
    expect(byItem.get(ids.changsha)).toMatchObject({ status: 'achieved', divisionCode: '4301', area: 'all' });
    expect(byItem.get(ids.unlinked)).toMatchObject({ status: 'no_data', reason: 'unlinked', linked: false });
    expect(r.summary.targets).toEqual({ achieved: 1, on_track: 1, accelerate: 1, limited: 1, regressing: 0, no_data: 1 });
    expect(r.method.trajectory.sources[0]).toMatch(/Open SDG/);
  });

  it('gives tasks and milestones their deadline lights from the latest submitted progress', async () => {
    const r = await planStatus(getDb(), planId, { asOf: '2014-12-31', warnDays: 15 });
    const w = new Map([...r.tasks, ...r.milestones].map((x) => [x.itemId, x]));
    expect(w.get(ids.t1)).toMatchObject({ light: 'green', state: 'done', progress: { status: 'done', percent: 100, period: '2014Q4' } });
    expect(w.get(ids.t1)!.units).toEqual([{ role: 'lead', name: expect.stringContaining('湖南电信'), unitId: f.units.telecom }]);
    expect(w.get(ids.m1)).toMatchObject({ light: 'red', state: 'overdue', daysLeft: -11 });
    // due at the plan's end (2015-12-31): 49.9% of the time gone, 30% reported
    expect(w.get(ids.t2)).toMatchObject({ light: 'yellow', state: 'behind', dueOn: '2015-12-31', reportedPercent: 30 });
    expect(w.get(ids.t2)!.plannedPercent).toBeCloseTo(49.9, 1);
    // a draft is not progress
    expect(w.get(ids.t3)).toMatchObject({ light: 'green', state: 'on_time', progress: null });
    expect(w.get(ids.m2)).toMatchObject({ light: 'yellow', state: 'due_soon', daysLeft: 10 });
    expect(r.summary.lights).toEqual({ green: 2, yellow: 2, red: 1 });
    expect(r.summary.done).toBe(1);
  });

  it('a flow ignores the year still running; a newly approved value shows at once', async () => {
    const db = getDb();
    const mid = await planStatus(db, planId, { asOf: '2015-03-31' });
    const spend = mid.targets.find((t) => t.itemId === ids.spend)!;
    expect(spend.latest?.period).toBe('2014');
    expect(spend.series.map((p) => p.period)).toEqual(['2013', '2014']);
    expect(mid.targets.find((t) => t.itemId === ids.fixed)!.status).toBe('accelerate');
    const { users, households } = f.elements;
    const march = (elementId: number, value: number) => ['430102', '430202', '430302'].map((c) => ({ elementId, divisionCode: c, period: '2015M03', value, unitId: null, submissionId: null }));
    await transaction(db, (tx) => recordApprovedValues(tx, [...march(users, 51), ...march(households, 100)]));
    const after = await planStatus(db, planId, { asOf: '2015-03-31' });
    expect(after.targets.find((t) => t.itemId === ids.fixed)).toMatchObject({ status: 'achieved', latest: { period: '2015Q1', value: 51 } });
  });

  it('reads a baseline named by its period only from the data, even a month for a quarterly series', async () => {
    const db = getDb();
    const p = await planWithItems(db, [{ key: 'x', kind: 'target', data: target('固定宽带家庭普及率', 50, '%', null) }]);
    await saveTargetLink(db, SYSTEM, p.planId, p.ids.x, { indicatorId: f.indicators.fixed, baseline: { value: null, at: '2013M12' } });
    const [t] = (await planStatus(db, p.planId, { period: '2014Q4' })).targets;
    expect(t).toMatchObject({ frequency: 'Q', baseline: { value: 40, at: '2013M12' }, status: 'accelerate', latest: { period: '2014Q4', value: 44 } });
  });

  it('refuses an unknown plan', async () => {
    await expect(planStatus(getDb(), 999_999)).rejects.toMatchObject({ code: 'not_found' });
  });
});
