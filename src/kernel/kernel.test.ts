import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { asOfFrame, happenedBy, periodVisible } from './as-of.ts';
import { configureClock, eventDay, today } from './clock.ts';
import { addDays, chinaDay, endOfChinaDay, isDay } from './day.ts';
import { nextPeriod, parsePeriod, periodLabel, periodOf, periodsBetween, periodWithin } from './period.ts';

afterEach(() => configureClock({ today: null }));

describe('Beijing days', () => {
  it('puts 00:00–08:00 Beijing time on the Beijing day, not the UTC day before', () => {
    // 2014-07-10 07:30 in Beijing is 2014-07-09 23:30 UTC
    expect(chinaDay('2014-07-09T23:30:00Z')).toBe('2014-07-10');
    expect(chinaDay(new Date('2014-07-09T15:59:59Z'))).toBe('2014-07-09');
    expect(chinaDay(Date.parse('2014-07-09T16:00:00Z'))).toBe('2014-07-10');
  });

  it('ends a Beijing day at 16:00 UTC', () => {
    expect(endOfChinaDay('2014-07-10').toISOString()).toBe('2014-07-10T16:00:00.000Z');
    expect(happenedBy('2014-07-10T15:59:59Z', { cutoff: endOfChinaDay('2014-07-10') })).toBe(true);
    expect(happenedBy('2014-07-10T16:00:00Z', { cutoff: endOfChinaDay('2014-07-10') })).toBe(false);
  });

  it('validates days and adds across months and leap years', () => {
    expect(isDay('2016-02-29')).toBe(true);
    expect(isDay('2014-02-29')).toBe(false);
    expect(isDay('2014-7-1')).toBe(false);
    expect(addDays('2014-12-31', 1)).toBe('2015-01-01');
    expect(addDays('2016-03-01', -1)).toBe('2016-02-29');
  });
});

describe('clock', () => {
  it('declares a today when configured and returns to the real Beijing day when cleared', () => {
    configureClock({ today: '2016-01-20' });
    expect(today()).toBe('2016-01-20');
    configureClock({ today: null });
    expect(today()).toBe(chinaDay(Date.now()));
  });

  it('refuses a declared today that is not a day', () => {
    expect(() => configureClock({ today: '2016-13-01' })).toThrow(/clock.today/);
  });
});

describe('periods', () => {
  it('parses, steps and labels codes', () => {
    expect(parsePeriod('2014Q2')).toMatchObject({ start: '2014-04-01', end: '2014-06-30' });
    expect(parsePeriod('2016M02').end).toBe('2016-02-29');
    expect(nextPeriod(parsePeriod('2014Q4')).code).toBe('2015Q1');
    expect(periodOf('H', '2014-07-01').code).toBe('2014H2');
    expect(periodsBetween('Q', '2014-02-10', '2014-07-11').map((p) => p.code)).toEqual(['2014Q1', '2014Q2', '2014Q3']);
    expect(periodLabel('2014Q2')).toBe('2014年第二季度');
    expect(periodWithin('2014M05', parsePeriod('2014Q2'))).toBe(true);
    expect(periodWithin('2014M07', parsePeriod('2014Q2'))).toBe(false);
  });
});

describe('as-of frame', () => {
  it('bounds the data of a period read later to the period, and progress to the as-of day', () => {
    const f = asOfFrame({ period: '2014Q2', asOf: '2014-07-11' }, '2016-01-20');
    expect(f).toMatchObject({ asOf: '2014-07-11', period: '2014Q2', horizon: '2014-06-30' });
    expect(periodVisible('2014Q2', f)).toBe(true);
    expect(periodVisible('2014Q3', f)).toBe(false);
    expect(periodVisible('2014M07', f)).toBe(false);
    expect(asOfFrame({ period: '2014Q2' }, '2016-01-20').asOf).toBe('2014-06-30');
    expect(asOfFrame({}, '2016-01-20')).toMatchObject({ asOf: '2016-01-20', horizon: '2016-01-20' });
  });
});

// The defect this guards: "today" computed in UTC in several places while dates are Beijing
// days, so between 00:00 and 08:00 Beijing time a plan was judged as of the previous day. Day
// arithmetic on instants belongs to the kernel; everything else asks it.
describe('source scan: days are computed only by the kernel', () => {
  const root = join(import.meta.dirname, '..');
  const FORBIDDEN: [RegExp, string][] = [
    [/toISOString\(\)\.slice\(0,\s*10\)/, 'toISOString().slice(0, 10): a UTC day (use kernel chinaDay / today / calendarDateOf)'],
    [/new Date\([^)]*\)\.getUTC(FullYear|Month|Date)\(/, 'a UTC calendar field of an instant (use kernel thisYear / chinaDay)'],
    [/new Date\(\)\.get(FullYear|Month|Date)\(/, 'a server-local calendar field of now (use kernel today)'],
    [/\+\s*8\s*\*\s*3_?600/, 'a hand-rolled Beijing offset (use kernel chinaDay)'],
    [/(function|const)\s+(chinaDay|todayUtc|todayChina)\b/, 'a private day helper (use the kernel)'],
  ];
  const files: string[] = [];
  const walk = (dir: string) => {
    for (const name of readdirSync(dir)) {
      const p = join(dir, name);
      if (statSync(p).isDirectory()) {
        if (name !== 'kernel' && name !== 'web' && name !== 'node_modules') walk(p);
      } else if (/\.tsx?$/.test(name) && !/\.test\.tsx?$/.test(name)) files.push(p);
    }
  };
  walk(root);

  it('finds the server sources', () => {
    expect(files.length).toBeGreaterThan(100);
  });

  it('has no day computed from an instant outside src/kernel', () => {
    const hits: string[] = [];
    for (const f of files) {
      readFileSync(f, 'utf8')
        .split('\n')
        .forEach((line, i) => {
          for (const [re, why] of FORBIDDEN) if (re.test(line)) hits.push(`${relative(root, f)}:${i + 1}: ${why}`);
        });
    }
    expect(hits).toEqual([]);
  });
});

describe('a declared today', () => {
  it('puts events that happen now on the declared day, and reads everything so far as of today', () => {
    configureClock({ today: '2016-03-20' });
    expect(eventDay(new Date())).toBe('2016-03-20');
    expect(eventDay('2014-07-09T23:30:00Z')).toBe('2014-07-10');
    // as of the declared today nothing that happened so far is "after"
    expect(happenedBy(new Date(), asOfFrame({}, today()))).toBe(true);
    expect(happenedBy(new Date(), asOfFrame({ asOf: '2016-03-19' }, today()))).toBe(false);
  });
});
