import { describe, expect, it } from 'vitest';
import { buildBriefingData, target, task, unitReporting } from './briefing-data.fixture.ts';
import { periodLabel } from './briefing-data.ts';
import {
  behindTargetsSentence,
  behindTasksSentence,
  behindUnitsSentence,
  briefingTitle,
  completenessByUnitSentence,
  completenessSentence,
  docNumberPlaceholder,
  formatDate,
  formatFigure,
  formatPercent,
  keyNumbersSentence,
  requirementSentence,
  scopeWordOf,
  shortTitle,
  targetsDetailSentence,
  targetStatusSentence,
  taskLightSentence,
} from './briefing-sentences.ts';

describe('briefing sentences', () => {
  it('counts targets by status from the data, leaving out empty categories', () => {
    const d = buildBriefingData();
    expect(targetStatusSentence(d)).toBe('全州5项指标中，1项已达成，1项正常推进，1项需加快，1项倒退，1项暂无监测数据。');
    const twelve = buildBriefingData({
      targets: [
        ...Array.from({ length: 8 }, (_, i) => target(i, `指标${i}`, 'on_track', 1, 2)),
        ...Array.from({ length: 3 }, (_, i) => target(20 + i, `慢${i}`, 'accelerate', 1, 2)),
        target(30, '退', 'regressing', 1, 2),
      ],
    });
    expect(targetStatusSentence(twelve)).toBe('全州12项指标中，8项正常推进，3项需加快，1项倒退。');
  });

  it('says when all targets share a status, none have data, or there are none', () => {
    expect(targetStatusSentence(buildBriefingData({ targets: [target(1, 'a', 'on_track', 1, 2), target(2, 'b', 'on_track', 1, 2)] }))).toBe('全州2项指标均正常推进。');
    expect(targetStatusSentence(buildBriefingData({ targets: [target(1, 'a', 'no_data', null, 2)] }))).toBe('全州1项指标均暂无监测数据。');
    expect(targetStatusSentence(buildBriefingData({ targets: [] }))).toBe('本方案未设定可量化监测的目标指标。');
  });

  it('states reporting with the on-time rate and names late and missing units', () => {
    const d = buildBriefingData();
    expect(completenessSentence(d.completeness)).toBe('本期应报单位4个、报表12份，按时报送9份，按时报送率75.0%；逾期报送：州卫生局；逾期未报：州教育局。');
    const r = buildBriefingData({ reporting: Array.from({ length: 15 }, (_, i) => unitReporting(i + 1, `单位${i + 1}`, 1, i < 12 ? 1 : 0, 0)) });
    expect(completenessSentence(r.completeness)).toBe('本期应报单位15个，按时报送12个，按时报送率80.0%；逾期未报：单位13、单位14、单位15。');
    expect(completenessSentence(null)).toBe('本期报送情况暂无统计数据。');
  });

  it('counts tasks by light and names the behind ones with units, deadline and progress', () => {
    const d = buildBriefingData();
    expect(taskLightSentence(d)).toBe('纳入调度的重点任务和节点3项，其中按期推进（绿灯）1项，需关注（黄灯）1项，逾期未完成（红灯）1项。');
    expect(behindTasksSentence(d.behind.tasks)).toBe(
      '亮红灯的任务1项：完成农村牧区3G网络覆盖（责任单位：联通海北分公司，时限：2014年6月30日，进度35.0%）。亮黄灯的任务1项：制定宽带发展实施办法（责任单位：州发改委，时限：2014年6月30日，进度80.0%）。',
    );
    expect(taskLightSentence(buildBriefingData({ tasks: [task(1, 'x', null, [])] }))).toBe('纳入调度的重点任务和节点1项，其中未设时限1项。');
    expect(behindTasksSentence([])).toBe('重点任务均按期推进。');
  });

  it('names behind targets by status with latest value, target and units', () => {
    const d = buildBriefingData();
    expect(behindTargetsSentence(d.behind.targets)).toBe(
      '倒退的指标1项：信息消费规模（最新值4.1亿元，目标≥6亿元，责任单位：州经信委）。需加快的指标1项：3G/4G用户普及率（最新值30.2%，目标≥40%，责任单位：移动海北分公司、联通海北分公司）。',
    );
    expect(behindUnitsSentence(d.behind.units)).toBe('进展滞后的单位：联通海北分公司（红灯任务1项），州发改委（黄灯任务1项），州教育局（逾期未报）。');
    expect(requirementSentence(d)).toMatch(/^请联通海北分公司、州发改委、州教育局认真分析滞后原因/);
    expect(requirementSentence({ behind: { targets: [], tasks: [], units: [] } })).toMatch(/^请各单位继续/);
  });

  it('names the targets not behind and each unit\'s reporting', () => {
    const d = buildBriefingData();
    expect(targetsDetailSentence(d.targets)).toBe(
      '其中，已达成的指标：行政村通宽带比例（最新值93%，目标≥92%）；正常推进的指标：固定宽带家庭普及率（最新值38.5%，目标≥40%）；暂无监测数据的指标：城镇有线电视覆盖率。需加快、倒退的指标见第四部分。各项指标完成情况见表1。',
    );
    const many = buildBriefingData({ targets: [target(1, '甲', 'on_track', 1, 2), ...Array.from({ length: 6 }, (_, i) => target(10 + i, `无${i}`, 'no_data', null, 2))] });
    expect(targetsDetailSentence(many.targets)).toBe('其中，正常推进的指标：甲（最新值1%，目标≥2%）；另有6项指标暂无监测数据。各项指标完成情况见表1。');
    expect(completenessByUnitSentence(d.completeness)).toBe('分单位看，州经信委、州发改委全部按时报送；州卫生局逾期报送1份；州教育局未报2份。各单位报送情况见表2。');
    expect(formatDate('2014M12')).toBe('2014年12月');
    expect(formatDate('2014Q4')).toBe('2014年第四季度');
    expect(formatFigure({ value: 33.3333, unit: '%', decimals: 1, source: { kind: 'completeness', api: '/x' } })).toBe('33.3%');
    expect(formatFigure({ value: 0, unit: '项', source: { kind: 'task', api: '/x' } })).toBe('0项');
  });

  it('lists the period key numbers', () => {
    expect(keyNumbersSentence(buildBriefingData())).toBe('固定宽带家庭普及率38.5%，行政村通宽带比例93%，3G/4G用户普及率30.2%，信息消费规模4.1亿元。');
  });

  it('builds the title, the 文号 placeholder, dates, labels and the region word', () => {
    const d = buildBriefingData();
    expect(shortTitle(d.plan.title)).toBe('海北州建设宽带青海促进信息消费工作2014年实施方案');
    expect(briefingTitle(d)).toBe('关于《海北州建设宽带青海促进信息消费工作2014年实施方案》2014年第二季度工作推进情况的通报');
    expect(docNumberPlaceholder(d)).toBe('北政办〔2014〕X号');
    expect(docNumberPlaceholder({ ...d, plan: { ...d.plan, docNumber: null } })).toBe('〔2014〕X号');
    expect(formatDate('2014-07-05')).toBe('2014年7月5日');
    expect(formatDate('2014-12')).toBe('2014年12月');
    expect(formatPercent(80)).toBe('80.0%');
    expect(formatPercent(null)).toBe('—');
    expect(periodLabel('2014Q2')).toBe('2014年第二季度');
    expect(periodLabel('2014H2')).toBe('2014年下半年');
    expect(periodLabel('2014M03')).toBe('2014年3月');
    expect(scopeWordOf('海北藏族自治州')).toBe('全州');
    expect(scopeWordOf('清远市')).toBe('全市');
    expect(scopeWordOf('湖南省')).toBe('全省');
  });
});
