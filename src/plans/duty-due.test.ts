import { describe, expect, it } from 'vitest';
import { buildCalendar, dueDate, parsePeriod, scheduleForDuty } from '../reporting/calendar.ts';
import { dueDateProblems, earlyDueDates, periodLabel } from './duty-due.ts';
import { mergeSuggestions } from './plan-review.service.ts';
import type { Unit } from '../divisions/unit.service.ts';

describe('due days of a duty', () => {
  it('refuses a date on or before the end of its period, by position, with the period named', () => {
    expect(dueDateProblems('quarterly', ['04-08', '07-08', '10-08'])).toEqual([]);
    expect(dueDateProblems('quarterly', [null, null, null, '01-10'])).toEqual([]);
    const [p] = dueDateProblems('quarterly', ['03-20']);
    expect(p.field).toBe('data.due.0');
    expect(p.reason).toContain('第一季度');
    expect(dueDateProblems('quarterly', ['04-08', '06-30']).map((x) => x.field)).toEqual(['data.due.1']);
    expect(dueDateProblems('annual', ['12-18']).map((x) => x.field)).toEqual(['data.due.0']);
    expect(dueDateProblems('semiannual', ['07-15', '01-15'])).toEqual([]);
    expect(dueDateProblems('quarterly', ['04-08', '07-08', '10-08', '01-08', '02-08'])[0].field).toBe('data.due');
  });

  it('checks only the dates that changed when the document gave the others', () => {
    expect(dueDateProblems('annual', ['12-18'], ['12-18'])).toEqual([]);
    expect(earlyDueDates('annual', ['12-18'])).toEqual([{ index: 0, mmdd: '12-18', label: '全年' }]);
    expect(periodLabel('M', 4)).toBe('5月');
  });

  it('"每月5日前" is day 5 of the month after the period, clamped to short months', () => {
    expect(dueDate(parsePeriod('2016M03'), { kind: 'dayOfNextPeriod', day: 5 })).toBe('2016-04-05');
    expect(dueDate(parsePeriod('2016M12'), { kind: 'dayOfNextPeriod', day: 5 })).toBe('2017-01-05');
    expect(dueDate(parsePeriod('2016Q1'), { kind: 'dayOfNextPeriod', day: 15 })).toBe('2016-04-15');
    expect(dueDate(parsePeriod('2015M01'), { kind: 'dayOfNextPeriod', day: 31 })).toBe('2015-02-28');
    const s = scheduleForDuty('monthly', [], { kind: 'dayOfNextPeriod', day: 5 })!;
    expect(buildCalendar(s, '2016-01-01', '2016-02-29').map((p) => p.dueOn)).toEqual(['2016-02-05', '2016-03-05']);
    // Dates with every period empty fall back to the default offset, as no dates did.
    expect(scheduleForDuty('quarterly', [null, null])!.due).toEqual({ kind: 'offset', days: 10 });
  });
});

describe('merge suggestions', () => {
  const unit = (id: number, name: string, status: Unit['status'] = 'active', divisionCode = '440106', aliases: string[] = []) =>
    ({ id, name, status, divisionCode, aliases }) as Unit;
  it('ranks the 人民政府 twin first, then a containing name; never another division or a merged unit', () => {
    const mine = unit(1, '天河区', 'proposed');
    const out = mergeSuggestions(mine, [unit(2, '天河区人民政府'), unit(3, '天河区人民政府办公室'), unit(4, '天河区人民政府', 'active', '440104'), unit(5, '天河区政府', 'merged'), unit(1, '天河区', 'proposed')]);
    expect(out.map((s) => [s.id, s.reason])).toEqual([[2, 'same_base'], [3, 'contains']]);
    expect(mergeSuggestions(unit(9, '区科工信局', 'proposed'), [unit(10, '天河区科工信局'), unit(11, '区政务办')]).map((s) => s.id)).toEqual([10]);
    expect(mergeSuggestions(unit(9, '区科工信局', 'proposed'), [unit(12, '科技局', 'active', '440106', ['区科工信局'])])[0].reason).toBe('same_base');
  });
});
