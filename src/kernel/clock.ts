/**
 * The one clock of the server. Every "today" goes through `today()`, so that an installation can
 * declare the day it lives in (the demo's data end in January 2016, so it declares 2016-01-20) and
 * so that nothing computes a day in UTC by accident.
 *
 * The override is process-wide and set at server start from the `clock.today` setting
 * (platform/settings.repository.ts). Tests set it with configureClock and reset it with null.
 */
import { chinaDay, isDay } from './day.ts';

let fixedToday: string | null = null;

export interface ClockConfig {
  /** the day the installation declares as today (YYYY-MM-DD), or null for the real Beijing day */
  today: string | null;
}

export function configureClock(c: ClockConfig): void {
  if (c.today !== null && !isDay(c.today)) throw new RangeError(`clock.today must be a day YYYY-MM-DD, got "${c.today}"`);
  fixedToday = c.today;
}

/** The declared today, when one is configured. */
export function clockOverride(): string | null {
  return fixedToday;
}

/** Today as a Beijing day: the declared day when configured, else the Beijing day of now. */
export function today(): string {
  return fixedToday ?? chinaDay(Date.now());
}

/**
 * The Beijing day an event (a submission, an approval) counts on: its own day, but never after
 * today. With the real clock that is just its day; with a declared today, whatever happens now
 * happens "today" — a report submitted in a demo declared to live in March 2016 is submitted on
 * the declared day, not years after it.
 */
export function eventDay(instant: Date | string | number): string {
  const d = chinaDay(instant);
  const t = today();
  return d > t ? t : d;
}

/** The current Beijing year (of `today()`). */
export function thisYear(): number {
  return Number(today().slice(0, 4));
}
