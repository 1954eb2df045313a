import { describe, expect, it } from 'vitest';
import { rankEntries } from './ranking.ts';

const rows = [
  { key: '4301', value: 60 },
  { key: '4302', value: null },
  { key: '4303', value: 75 },
  { key: '4304', value: 60 },
  { key: '4305', value: 50 },
];

describe('ranking', () => {
  it('higher is better: ties share a rank, the next rank skips, no data last', () => {
    expect(rankEntries(rows, 'higher').map((r) => [r.key, r.rank])).toEqual([
      ['4303', 1],
      ['4301', 2],
      ['4304', 2],
      ['4305', 4],
      ['4302', null],
    ]);
  });

  it('lower is better reverses the order but keeps no data last', () => {
    expect(rankEntries(rows, 'lower').map((r) => [r.key, r.rank])).toEqual([
      ['4305', 1],
      ['4301', 2],
      ['4304', 2],
      ['4303', 4],
      ['4302', null],
    ]);
  });
});
