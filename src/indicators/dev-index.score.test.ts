import { describe, expect, it } from 'vitest';
import { componentScore, type IndexScoreDef, scoreIndex } from './dev-index.score.ts';

const def: IndexScoreDef = {
  scale: 10,
  groups: [
    { code: 'access', name: '普及', weight: 0.4 },
    { code: 'capability', name: '能力', weight: 0.4 },
    { code: 'use', name: '应用', weight: 0.2 },
  ],
  components: [
    { indicator: 'fixed', name: '固定宽带家庭普及率', group: 'access', reference: 70, log: false, cap: 1, weight: 1 },
    { indicator: 'villages', name: '行政村通宽带比例', group: 'access', reference: 98, log: false, cap: 1, weight: 1 },
    { indicator: 'speed', name: '固定宽带平均下载速率', group: 'capability', reference: 50, log: true, cap: 1, weight: 1 },
    { indicator: 'ftth', name: 'FTTH用户占比', group: 'capability', reference: 100, log: false, cap: 1, weight: 1 },
    { indicator: 'internet', name: '互联网普及率', group: 'use', reference: 100, log: false, cap: 1, weight: 1 },
  ],
};

describe('宽带发展指数 scoring (ITU IDI method)', () => {
  it('a worked example computed by hand', () => {
    // access:     fixed 56/70 = 0.8;  villages 98/98 = 1 (cap)      → (0.8 + 1) / 2 = 0.9
    // capability: speed log10(10)/log10(50) = 1/1.69897 = 0.588592; ftth 60/100 = 0.6 → 0.594296
    // use:        internet 50/100 = 0.5
    // index = 10 × (0.4 × 0.9 + 0.4 × 0.594296 + 0.2 × 0.5) = 10 × 0.697718 = 6.97718
    const r = scoreIndex(def, new Map([['fixed', 56], ['villages', 99.5], ['speed', 10], ['ftth', 60], ['internet', 50]]));
    expect(r.components.find((c) => c.indicator === 'villages')?.z).toBe(1);
    expect(r.groups).toEqual([
      { code: 'access', score: 0.9 },
      { code: 'capability', score: expect.closeTo(0.594296, 5) },
      { code: 'use', score: 0.5 },
    ]);
    expect(r.score).toBeCloseTo(6.97718, 4);
    expect(r.missing).toEqual([]);
  });

  it('a missing component is left out and its group renormalised; nothing at all is no score', () => {
    // capability from ftth alone: 0.6 → 10 × (0.36 + 0.24 + 0.1) = 7.0
    const r = scoreIndex(def, new Map([['fixed', 56], ['villages', 99.5], ['ftth', 60], ['internet', 50]]));
    expect(r.missing).toEqual(['speed']);
    expect(r.score).toBeCloseTo(7.0, 6);
    // a whole group missing: the other groups' weights renormalise (0.4 + 0.4)
    const noUse = scoreIndex(def, new Map([['fixed', 56], ['villages', 99.5], ['ftth', 60], ['speed', 10]]));
    expect(noUse.score).toBeCloseTo((10 * (0.4 * 0.9 + 0.4 * 0.594296)) / 0.8, 4);
    expect(scoreIndex(def, new Map()).score).toBeNull();
  });

  it('caps, floors and log scaling of single components', () => {
    expect(componentScore(140, { reference: 70, log: false, cap: 1 })).toBe(1);
    expect(componentScore(140, { reference: 70, log: false, cap: 1.2 })).toBe(1.2);
    expect(componentScore(-5, { reference: 70, log: false, cap: 1 })).toBe(0);
    expect(componentScore(50, { reference: 50, log: true, cap: 1 })).toBe(1);
    expect(componentScore(0.5, { reference: 50, log: true, cap: 1 })).toBe(0);
    expect(componentScore(null, { reference: 50, log: true, cap: 1 })).toBeNull();
  });
});
