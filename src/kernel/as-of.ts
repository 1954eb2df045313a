/**
 * As-of semantics. A reading "for period P as of day D" is what the office could have known at
 * the end of Beijing day D about P: nothing submitted or approved after D, and nothing belonging
 * to a period that starts after P (or after D, when no period is asked).
 */
import { endOfChinaDay, isDay } from './day.ts';
import { parsePeriod } from './period.ts';

export interface AsOf {
  /** the day (Beijing) the reading is taken on */
  asOf: string;
  /** the period asked for, when one was */
  period: string | null;
  /** the last day whose data may count: the period's end, or asOf when earlier */
  horizon: string;
  /**
   * instants strictly before this happened by the end of asOf; none is after it when asOf is today
   * or later (everything so far happened by today, even under a declared today: see eventDay)
   */
  cutoff: Date;
}

// the last instant PostgreSQL's timestamptz takes comfortably
const END_OF_TIME = new Date('9999-12-31T00:00:00Z');

/** The as-of frame of a (period, asOf) pair; asOf defaults to the period's end, else `today`. */
export function asOfFrame(opts: { period?: string | null; asOf?: string | null }, today: string): AsOf {
  const period = opts.period ?? null;
  const end = period ? parsePeriod(period).end : null;
  const asOf = opts.asOf ?? end ?? today;
  if (!isDay(asOf)) throw new RangeError(`not a day: "${asOf}"`);
  const horizon = end !== null && end < asOf ? end : asOf;
  return { asOf, period, horizon, cutoff: asOf >= today ? END_OF_TIME : endOfChinaDay(asOf) };
}

/** True when an instant happened by the end of the as-of day (null: never happened). */
export function happenedBy(at: Date | string | null | undefined, frame: Pick<AsOf, 'cutoff'>): boolean {
  if (at === null || at === undefined) return false;
  const t = at instanceof Date ? at.getTime() : Date.parse(at);
  return t < frame.cutoff.getTime();
}

/** True when a period (code) starts on or before the horizon: its data may count. */
export function periodVisible(code: string, frame: Pick<AsOf, 'horizon'>): boolean {
  return parsePeriod(code).start <= frame.horizon;
}
