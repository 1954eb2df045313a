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
  ) {}

  /** Counts an attempt from `ip`; throws 429 once the window's allowance is used up. */
  hit(ip: string): void {
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
      throw new AppError('too_many_requests', `登录尝试过于频繁，请 ${wait} 秒后再试 / too many login attempts, retry in ${wait} s`, {
        retryAfterSeconds: wait,
      });
    }
  }

  private prune(t: number): void {
    for (const [ip, w] of this.windows) if (t - w.start >= this.windowMs) this.windows.delete(ip);
  }
}
