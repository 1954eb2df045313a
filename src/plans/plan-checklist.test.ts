import { describe, expect, it } from 'vitest';
import { checklistOf } from './plan-checklist.ts';
import type { Plan, PlanItem } from './plan.repository.ts';

const plan = (p: Partial<Plan> = {}): Plan => ({
  id: 1, title: 't', docNumber: null, issuer: null, issuedOn: '2014-02-18', periodStart: 2014, periodEnd: 2014, divisionCode: '6322',
  status: 'draft', published: false, sourceFilename: null, sourceFormat: null, createdAt: '', activatedAt: null, version: 1, ...p,
});
let seq = 0;
// Partial data on purpose: the checklist reads only the fields each case sets.
const item = (kind: PlanItem['kind'], data: Record<string, unknown>, reviewStatus: PlanItem['reviewStatus'] = 'accepted', units: PlanItem['units'] = []): PlanItem =>
  ({ id: ++seq, planId: 1, kind, parentId: null, ord: seq, data, span: null, reviewStatus, version: 1, units }) as PlanItem;
const codes = (c: ReturnType<typeof checklistOf>) => Object.fromEntries(c.entries.map((e) => [e.code, e.severity]));

describe('activation checklist', () => {
  it('blocks when duties cannot get a calendar: no frequency, or no period and no issue date', () => {
    const duty = item('reporting', { what: '进展', frequency: 'quarterly', due: ['04-08'], by: null });
    expect(checklistOf(plan({ periodStart: null, issuedOn: null, periodEnd: null }), [duty], new Set()).entries.find((e) => e.code === 'no_period')?.severity).toBe('blocking');
    const vague = item('reporting', { what: '进展', frequency: 'unspecified', due: [], by: null });
    const c = checklistOf(plan(), [duty, vague], new Set());
    expect(c.ready).toBe(false);
    expect(codes(c)).toEqual({ duty_no_frequency: 'blocking' });
    // A deleted 定期 duty blocks nothing; a one-off report needs no calendar.
    const gone = { ...vague, reviewStatus: 'deleted' as const };
    expect(checklistOf(plan(), [duty, gone, item('reporting', { what: '总结', frequency: 'once', due: [], by: null })], new Set()).ready).toBe(true);
  });

  it('warns about what the office should look at, with the items and units concerned', () => {
    const target = item('target', { indicator: '光纤入户率', deadline: '2017' }, 'pending');
    const linked = item('target', { indicator: '宽带用户', deadline: '2015' });
    const annual = item('reporting', { what: '年度总结', frequency: 'annual', due: ['12-18'], by: null });
    const monthly = item('reporting', { what: '月报', frequency: 'monthly', due: [], by: null });
    const ruled = item('reporting', { what: '月报', frequency: 'monthly', due: [], dueRule: { kind: 'dayOfNextPeriod', day: 5 }, by: null });
    const task = item('task', { title: 'x' }, 'accepted', [{ role: 'lead', nameAsWritten: '天河区', unitId: 77, unitName: '天河区', unitStatus: 'proposed' }]);
    const c = checklistOf(plan({ periodEnd: null }), [target, linked, annual, monthly, ruled, task], new Set([linked.id]));
    expect(c.ready).toBe(true);
    expect(codes(c)).toEqual({
      pending_items: 'warning',
      proposed_units: 'warning',
      duty_no_due: 'warning',
      duty_due_before_end: 'warning',
      target_no_indicator: 'warning',
      no_period_end: 'warning',
    });
    const by = Object.fromEntries(c.entries.map((e) => [e.code, e]));
    expect(by.pending_items.itemIds).toEqual([target.id]);
    expect(by.proposed_units.unitIds).toEqual([77]);
    expect(by.duty_no_due.itemIds).toEqual([monthly.id]);
    expect(by.duty_due_before_end.itemIds).toEqual([annual.id]);
    expect(by.duty_due_before_end.message).toContain('全年 12-18');
    expect(by.target_no_indicator.itemIds).toEqual([target.id]);
    expect(by.no_period_end.suggestion).toEqual({ periodEnd: 2017 });
  });
});
