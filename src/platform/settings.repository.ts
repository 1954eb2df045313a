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
  // As text on both engines: a driver hands a jsonb string back already parsed, indistinguishable
  // from JSON text, so parse exactly once here.
  const r = await sql<{ value: string }>`select value::text as value from app_settings where key = ${key}`.execute(ex);
  return r.rows.length === 0 ? undefined : JSON.parse(r.rows[0].value);
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
