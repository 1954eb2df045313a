import { describe, expect, it } from 'vitest';
import { fmtNumber, shortName } from '../../charts/format.ts';
import { periodEnd, quartersBetween } from './periods.ts';
import { toTrajectory } from './trajectory.ts';
import type { TargetStatusRow } from './types.ts';

describe('dashboard helpers', () => {
  it('dates a period by its last day', () => {
    expect(['2014', '2014H1', '2014Q1', '2016M02', '2014-06', '2014-06-15', 'x'].map(periodEnd)).toEqual([
      '2014-12-31', '2014-06-30', '2014-03-31', '2016-02-29', '2014-06-30', '2014-06-15', null,
    ]);
    expect(quartersBetween(2014, 2015)).toEqual(['2015Q4', '2015Q3', '2015Q2', '2015Q1', '2014Q4', '2014Q3', '2014Q2', '2014Q1']);
  });

  it('shortens ethnic autonomous names for map labels only where it is safe', () => {
    expect(['海北藏族自治州', '海西蒙古族藏族自治州', '门源回族自治县', '西宁市', '祁连县'].map(shortName)).toEqual(['海北州', '海西州', '门源县', '西宁市', '祁连县']);
  });

  it('prints figures with at most two decimals', () => {
    expect([37.06685360650671, 123.456, 48000, 0, null].map(fmtNumber)).toEqual(['37.07', '123.5', '48,000', '0', '—']);
  });

  it('turns a status row into chart points after the baseline, a running period counted at the as-of day', () => {
    const row = {
      unit: '%',
      indicator: { id: 1, code: 'FBB', name: '固定宽带家庭普及率', unit: '%', direction: 'higher' },
      baseline: { value: 28.8, at: '2014M01', date: '2014-01-31' },
      target: { value: 40, comparator: '>=', deadline: '2015' },
      series: [
        { period: '2014M01', value: 28.8 },
        { period: '2014Q2', value: 30.7 },
        { period: '2014Q1', value: null },
        { period: '2014Q3', value: 31.5 },
      ],
      expectedNow: 33,
      projection: { value: 37.8, meets: false },
    } as unknown as TargetStatusRow;
    const tr = toTrajectory(row, '2014-08-15');
    expect(tr?.target).toEqual({ value: 40, comparator: '>=', deadline: '2015', date: '2015-12-31' });
    expect(tr?.series).toEqual([
      { period: '2014Q2', date: '2014-06-30', value: 30.7 },
      { period: '2014Q3', date: '2014-08-15', value: 31.5 },
    ]);
    expect(toTrajectory({ ...row, target: { ...row.target, deadline: null } }, '2014-08-15')).toBeNull();
  });
});
