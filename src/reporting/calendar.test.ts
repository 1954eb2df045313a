import { describe, expect, it } from 'vitest';
import { buildCalendar, dueDate, makePeriod, parsePeriod, periodsBetween, scheduleForDuty } from './calendar.ts';

describe('period codes', () => {
  it('parses and formats every period type', () => {
    expect(parsePeriod('2014M03')).toMatchObject({ type: 'M', year: 2014, index: 3, start: '2014-03-01', end: '2014-03-31' });
    expect(parsePeriod('2016M02').end).toBe('2016-02-29');
    expect(parsePeriod('2014Q1')).toMatchObject({ start: '2014-01-01', end: '2014-03-31' });
    expect(parsePeriod('2014Q4').end).toBe('2014-12-31');
    expect(parsePeriod('2014H2')).toMatchObject({ start: '2014-07-01', end: '2014-12-31' });
    expect(parsePeriod('2014')).toMatchObject({ type: 'Y', start: '2014-01-01', end: '2014-12-31' });
    expect(makePeriod('M', 2014, 11).code).toBe('2014M11');
  });

  it('refuses malformed codes with the code in the message', () => {
    for (const bad of ['2014M13', '2014Q5', '2014H3', '14Q1', '2014-03', '', '2014M3']) {
      expect(() => parsePeriod(bad)).toThrow(bad === '' ? /not a period code/ : new RegExp(bad));
    }
  });

  it('lists periods across a year boundary', () => {
    expect(periodsBetween('Q', '2014-02-18', '2015-05-01').map((p) => p.code)).toEqual(['2014Q1', '2014Q2', '2014Q3', '2014Q4', '2015Q1', '2015Q2']);
    expect(periodsBetween('M', '2014-11-30', '2015-01-01').map((p) => p.code)).toEqual(['2014M11', '2014M12', '2015M01']);
  });
});

describe('海北州 reporting duties (北政办〔2014〕11号)', () => {
  // 按月填报…报表; 每季度（4月8日、7月8日、10月8日前）报送工作推进情况小结; 年底12月18日报送总结.
  const monthly = scheduleForDuty('monthly', [])!;
  const quarterly = scheduleForDuty('quarterly', ['04-08', '07-08', '10-08'])!;
  const annual = scheduleForDuty('annual', ['12-18'])!;

  it('gives the quarterly summaries their fixed dates and exempts Q4 (the year-end report replaces it)', () => {
    const cal = buildCalendar(quarterly, '2014-01-01', '2014-12-31');
    expect(cal.map((p) => [p.code, p.dueOn])).toEqual([
      ['2014Q1', '2014-04-08'],
      ['2014Q2', '2014-07-08'],
      ['2014Q3', '2014-10-08'],
      ['2014Q4', null],
    ]);
    expect(cal[3].exempt).toBe(true);
    expect(cal[0].locksOn).toBe('2014-04-23');
  });

  it('puts the year-end summary in the same December', () => {
    expect(buildCalendar(annual, '2014-01-01', '2014-12-31').map((p) => p.dueOn)).toEqual(['2014-12-18']);
  });

  it('gives monthly tables the default offset after month end', () => {
    const cal = buildCalendar(monthly, '2014-02-01', '2014-03-31');
    expect(cal.map((p) => p.dueOn)).toEqual(['2014-03-10', '2014-04-10']);
  });

  it('reads a date early in the next year as belonging to the last period of the year', () => {
    expect(dueDate(parsePeriod('2014Q4'), { kind: 'fixed', dates: [null, null, null, '01-10'] })).toBe('2015-01-10');
  });

  it('honours explicit exemptions and has no calendar for one-off or vague duties', () => {
    const cal = buildCalendar({ ...monthly, exempt: ['2014M01'] }, '2014-01-01', '2014-02-28');
    expect(cal.map((p) => p.dueOn)).toEqual([null, '2014-03-10']);
    expect(scheduleForDuty('once', [])).toBeNull();
    expect(scheduleForDuty('unspecified', [])).toBeNull();
  });
});
