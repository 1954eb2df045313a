/**
 * Plan status is a function of (plan, period, as-of): nothing submitted after the as-of day and
 * nothing of a later period changes it. The first test is the defect seen in the demo: the 2014Q2
 * briefing of 海北 said a task was at 53% — its 2014Q3 report, submitted on 2014-10-19 — where the
 * approved 2014Q2 report says 30%.
 */
import { beforeAll, expect, it } from 'vitest';
import { describeEachEngine } from '../../test/db.ts';
import { SYSTEM } from '../platform/audit.ts';
import { configureClock } from '../kernel/clock.ts';
import { addDays, endOfChinaDay } from '../kernel/day.ts';
import { makePeriod, parsePeriod, type PeriodType } from '../kernel/period.ts';
import { planStatus } from './status.service.ts';
import { type Fixture, monitoredProvince, planWithItems, reportProgress } from './status.test-fixtures.ts';
import { saveTargetLink } from './target-links.service.ts';
import { recordApprovedValues } from './values.service.ts';

/** A small seeded generator (mulberry32): the same cases on every run and both engines. */
function rng(seed: number) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

describeEachEngine('plan status as of a day', (getDb) => {
  let f: Fixture;
  let planId: number;
  let ids: Record<string, number>;

  beforeAll(async () => {
    const db = getDb();
    f = await monitoredProvince(db);
    ({ planId, ids } = await planWithItems(db, [
      { key: 'fixed', kind: 'target', data: { indicator: '固定宽带家庭普及率', scope: null, value: 50, unit: '%', comparator: '>=', deadline: '2015', baseline: { value: 40, date: '2013' } } },
      { key: 'center', kind: 'task', data: { title: '州政府电子政务中心', section: null, leadUnits: [], responsibleUnits: [], deadline: '2015-12-31' }, units: [f.units.telecom] },
      { key: 'm1', kind: 'milestone', data: { task: '州政府电子政务中心', due: '2014-12-20' }, parent: 'center' },
    ]));
    await saveTargetLink(db, SYSTEM, planId, ids.fixed, { indicatorId: f.indicators.fixed });
    // 2014Q2: 30%, submitted 8 July (Beijing morning), approved; 2014Q3: 53%, submitted 19 October.
    await reportProgress(db, f.units.telecom, '2014Q2', 'approved', [{ itemId: ids.center, status: 'in_progress', percent: 30 }], new Date('2014-07-08T01:00:00Z'));
    await reportProgress(db, f.units.telecom, '2014Q3', 'submitted', [{ itemId: ids.center, status: 'in_progress', percent: 53 }], new Date('2014-10-19T02:00:00Z'));
  });

  it('reads a 2014Q2 status on 2014-07-11 from the 2014Q2 report, not the later 2014Q3 one', async () => {
    const r = await planStatus(getDb(), planId, { period: '2014Q2', asOf: '2014-07-11' });
    const task = r.tasks.find((t) => t.itemId === ids.center)!;
    expect(task.progress).toMatchObject({ period: '2014Q2', percent: 30 });
    expect(task.reportedPercent).toBe(30);
    expect(r.targetsAsOf).toBe('2014-06-30');
    // Even read long after: the 2014Q2 status never shows a later period's report.
    const later = await planStatus(getDb(), planId, { period: '2014Q2', asOf: '2015-06-30' });
    expect(later.tasks.find((t) => t.itemId === ids.center)!.progress).toMatchObject({ period: '2014Q2', percent: 30 });
    // A quarterly series read for 2014Q2 stops at 2014Q2, whatever the as-of day.
    expect(later.targets[0].series.map((s) => s.period).at(-1)).toBe('2014Q2');
    // The 2014Q3 status after its report came in does show it.
    const q3 = await planStatus(getDb(), planId, { period: '2014Q3', asOf: '2014-10-20' });
    expect(q3.tasks.find((t) => t.itemId === ids.center)!.progress).toMatchObject({ period: '2014Q3', percent: 53 });
  });

  it('counts a report from the Beijing day it was submitted on (00:00–08:00 Beijing is not the day before)', async () => {
    // 2014-10-19T02:00Z is 10:00 on 19 October in Beijing: not known on the 18th, known on the 19th.
    const before = await planStatus(getDb(), planId, { period: '2014Q3', asOf: '2014-10-18' });
    expect(before.tasks.find((t) => t.itemId === ids.center)!.progress).toMatchObject({ period: '2014Q2' });
    const on = await planStatus(getDb(), planId, { period: '2014Q3', asOf: '2014-10-19' });
    expect(on.tasks.find((t) => t.itemId === ids.center)!.progress).toMatchObject({ period: '2014Q3' });
    // The 2014Q2 report, submitted at 09:00 Beijing on 8 July, counts on the 8th.
    const q2 = await planStatus(getDb(), planId, { period: '2014Q2', asOf: '2014-07-08' });
    expect(q2.tasks.find((t) => t.itemId === ids.center)!.progress).toMatchObject({ period: '2014Q2', percent: 30 });
  });

  it('under a declared today, a report submitted now counts as of today (not years after it)', async () => {
    configureClock({ today: '2015-12-20' });
    try {
      await reportProgress(getDb(), f.units.mobile, '2015Q4', 'submitted', [{ itemId: ids.center, status: 'in_progress', percent: 88 }]);
      const now = await planStatus(getDb(), planId, {});
      expect(now.asOf).toBe('2015-12-20');
      expect(now.tasks.find((t) => t.itemId === ids.center)!.progress).toMatchObject({ period: '2015Q4', percent: 88 });
      const dayBefore = await planStatus(getDb(), planId, { asOf: '2015-12-19' });
      expect(dayBefore.tasks.find((t) => t.itemId === ids.center)!.progress?.percent).not.toBe(88);
    } finally {
      configureClock({ today: null });
    }
  });

  it('property: data submitted after the as-of day or of a later period never changes a status', async () => {
    const db = getDb();
    const next = rng(20140711);
    const pick = <T>(xs: T[]) => xs[Math.floor(next() * xs.length)];
    const types: PeriodType[] = ['Q', 'M', 'H', 'Y'];
    const cases = 6;
    for (let i = 0; i < cases; i++) {
      const type = pick(types);
      const year = pick([2014, 2015]);
      const index = 1 + Math.floor(next() * { M: 12, Q: 4, H: 2, Y: 1 }[type]);
      const period = makePeriod(type, year, index);
      const asOf = addDays(period.start, Math.floor(next() * 200));
      const horizon = period.end < asOf ? period.end : asOf;
      const before = await planStatus(db, planId, { period: period.code, asOf });

      // (a) a report of this or an earlier period, submitted just after the as-of day ends in Beijing
      const late = new Date(endOfChinaDay(asOf).getTime() + Math.floor(next() * 3) * 3_600_000);
      await reportProgress(db, f.units.telecom, period.code, pick(['submitted', 'approved'] as const), [{ itemId: ids.center, status: 'done', percent: 100 }], late);
      // (b) a report of a later period, submitted before the as-of day (an early report is still later)
      const laterPeriod = parsePeriod(pick([`${year + 1}Q1`, `${year + 1}M02`, `${year + 1}`]));
      await reportProgress(db, f.units.telecom, laterPeriod.code, 'approved', [{ itemId: ids.center, status: 'behind', percent: 1 }], new Date(`${period.start}T01:00:00Z`));
      // (c) approved values of months that start after the horizon
      const m = parsePeriod(addDays(horizon, 1 + Math.floor(next() * 60)).slice(0, 7).replace('-', 'M'));
      if (m.start > horizon) {
        await recordApprovedValues(db.kysely, [
          { elementId: f.elements.users, divisionCode: '430102', period: m.code, value: 99, unitId: f.units.telecom, submissionId: null },
          { elementId: f.elements.households, divisionCode: '430102', period: m.code, value: 100, unitId: f.units.telecom, submissionId: null },
        ]);
      }

      const after = await planStatus(db, planId, { period: period.code, asOf });
      expect({ case: i, period: period.code, asOf, status: after }).toEqual({ case: i, period: period.code, asOf, status: before });
    }
  });
});
