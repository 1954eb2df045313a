import { describe, expect, it } from 'vitest';
import { areaOfScope, partialDateToPeriod, rankSuggestions } from './target-links.service.ts';
import type { IndicatorSummary } from './target-links.repository.ts';

const ind = (id: number, name: string, unit = '%', status: 'active' | 'archived' = 'active'): IndicatorSummary => ({ id, code: `I${id}`, name, unit, direction: 'higher', status, grain: { numerator: { periodType: 'M', temporal: 'stock' }, denominator: null } });

describe('target links (pure parts)', () => {
  const catalogue = [
    ind(1, '固定宽带家庭普及率'),
    ind(2, '移动宽带用户普及率'),
    ind(3, '行政村通宽带比例'),
    ind(4, '固定宽带家庭普及率（旧口径）', '%', 'archived'),
    ind(5, '完成投资额', '万元'),
  ];

  it('suggests the indicator a target is worded after, best first, archived never', () => {
    expect(rankSuggestions('全省固定宽带家庭普及率', '%', catalogue).map((s) => s.id)).toEqual([1, 2]);
    expect(rankSuggestions('家庭宽带普及率', '%', catalogue)[0].id).toBe(1);
    expect(rankSuggestions('行政村通宽带率', '%', catalogue)[0]).toMatchObject({ id: 3, similarity: expect.any(Number) });
    expect(rankSuggestions('电子商务交易额', '亿元', catalogue)).toEqual([]);
  });

  it('reads the scope’s urban/rural breakdown and the item’s partial dates', () => {
    expect(['农村家庭', '城市家庭', '城镇', '长沙市', null].map(areaOfScope)).toEqual(['rural', 'urban', 'urban', 'all', 'all']);
    expect(['2015', '2015-06', '2015-06-30', null, 'soon'].map(partialDateToPeriod)).toEqual(['2015', '2015M06', '2015-06-30', null, null]);
  });
});
