import { describe, expect, it } from 'vitest';
import { extractPlan } from './extract-plan.ts';
import { planOf } from './test-helpers.ts';

const targetsOf = (body: string) => extractPlan(`关于推进示例工作的实施方案\n一、发展目标\n${body}`).targets;

describe('targets', () => {
  it('reads 到2016年…达到75% with its deadline', () => {
    expect(targetsOf('到2016年，全市互联网普及率达到75%。')).toMatchObject([
      { indicator: '全市互联网普及率', value: 75, unit: '%', comparator: '>=', deadline: '2016' },
    ]);
  });
  it('splits 分别达到100兆和20兆以上 over the two places', () => {
    const t = targetsOf('到2016年，城市和农村平均接入带宽能力分别达到100兆和20兆以上。');
    expect(t.map((x) => [x.scope, x.indicator, x.value, x.unit, x.comparator])).toEqual([
      ['城市', '平均接入带宽能力', 100, 'Mbps', '>='],
      ['农村', '平均接入带宽能力', 20, 'Mbps', '>='],
    ]);
  });
  it('reads 不低于 and 不超过', () => {
    const t = targetsOf('城镇学校出口带宽不低于10M，单位能耗不超过5%。');
    expect(t.map((x) => [x.value, x.unit, x.comparator])).toEqual([
      [10, 'Mbps', '>='],
      [5, '%', '<='],
    ]);
  });
  it('reads counts after a verb, 年底 deadlines and a place that borrows the indicator', () => {
    const t = targetsOf('2014年年底，建成1000家“数字企业”。县级城市网改率达到70%，市级城市达到90%。');
    expect(t[0]).toMatchObject({ indicator: '“数字企业”', value: 1000, unit: '家', deadline: '2014-12' });
    expect(t[2]).toMatchObject({ scope: '市级城市', value: 90 });
    expect(t[2].indicator).toContain('网改率');
  });
  it('takes full-width digits and lead-in dates that govern bullets', () => {
    const t = targetsOf('到２０１８年：\n——宽带普及率达到８０％。\n——建成３个示范园区。');
    expect(t.map((x) => [x.value, x.deadline])).toEqual([
      [80, '2018'],
      [3, '2018'],
    ]);
  });
  it('ignores levels, generations, counts of aspects and money to be invested', () => {
    expect(targetsOf('建设市、县两级平台，推进4G网络，将任务分为5个方面，计划投资3亿元。')).toEqual([]);
  });
  it('finds the county fixture targets', () => {
    expect(planOf('county-broadband-plan.txt').targets.map((t) => t.value)).toEqual([95, 50, 12, 300, 200]);
  });
});

describe('growth targets', () => {
  it('reads 年均增长10%以上 and 突破1000亿元', () => {
    expect(planOf('city-action-plan.txt').targets.map((t) => [t.indicator, t.value, t.unit, t.comparator, t.deadline])).toEqual([
      ['社会消费品零售总额', 10, '%', '>=', '2018'],
      ['电子商务交易额', 1000, '亿元', '>=', '2018'],
    ]);
  });
});
