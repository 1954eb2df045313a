/**
 * The reminder scheduler inside the server process: a pass every few minutes, never two at once
 * in this process (the unique indexes cover other processes). A failed pass is logged and the
 * next one tries again.
 */
import type { Db } from '../../platform/db/database.ts';
import type { Config } from '../../platform/env.ts';
import { runReminders } from './reminder.service.ts';

export const TICK_MS = 5 * 60_000;
const FIRST_TICK_MS = 30_000;

export interface Scheduler {
  /** Runs one pass now (waits for a running one first). */
  tick(): Promise<void>;
  stop(): Promise<void>;
}

export function startScheduler(db: Db, config: Config, log: (m: string) => void = console.log, opts: { tickMs?: number; firstTickMs?: number } = {}): Scheduler {
  let running: Promise<void> | null = null;
  let stopped = false;
  const tick = async () => {
    if (running) return running;
    running = (async () => {
      try {
        const r = await runReminders(db, config);
        if (r.sent.length > 0) log(`reminders: sent ${r.sent.length}`);
      } catch (e) {
        log(`reminders: pass failed: ${(e as Error).message}`);
      } finally {
        running = null;
      }
    })();
    return running;
  };
  const fire = () => {
    if (!stopped) void tick();
  };
  const first = setTimeout(fire, opts.firstTickMs ?? FIRST_TICK_MS);
  const every = setInterval(fire, opts.tickMs ?? TICK_MS);
  first.unref();
  every.unref();
  return {
    tick,
    async stop() {
      stopped = true;
      clearTimeout(first);
      clearInterval(every);
      await running;
    },
  };
}
