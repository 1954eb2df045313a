import { AppError } from '../platform/errors.ts';

/**
 * Per-IP limit on login attempts (fixed one-minute windows), in memory: it slows password guessing
 * across many usernames, which the per-user lock-out does not. One process per deployment, so
 * memory is the right place; a restart merely resets the windows.
 */
export class LoginThrottle {
  private readonly windows = new Map<string, { start: number; count: number }>();

  constructor(
    readonly maxPerWindow = 20,
    readonly windowMs = 60_000,
    private readonly now: () => number = Date.now,
    /** What is counted, for the message: [Chinese, English]. */
    private readonly what: readonly [string, string] = ['登录尝试', 'login attempts'],
  ) {}

  /** Counts an attempt under `key` (an address or an account); throws 429 once the window's allowance is used up. */
  hit(key: string): void {
    const ip = key;
    const t = this.now();
    if (this.windows.size > 10_000) this.prune(t);
    const w = this.windows.get(ip);
    if (!w || t - w.start >= this.windowMs) {
      this.windows.set(ip, { start: t, count: 1 });
      return;
    }
    w.count++;
    if (w.count > this.maxPerWindow) {
      const wait = Math.ceil((w.start + this.windowMs - t) / 1000);
      throw new AppError('too_many_requests', `${this.what[0]}过于频繁，请 ${wait} 秒后再试 / too many ${this.what[1]}, retry in ${wait} s`, {
        retryAfterSeconds: wait,
      });
    }
  }

  private prune(t: number): void {
    for (const [ip, w] of this.windows) if (t - w.start >= this.windowMs) this.windows.delete(ip);
  }
}

/**
 * Lock-out for names that are not (active) accounts, kept in memory: after as many failures as a
 * real account tolerates, such a name answers "locked" exactly like a real one, so the lock-out
 * message does not tell which account names exist.
 */
export class UnknownAccountLockout {
  private readonly entries = new Map<string, { failures: number; lockedUntil: number | null; last: number }>();

  constructor(
    private readonly maxFailures: number,
    private readonly lockMs: number,
    private readonly now: () => number = Date.now,
  ) {}

  lockedUntil(name: string): Date | null {
    const e = this.entries.get(name);
    return e?.lockedUntil && e.lockedUntil > this.now() ? new Date(e.lockedUntil) : null;
  }

  /** Counts a failure; returns the end of the lock when this failure locks the name. */
  fail(name: string): Date | null {
    const t = this.now();
    if (this.entries.size > 10_000) this.prune(t);
    const e = this.entries.get(name) ?? { failures: 0, lockedUntil: null, last: t };
    e.failures++;
    e.last = t;
    if (e.failures >= this.maxFailures) {
      e.failures = 0;
      e.lockedUntil = t + this.lockMs;
    }
    this.entries.set(name, e);
    return e.failures === 0 ? new Date(e.lockedUntil!) : null;
  }

  private prune(t: number): void {
    for (const [k, e] of this.entries) if ((e.lockedUntil ?? e.last + this.lockMs) < t) this.entries.delete(k);
  }
}
