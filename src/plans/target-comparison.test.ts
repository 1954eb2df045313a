import { expect, it } from 'vitest';
import { compareTargets, dice, type ComparableTarget } from './target-comparison.ts';

const t = (o: Partial<ComparableTarget>): ComparableTarget => ({
  itemId: 1, planId: 1, planTitle: 'p', indicator: '', scope: null, value: 0, unit: '%', comparator: '>=', deadline: '2020', ...o,
});

it('pairs the same indicator across levels and leaves different ones apart', () => {
  const prefecture = [t({ itemId: 1, indicator: '固定宽带家庭普及率', value: 60 }), t({ itemId: 2, indicator: '行政村通宽带比例', value: 98 })];
  const province = [
    t({ itemId: 10, planId: 2, indicator: '全省固定宽带家庭普及率', value: 70 }),
    t({ itemId: 11, planId: 2, indicator: '有线电视数字化率', value: 90 }),
    t({ itemId: 12, planId: 2, indicator: '固定宽带家庭普及率', value: 50, unit: 'Mbps' }),
  ];
  const r = compareTargets(prefecture, province);
  expect(r[0].counterparts.map((c) => c.itemId)).toEqual([10]);
  expect(r[1].counterparts).toEqual([]);
  expect(dice('固定宽带家庭普及率', '固定宽带家庭普及率')).toBe(1);
});
