import { describe, expect, it } from 'vitest';
import { parentCode, periodOf, periodsBetween, shiftPeriod } from './pivot-periods.ts';

describe('pivot period helpers', () => {
  it('shifts across year ends for each type', () => {
    expect(shiftPeriod('2015M01', -1)).toBe('2014M12');
    expect(shiftPeriod('2014M07', 11)).toBe('2015M06');
    expect(shiftPeriod('2015Q1', -8 + 1)).toBe('2013Q2');
    expect(shiftPeriod('2015', -4)).toBe('2011');
  });
  it('lists a range oldest first and finds the period of a day', () => {
    expect(periodsBetween('2014Q3', '2015Q2')).toEqual(['2014Q3', '2014Q4', '2015Q1', '2015Q2']);
    expect(periodOf('M', new Date(Date.UTC(2026, 11, 1)))).toBe('2026M12');
    expect(periodOf('Q', new Date(Date.UTC(2026, 5, 30)))).toBe('2026Q2');
    expect(periodOf('Y', new Date(Date.UTC(2026, 0, 1)))).toBe('2026');
  });
  it('walks a division code up to the country', () => {
    expect(['632221001001', '632221001', '632221', '6322', '63'].map(parentCode)).toEqual(['632221001', '632221', '6322', '63', '']);
  });
});
