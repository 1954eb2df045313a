import { describe, expect, it } from 'vitest';
import { findLeadPhrase, findUnitParenthetical, isUnitLabel, splitUnits } from './units.ts';
import { planOf } from './test-helpers.ts';

describe('unit grammar', () => {
  it('reads （牵头单位：A；责任单位：B、C）', () => {
    expect(findUnitParenthetical('推进工作。（牵头单位：县工信局；责任单位：县财政局、县发展改革委）')).toMatchObject({
      lead: ['县工信局'],
      responsible: ['县财政局', '县发展改革委'],
    });
  });
  it('splits on 、 only outside parentheses', () => {
    expect(splitUnits('市经济和信息化局、各县(市、区)人民政府、市农村信息化联席会议各成员单位')).toEqual([
      '市经济和信息化局',
      '各县(市、区)人民政府',
      '市农村信息化联席会议各成员单位',
    ]);
  });
  it('reads A牵头、B配合 and 由A牵头', () => {
    expect(findLeadPhrase('县农业局牵头、县商务局配合。')).toMatchObject({ lead: ['县农业局'], responsible: ['县商务局'] });
    expect(findLeadPhrase('该工程将由市经济和信息化局牵头，统筹推进')).toMatchObject({ lead: ['市经济和信息化局'] });
  });
  it('recognises unit labels but not other labels', () => {
    expect(isUnitLabel('州统计局、国家统计局海北调查队')).toBe(true);
    expect(isUnitLabel('各县、各部门')).toBe(true);
    expect(isUnitLabel('联系人')).toBe(false);
    expect(isUnitLabel('进度安排')).toBe(false);
  });
  it('makes "州教育局：…" paragraphs into tasks led by that unit', () => {
    const tasks = planOf('unit-duties-plan.txt').tasks;
    expect(tasks.map((t) => [t.title, t.leadUnits])).toEqual([
      ['州教育局', ['州教育局']],
      ['州财政局、州发展改革委', ['州财政局', '州发展改革委']],
      ['州电信分公司', ['州电信分公司']],
    ]);
  });
  it('assigns parenthetical and phrase units to numbered tasks', () => {
    const tasks = planOf('county-broadband-plan.txt').tasks;
    expect(tasks[0]).toMatchObject({ title: '实施光纤入村工程', leadUnits: ['县工业和信息化局'], responsibleUnits: ['县财政局', '县发展改革委', '各乡镇人民政府'] });
    expect(tasks[1]).toMatchObject({ title: '推进信息进村入户', leadUnits: ['县农业局'], responsibleUnits: ['县商务局'] });
  });
});

describe('unit grammar without a heading tree of 一、', () => {
  it('reads inline (A牵头，B配合) and unit lines, and skips goal and safeguard sections', () => {
    const tasks = planOf('city-action-plan.txt').tasks;
    expect(tasks.map((t) => [t.title, t.leadUnits, t.responsibleUnits])).toEqual([
      ['培育新型消费', ['市商务局'], ['市发改委']],
      ['改善消费环境', ['市市场监管局'], ['市公安局', '市交通局']],
    ]);
  });
});

describe('central-government style assignments', () => {
  it('reads （A、B按职责分工负责） as the lead units', () => {
    expect(findLeadPhrase('推进产业升级。（市发展改革委、市工信局按职责分工负责）')).toMatchObject({ lead: ['市发展改革委', '市工信局'] });
  });
});

describe('flat plans', () => {
  it('treats 一、 sections as tasks when they have no sub-items', () => {
    const p = planOf('flat-plan.txt');
    expect(p.tasks.map((t) => [t.title, t.leadUnits])).toEqual([
      ['开展河道清淤', ['县水利局']],
      ['整治入河排污口', ['县环保局']],
      ['建设生态护岸', ['县水利局']],
    ]);
    expect(p.milestones.map((m) => [m.due, m.text])).toEqual([
      ['2016-12', '完成主要河道清淤'],
      ['2017', '入河排污口达标率达到95%'],
    ]);
  });
});

describe('task-division tables', () => {
  it('reads rows of a 分工表 whose cells became lines', () => {
    const p = planOf('division-table.txt');
    expect(p.tasks.slice(1).map((t) => [t.title, t.leadUnits, t.responsibleUnits])).toEqual([
      ['建设城市地下综合管廊', ['市住房城乡建设局'], ['市发展改革委', '市财政局']],
      ['推进海绵城市试点', ['市水务局'], ['各区人民政府']],
    ]);
    expect(p.milestones.map((m) => [m.task, m.due])).toEqual([
      ['建设城市地下综合管廊', '2017-12'],
      ['推进海绵城市试点', '2018-06'],
    ]);
  });
});
