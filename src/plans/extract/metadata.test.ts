import { describe, expect, it } from 'vitest';
import { extractPlan } from './extract-plan.ts';
import { planOf } from './test-helpers.ts';

describe('metadata', () => {
  it('reads title, 文号, issuer, date and basis of a county plan', () => {
    const p = planOf('county-broadband-plan.txt');
    expect(p.title).toBe('示例县人民政府办公室关于加快农村宽带建设的实施方案');
    expect(p.docNumber).toBe('示例政办〔2015〕7号');
    expect(p.issuer).toBe('示例县人民政府办公室');
    expect(p.issuedOn).toBe('2015-03-06');
    expect(p.basis).toEqual([{ title: '关于加快宽带网络建设的意见', docNumber: '示市政发〔2014〕12号', issuer: '市政府' }]);
  });
  it.each([
    ['示政发[2016]3号', '示政发〔2016〕3号'],
    ['示政发(2016)3号', '示政发〔2016〕3号'],
    ['示政发（2016）3号', '示政发〔2016〕3号'],
    ['示政发〔 2016 3', '示政发〔2016〕3号'],
  ])('normalises the 文号 %s', (raw, want) => {
    expect(extractPlan(`关于推进示例工作的实施意见\n${raw}\n一、主要任务\n1.建设平台。`).docNumber).toBe(want);
  });
  it('joins a title split over an organ line and a 关于 line', () => {
    const p = extractPlan('示例省人民政府\n关于推进示例工作的实施意见\n一、主要任务\n1.建设平台。\n示例省人民政府\n2017年1月24日');
    expect(p.title).toBe('示例省人民政府关于推进示例工作的实施意见');
    expect(p.issuedOn).toBe('2017-01-24');
  });
});
