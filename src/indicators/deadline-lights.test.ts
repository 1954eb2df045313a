import { describe, expect, it } from 'vitest';
import { deadlineLight } from './deadline-lights.ts';

const addDays = (d: string, n: number) => new Date(Date.parse(`${d}T00:00:00Z`) + n * 86_400_000).toISOString().slice(0, 10);
const DUE = '2014-06-30';
const at = (today: string, extra: Partial<Parameters<typeof deadlineLight>[0]> = {}) => deadlineLight({ due: DUE, today, warnDays: 15, ...extra });

describe('deadline lights (红黄绿灯)', () => {
  it('around the boundary days: N+1 green, N yellow, due day yellow, due+1 red', () => {
    expect(at(addDays(DUE, -16))).toMatchObject({ light: 'green', state: 'on_time', daysLeft: 16 });
    expect(at(addDays(DUE, -15))).toMatchObject({ light: 'yellow', state: 'due_soon', daysLeft: 15 });
    expect(at(DUE)).toMatchObject({ light: 'yellow', state: 'due_soon', daysLeft: 0 });
    expect(at(addDays(DUE, 1))).toMatchObject({ light: 'red', state: 'overdue', daysLeft: -1 });
    expect(at(addDays(DUE, 1)).label.zh).toBe('逾期未完成');
  });

  it('N is configurable', () => {
    expect(at(addDays(DUE, -15), { warnDays: 14 }).light).toBe('green');
    expect(at(addDays(DUE, -14), { warnDays: 14 }).light).toBe('yellow');
    expect(at(addDays(DUE, -1), { warnDays: 0 }).light).toBe('green');
    expect(at(DUE, { warnDays: 0 }).light).toBe('yellow');
  });

  it('done is green whenever it is, even after the deadline', () => {
    expect(at(addDays(DUE, 30), { progress: { status: 'done', percent: null } })).toMatchObject({ light: 'green', state: 'done', done: true });
    expect(at(addDays(DUE, -3), { progress: { status: 'in_progress', percent: 100 } }).state).toBe('done');
  });

  it('behind its planned percent is yellow well before the deadline', () => {
    // start 2014-01-01, due 2014-06-30 (180 days); on 2014-03-31 (89 days) 49.4% is planned
    const r = at('2014-03-31', { start: '2014', progress: { status: 'in_progress', percent: 40 } });
    expect(r.plannedPercent).toBeCloseTo(49.4, 1);
    expect(r).toMatchObject({ light: 'yellow', state: 'behind', reportedPercent: 40 });
    expect(at('2014-03-31', { start: '2014', progress: { status: 'in_progress', percent: 50 } }).light).toBe('green');
    // without a reported percent only a reported 滞后/受阻 counts
    expect(at('2014-03-31', { start: '2014', progress: { status: 'blocked', percent: null } }).state).toBe('behind');
    expect(at('2014-03-31', { start: '2014', progress: { status: 'not_started', percent: null } }).state).toBe('on_time');
  });

  it('reads partial due dates as their last day; no due date is never red', () => {
    expect(deadlineLight({ due: '2014', today: '2014-12-31', warnDays: 15 })).toMatchObject({ dueOn: '2014-12-31', light: 'yellow' });
    expect(deadlineLight({ due: '2014-06', today: '2014-07-01', warnDays: 15 }).light).toBe('red');
    expect(deadlineLight({ due: null, today: '2030-01-01', warnDays: 15 })).toMatchObject({ light: 'green', state: 'no_deadline' });
    expect(deadlineLight({ due: null, today: '2030-01-01', warnDays: 15, progress: { status: 'behind', percent: 10 } }).light).toBe('yellow');
  });
});
