import { describe, expect, it } from 'vitest';
import { briefingPeriods, defaultBriefingPeriod, filenameFromDisposition, periodEndDay, quarterOf } from './briefing-periods.ts';

describe('briefing periods', () => {
  it('offers the quarters and months of the plan years, newest year first, none not yet begun', () => {
    const past = briefingPeriods({ start: 2014, end: 2015 }, '2026-12-01');
    expect(past.map((g) => g.year)).toEqual([2015, 2014]);
    expect(past[1].codes).toEqual(['2014Q1', '2014Q2', '2014Q3', '2014Q4', ...['01', '02', '03', '04', '05', '06', '07', '08', '09', '10', '11', '12'].map((m) => `2014M${m}`)]);

    const running = briefingPeriods({ start: 2025, end: 2027 }, '2026-05-10');
    expect(running.map((g) => g.year)).toEqual([2026, 2025]);
    expect(running[0].codes).toEqual(['2026Q1', '2026Q2', '2026M01', '2026M02', '2026M03', '2026M04', '2026M05']);

    // A plan not begun yet still offers its first year; a plan without a span the last two years.
    expect(briefingPeriods({ start: 2030, end: 2032 }, '2026-05-10').map((g) => g.year)).toEqual([2030]);
    expect(briefingPeriods({ start: null, end: null }, '2026-05-10').map((g) => g.year)).toEqual([2026, 2025]);
  });

  it('puts a period in its quarter and dates a period by its last day', () => {
    expect(['2014Q3', '2014M05', '2014M12', '2014H1', '2014H2', '2014', '2014-08-15', 'x'].map(quarterOf)).toEqual(['2014Q3', '2014Q2', '2014Q4', '2014Q2', '2014Q4', '2014Q4', '2014Q3', null]);
    expect(['2014Q1', '2016M02', '2014'].map(periodEndDay)).toEqual(['2014-03-31', '2016-02-29', '2014-12-31']);
  });

  it('starts on the quarter of the newest data, else the last quarter that has ended', () => {
    const groups = briefingPeriods({ start: 2014, end: 2014 }, '2026-12-01');
    expect(defaultBriefingPeriod(groups, ['2014Q1', '2014M05', '2013'], '2026-12-01')).toBe('2014Q2');
    // Data outside the plan's span are not offered, so they do not choose the period.
    expect(defaultBriefingPeriod(groups, ['2016Q1'], '2026-12-01')).toBe('2014Q4');
    const running = briefingPeriods({ start: 2026, end: 2028 }, '2026-05-10');
    expect(defaultBriefingPeriod(running, [], '2026-05-10')).toBe('2026Q1');
    expect(defaultBriefingPeriod(briefingPeriods({ start: 2026, end: 2028 }, '2026-02-10'), [], '2026-02-10')).toBe('2026Q1');
  });

  it('names the download by the UTF-8 file name the server sends', () => {
    const cd = `attachment; filename="_______2014Q2_.docx"; filename*=UTF-8''${encodeURIComponent('海北州实施方案_2014Q2_工作推进情况通报.docx')}`;
    expect(filenameFromDisposition(cd, 'x.docx')).toBe('海北州实施方案_2014Q2_工作推进情况通报.docx');
    expect(filenameFromDisposition('attachment; filename="plain.pdf"', 'x.pdf')).toBe('plain.pdf');
    expect(filenameFromDisposition("attachment; filename*=UTF-8''%E0%A4%A; filename=\"ascii.docx\"", 'x.docx')).toBe('ascii.docx');
    expect(filenameFromDisposition(null, 'x.docx')).toBe('x.docx');
  });
});
