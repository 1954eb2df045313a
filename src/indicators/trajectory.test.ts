import { describe, expect, it } from 'vitest';
import { assessTrajectory, classifyRatio, endDateOf, type TrajectoryInput } from './trajectory.ts';

// Years are measured between period end dates: 2013-12-31 → 2014-12-31 is 365/365.25 years and
// 2013-12-31 → 2015-12-31 is 730/365.25 years, so hand figures below hold to about 3 decimals.
const base = (over: Partial<TrajectoryInput> = {}): TrajectoryInput => ({
  baseline: { value: 40, at: '2013' },
  target: { value: 50, comparator: '>=', deadline: '2015' },
  unit: '%',
  observations: [],
  asOf: '2014-12-31',
  ...over,
});

describe('trajectory status (Statistics Canada / Open SDG CAGR ratio)', () => {
  it('a target already met is achieved, whatever the trend', () => {
    const r = assessTrajectory(base({ observations: [{ period: '2014', value: 52 }] }));
    expect(r.status).toBe('achieved');
    expect(r.label.zh).toBe('已达成');
    expect(r.latest).toMatchObject({ period: '2014', value: 52 });
  });

  it('固定宽带家庭普及率 40 → 50: 44 after one of two years is on track by CAGR', () => {
    // observed (44/40)^1 − 1 = 0.10; required (50/40)^(1/2) − 1 = 0.1180; R = 0.847 → 需加快
    const r = assessTrajectory(base({ observations: [{ period: '2014', value: 44 }] }));
    expect(r.scale).toBe('relative');
    expect(r.observedRate).toBeCloseTo(0.1, 3);
    expect(r.requiredRate).toBeCloseTo(0.118034, 3);
    expect(r.ratio).toBeCloseTo(0.8472, 2);
    expect(r.status).toBe('accelerate');
    expect(r.label.zh).toBe('需加快');
    // straight line 40 → 50 over two years: 45 by the end of the first
    expect(r.expectedNow).toBeCloseTo(45, 1);
    // least squares through (0, 40) and (1, 44) reaches 48 at the deadline: not met
    expect(r.projection?.value).toBeCloseTo(48, 1);
    expect(r.projection?.meets).toBe(false);
  });

  it('a falling indicator is regressing (R < 0)', () => {
    // observed 38/40 − 1 = −0.05; R = −0.05 / 0.1180 = −0.424
    const r = assessTrajectory(base({ observations: [{ period: '2014', value: 38 }] }));
    expect(r.ratio).toBeCloseTo(-0.4236, 2);
    expect(r.status).toBe('regressing');
    expect(r.label.zh).toBe('倒退');
  });

  it('行政村通宽带 95 → 98: judged on the gap to 100%, stricter than the raw CAGR', () => {
    const input = base({ baseline: { value: 95, at: '2013' }, target: { value: 98, comparator: '>=', deadline: '2015' }, observations: [{ period: '2014', value: 96 }] });
    // gap 5 → 4: observed 0.8 − 1 = −0.20; required (2/5)^(1/2) − 1 = −0.3675; R = 0.544 → 进展有限
    const r = assessTrajectory(input);
    expect(r.scale).toBe('gap');
    expect(r.observedRate).toBeCloseTo(-0.2, 3);
    expect(r.requiredRate).toBeCloseTo(-0.367544, 3);
    expect(r.ratio).toBeCloseTo(0.5441, 2);
    expect(r.status).toBe('limited');
    // without the natural limit: (96/95) − 1 = 0.01053 vs (98/95)^(1/2) − 1 = 0.01567, R = 0.672 → 需加快
    const raw = assessTrajectory({ ...input, naturalLimit: null });
    expect(raw.scale).toBe('relative');
    expect(raw.ratio).toBeCloseTo(0.672, 2);
    expect(raw.status).toBe('accelerate');
    // a far target (70%) is not near the limit: plain CAGR
    expect(assessTrajectory(base({ observations: [{ period: '2014', value: 44 }] })).scale).toBe('relative');
  });

  it('a 100% target (gap 0) and a zero baseline use linear annual change', () => {
    // 中小学互联网接入率 90 → 100 by 2015: 95 after one year is exactly the straight-line pace
    const full = assessTrajectory(base({ baseline: { value: 90, at: '2013' }, target: { value: 100, comparator: '>=', deadline: '2015' }, observations: [{ period: '2014', value: 95 }] }));
    expect(full.scale).toBe('linear');
    expect(full.ratio).toBeCloseTo(1, 2);
    expect(full.status).toBe('on_track');
    const fromZero = assessTrajectory(base({ unit: '个', baseline: { value: 0, at: '2013' }, target: { value: 100, comparator: '>=', deadline: '2015' }, observations: [{ period: '2014', value: 20 }] }));
    expect(fromZero.scale).toBe('linear');
    expect(fromZero.ratio).toBeCloseTo(0.4, 2);
    expect(fromZero.status).toBe('limited');
  });

  it('too few data points, or no baseline, is no data', () => {
    const none = assessTrajectory(base({ observations: [] }));
    expect(none.status).toBe('no_data');
    expect(none.reason).toBe('too_few_points');
    expect(none.label.zh).toBe('无数据');
    // a value at the baseline period itself is not a second point
    const same = assessTrajectory(base({ observations: [{ period: '2013', value: 41 }, { period: '2014', value: null }] }));
    expect(same.status).toBe('no_data');
    expect(same.reason).toBe('too_few_points');
    const noBase = assessTrajectory(base({ baseline: null, observations: [{ period: '2014', value: 44 }] }));
    expect(noBase.status).toBe('no_data');
    expect(noBase.reason).toBe('no_baseline');
    // a baseline given by period only takes the value observed in that period
    const derived = assessTrajectory(base({ baseline: { value: null, at: '2013' }, observations: [{ period: '2013', value: 40 }, { period: '2014', value: 44 }] }));
    expect(derived.baseline?.value).toBe(40);
    expect(derived.status).toBe('accelerate');
  });

  it('lower-is-better targets invert the direction', () => {
    // 资费 100 → ≤ 80 by 2015: required (0.8)^(1/2) − 1 = −0.1056
    const lower = (v: number) => assessTrajectory(base({ unit: '元', baseline: { value: 100, at: '2013' }, target: { value: 80, comparator: '<=', deadline: '2015' }, observations: [{ period: '2014', value: v }] }));
    expect(lower(89).status).toBe('on_track'); // 0.11 / 0.1056 = 1.04
    expect(lower(90).ratio).toBeCloseTo(0.9472, 2); // just under 0.95
    expect(lower(90).status).toBe('accelerate');
    expect(lower(105).status).toBe('regressing');
    expect(lower(79).status).toBe('achieved');
  });

  it('classifies each threshold boundary (inclusive at the lower end)', () => {
    expect(classifyRatio(0.95)).toBe('on_track');
    expect(classifyRatio(0.9499)).toBe('accelerate');
    expect(classifyRatio(0.6)).toBe('accelerate');
    expect(classifyRatio(0.5999)).toBe('limited');
    expect(classifyRatio(0)).toBe('limited');
    expect(classifyRatio(-0.0001)).toBe('regressing');
    // end to end on the linear scale from 0 to 100, where R = latest / 50 exactly
    const at = (v: number) => assessTrajectory(base({ unit: '个', baseline: { value: 0, at: '2013' }, target: { value: 100, comparator: '>=', deadline: '2015' }, observations: [{ period: '2014', value: v }] })).status;
    expect([at(47.6), at(47.4), at(30.1), at(29.9), at(0.01), at(-0.01)]).toEqual(['on_track', 'accelerate', 'accelerate', 'limited', 'limited', 'regressing']);
  });

  it('uses only points up to asOf; a period in progress counts at asOf', () => {
    const obs = [{ period: '2014', value: 44 }, { period: '2015', value: 46 }, { period: '2016', value: 60 }];
    const r = assessTrajectory(base({ observations: obs, asOf: '2015-06-30' }));
    expect(r.latest).toEqual({ period: '2015', date: '2015-06-30', value: 46 });
    expect(r.series.map((p) => p.period)).toEqual(['2014', '2015']);
    expect(r.deadlinePassed).toBe(false);
    expect(assessTrajectory(base({ observations: obs, asOf: '2016-12-31' })).status).toBe('achieved');
  });

  it('equality targets are met within 0.5%', () => {
    const eq = (v: number) => assessTrajectory(base({ target: { value: 50, comparator: '=', deadline: '2015' }, observations: [{ period: '2014', value: v }] })).status;
    expect(eq(50.2)).toBe('achieved');
    expect(eq(44)).toBe('accelerate');
  });

  it('reads period codes and partial dates as their last day', () => {
    expect(['2013', '2014Q1', '2014M02', '2016-02', '2014-05-04'].map(endDateOf)).toEqual(['2013-12-31', '2014-03-31', '2014-02-28', '2016-02-29', '2014-05-04']);
    expect(() => endDateOf('2014Q5')).toThrow(RangeError);
  });
});
