import { describe, expect, it } from 'vitest';
import { planOf } from './test-helpers.ts';
import { extractReporting } from './reporting.ts';

describe('leading group, reporting, investments, milestones', () => {
  const p = planOf('unit-duties-plan.txt');
  it('reads members with spaced names and the extra roles', () => {
    expect(p.leadingGroup.map((m) => [m.name, m.role, m.title])).toEqual([
      ['王明', '组长', '州政府副州长'],
      ['李大山', '副组长', '州教育局局长'],
      ['赵一', '成员', '州财政局副局长'],
      ['欧阳春花', '成员', '州电信分公司总经理'],
      ['李大山', '办公室主任', '州教育局局长'],
      ['赵一', '联系人', '州财政局副局长'],
    ]);
  });
  it('reads monthly, quarterly with due days, and year-end reporting', () => {
    expect(p.reporting.map((r) => [r.frequency, r.due, r.what, r.by])).toEqual([
      ['monthly', [], '工作进展情况', '各成员单位'],
      ['quarterly', ['04-10', '07-10', '10-10'], '季度小结', '各成员单位'],
      ['annual', ['12-20'], '年度总结', '各成员单位'],
    ]);
  });
  it('merges 按季上报 with the sentence that gives its due days', () => {
    const text = '请各成员单位按月填报进展报表，按季上报总结。每季度（4月8日、7月8日、10月8日前）报送工作小结。';
    const r = extractReporting(text, [[0, text.length]]);
    expect(r.map((x) => [x.frequency, x.due])).toEqual([
      ['monthly', []],
      ['quarterly', ['04-08', '07-08', '10-08']],
    ]);
  });
  it('reads investments with the unit of the paragraph and the year', () => {
    expect(p.investments.map((i) => [i.unit, i.amount, i.currency, i.year])).toEqual([
      ['州教育局', 1200, '万元', 2015],
      ['州电信分公司', 800, '万元', null],
    ]);
  });
  it('reads dated steps as milestones linked to their task', () => {
    const m = planOf('county-broadband-plan.txt').milestones;
    expect(m.find((x) => x.due === '2015-06')).toMatchObject({ task: '实施光纤入村工程', text: '完成乡镇节点改造' });
  });
});

describe('leading group layouts', () => {
  it('reads "张伟（市长）" and one member per line after 成员：', () => {
    expect(planOf('city-action-plan.txt').leadingGroup.map((m) => [m.name, m.role, m.title])).toEqual([
      ['张伟', '组长', '市长'],
      ['刘洋', '副组长', '副市长'],
      ['王芳', '成员', '市商务局局长'],
      ['陈静', '成员', '市发改委主任'],
    ]);
  });
});

describe('a provincial action plan', () => {
  const p = planOf('province-action-plan.txt');
  it('reads phases given as month ranges as milestones due at their end', () => {
    expect(p.milestones.filter((m) => !m.task).map((m) => [m.due, m.text])).toEqual([
      ['2017-12', '省级政务服务事项网上可办率不低于70%'],
      ['2018-12', '全省政务服务事项网上可办率达到90%以上，群众办事平均跑动次数减少50%'],
      ['2016-09', '启动部署阶段。制定实施方案，明确责任分工'],
      ['2017-12', '全面推进阶段。各地各部门按照任务分工推进'],
    ]);
  });
  it('reads 每半年 and 年底前 reporting and （责任单位：…） alone as responsible units', () => {
    expect(p.reporting.map((r) => [r.frequency, r.what])).toEqual([
      ['semiannual', '工作进展情况'],
      ['annual', '全年工作总结'],
    ]);
    expect(p.tasks[0]).toMatchObject({ leadUnits: [], responsibleUnits: ['省政府办公厅', '省发展改革委'] });
    expect(p.basis[0].docNumber).toBe('国发〔2016〕55号');
  });
});
