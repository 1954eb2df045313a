import { afterEach, expect, it } from 'vitest';
import { describeEachEngine } from '../../test/db.ts';
import { configureClock, today } from '../kernel/clock.ts';
import { applyClockSetting, CLOCK_TODAY, getSetting, setSetting } from './settings.repository.ts';

afterEach(() => configureClock({ today: null }));

describeEachEngine('installation settings', (getDb) => {
  it('stores JSON values by key and reads back exactly what was written', async () => {
    const ex = getDb().kysely;
    expect(await getSetting(ex, 'nothing.here')).toBeUndefined();
    await setSetting(ex, 'x.string', '2016-01-20');
    await setSetting(ex, 'x.object', { a: [1, 'b'] });
    expect(await getSetting(ex, 'x.string')).toBe('2016-01-20');
    expect(await getSetting(ex, 'x.object')).toEqual({ a: [1, 'b'] });
    await setSetting(ex, 'x.string', null);
    expect(await getSetting(ex, 'x.string')).toBeNull();
  });

  it('declares the installation’s today from clock.today, and refuses a value that is not a day', async () => {
    const ex = getDb().kysely;
    await setSetting(ex, CLOCK_TODAY, '2016-01-20');
    expect(await applyClockSetting(ex)).toBe('2016-01-20');
    expect(today()).toBe('2016-01-20');
    await setSetting(ex, CLOCK_TODAY, '2016-02-30');
    await expect(applyClockSetting(ex)).rejects.toThrow(/clock.today/);
    await setSetting(ex, CLOCK_TODAY, null);
    expect(await applyClockSetting(ex)).toBeNull();
    expect(today()).not.toBe('2016-01-20');
  });
});
