import { clockOverride, today } from '../kernel/clock.ts';
import type { Executor } from '../platform/db/database.ts';
import { getSetting } from '../platform/settings.repository.ts';

/** app_settings key the demo writes beside clock.today: the declared day belongs to its story. */
export const DEMO_SETTING = 'demo';

export interface ClockInfo {
  /** the day the server judges everything by (YYYY-MM-DD, Beijing) */
  today: string;
  /** true when the installation declares its today (app_settings clock.today) */
  declared: boolean;
  /** true when the declared day is the demo's: the UI says the data are a demonstration */
  demo: boolean;
}

/** What the banner and every browser-side "today" go by: the server's day, never the browser's. */
export async function clockInfo(ex: Executor): Promise<ClockInfo> {
  const declared = clockOverride();
  const demo = declared !== null ? ((await getSetting(ex, DEMO_SETTING)) as { today?: string } | undefined) : undefined;
  return { today: today(), declared: declared !== null, demo: !!demo && demo.today === declared };
}
