import { describe, expect, it } from 'vitest';
import { itemLabel, shown } from './common.tsx';

// Before: plan items read "固定宽带家庭普及率 >= 50 % 2015" and "宽带发展月报 monthly 州统计局".
describe('plan items as people read them', () => {
  it('shows comparators as signs and frequencies by name', () => {
    expect(itemLabel('target', { indicator: '固定宽带家庭普及率', scope: null, comparator: '>=', value: 50, unit: '%', deadline: '2015' })).toBe('固定宽带家庭普及率 ≥ 50 % 2015');
    expect(itemLabel('reporting', { what: '宽带发展月报', frequency: 'monthly', by: '州统计局' })).toBe('宽带发展月报 每月 州统计局');
    expect(shown('comparator', '<=')).toBe('≤');
    expect(shown('frequency', 'quarterly')).toBe('每季度');
    expect(shown('unit', 'monthly')).toBe('monthly');
  });
});
