import { describe, expect, it } from 'vitest';
import { normaliseText } from './normalise.ts';
import { extractPlan } from './extract-plan.ts';

describe('normaliseText', () => {
  it('maps full-width digits, letters and percent to ASCII but keeps CJK punctuation', () => {
    expect(normaliseText('到２０１６年达到７５％，宽带５０Ｍｂｐｓ（城市）')).toBe('到2016年达到75%，宽带50Mbps（城市）');
  });
  it('maps Kangxi radicals and CJK radical supplement look-alikes to ideographs', () => {
    expect(normaliseText('\u2ed3期\u2ed4户\u2f08民')).toBe('长期门户人民');
  });
  it('removes scrape spaces around numbers but keeps spaces between ideographs', () => {
    expect(normaliseText('到 2015 年，普及率达到 45% 以上')).toBe('到2015年，普及率达到45%以上');
    expect(normaliseText('组 长：朱 清')).toBe('组 长：朱 清');
  });
  it('turns runs of spaces into paragraph breaks and strips the BOM', () => {
    expect(normaliseText('\uFEFF一、目标     二、任务')).toBe('一、目标\n二、任务');
  });
  it('reports spans into the normalised text', () => {
    const plan = extractPlan('关于推进示例工作的实施方案\n一、目标\n到２０１６年，普及率达到７５％。');
    const t = plan.targets[0];
    expect(plan.sourceText.slice(t.span[0], t.span[1])).toContain('75%');
  });
});
