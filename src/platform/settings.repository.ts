/**
 * Installation settings (table app_settings): small JSON values by key. Known keys:
 * - `clock.today`: the day the installation declares as today ("2016-01-20"), or absent/null for
 *   the real Beijing day (see kernel/clock.ts).
 */
import { sql } from 'kysely';
import { configureClock } from '../kernel/clock.ts';
import { isDay } from '../kernel/day.ts';
import type { Executor } from './db/database.ts';

export const CLOCK_TODAY = 'clock.today';

export async function getSetting(ex: Executor, key: string): Promise<unknown> {
  const row = await ex.selectFrom('app_settings').select('value').where('key', '=', key).executeTakeFirst();
  if (!row) return undefined;
  return typeof row.value === 'string' ? JSON.parse(row.value) : row.value;
}

export async function setSetting(ex: Executor, key: string, value: unknown): Promise<void> {
  const json = JSON.stringify(value ?? null);
  await ex
    .insertInto('app_settings')
    .values({ key, value: json })
    .onConflict((oc) => oc.column('key').doUpdateSet({ value: json, updated_at: sql`now()` }))
    .execute();
}

/**
 * Reads `clock.today` and configures the kernel clock with it. A value that is not a day is
 * refused loudly rather than ignored: an installation that declared a today and silently got the
 * real one would judge every plan on the wrong day.
 */
export async function applyClockSetting(ex: Executor): Promise<string | null> {
  const v = await getSetting(ex, CLOCK_TODAY);
  if (v === undefined || v === null) {
    configureClock({ today: null });
    return null;
  }
  if (typeof v !== 'string' || !isDay(v)) throw new Error(`app_settings ${CLOCK_TODAY} must be a day "YYYY-MM-DD" or null, got ${JSON.stringify(v)}`);
  configureClock({ today: v });
  return v;
}
