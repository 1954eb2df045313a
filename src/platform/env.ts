import { isIP } from 'node:net';
import { resolve } from 'node:path';
import { z } from 'zod';

/**
 * Configuration, parsed once from the environment and frozen. Every variable is documented in
 * `.env.example`; a bad environment lists every problem at once (ConfigError) instead of failing
 * later at first use.
 */
const flag = z
  .enum(['on', 'off', 'true', 'false', '1', '0', 'yes', 'no'])
  .transform((v) => ['on', 'true', '1', 'yes'].includes(v));

// proxy-addr's names for address ranges, accepted beside addresses and CIDRs.
const PROXY_RANGES = new Set(['loopback', 'linklocal', 'uniquelocal']);
function isProxyAddress(s: string): boolean {
  if (PROXY_RANGES.has(s)) return true;
  const [addr, bits, ...rest] = s.split('/');
  const family = isIP(addr);
  if (!family || rest.length) return false;
  if (bits === undefined) return true;
  return /^\d{1,3}$/.test(bits) && Number(bits) <= (family === 4 ? 32 : 128);
}

/**
 * The proxies whose X-Forwarded-For is believed: off unless listed, since trusting any sender lets
 * a client pick its own address (the per-IP login throttle and the audit log's IPs rely on it).
 */
const proxyList = z
  .string()
  .default('')
  .transform((s, ctx) => {
    const items = s
      .split(',')
      .map((x) => x.trim())
      .filter(Boolean);
    for (const item of items) {
      if (!isProxyAddress(item)) {
        ctx.addIssue({ code: 'custom', message: `"${item}" is not an IP address, a CIDR range (10.0.0.0/8) or one of loopback, linklocal, uniquelocal` });
      }
    }
    return items;
  });

const schema = z.object({
  PORT: z.coerce.number().int().min(0).max(65535).default(8080),
  HOST: z.string().min(1).default('0.0.0.0'),
  LUOSHI_DATA_DIR: z.string().min(1).default('./data'),
  DATABASE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\//, 'must be a postgres:// or postgresql:// URL')
    .optional()
    .or(z.literal('').transform(() => undefined)),
  // Connections to a PostgreSQL server. More than the cores can run makes every request wait
  // behind the others: on 2 cores a pool of 20 gave draft saves a p95 of 366 ms, a pool of 4–8
  // 59–80 ms (npm run bench reporting). Default: twice the cores, at least 4.
  LUOSHI_DB_POOL: z.coerce.number().int().min(1).max(200).optional(),
  LUOSHI_FILES_DIR: z.string().min(1).optional(),
  LUOSHI_DEMO: flag.default(true),
  LUOSHI_LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  LUOSHI_SESSION_HOURS: z.coerce.number().positive().max(24 * 30).default(12),
  LUOSHI_SECURE_COOKIES: flag.default(false),
  LUOSHI_LOGIN_MAX_FAILURES: z.coerce.number().int().min(1).max(100).default(5),
  LUOSHI_LOCKOUT_MINUTES: z.coerce.number().int().min(1).max(24 * 60).default(15),
  LUOSHI_TRUST_PROXY: proxyList,
  LUOSHI_UPLOAD_MAX_MB: z.coerce.number().positive().max(1024).default(25),
  LUOSHI_REMINDER_DAYS_BEFORE: z.coerce.number().int().min(0).max(60).default(3),
  LUOSHI_SCHEDULER: flag.default(true),
  LUOSHI_DEADLINE_WARN_DAYS: z.coerce.number().int().min(0).max(365).default(15),
  /** extra TrueType fonts for the briefing PDF (an office's licensed 仿宋_GB2312, 方正小标宋) */
  LUOSHI_FONTS_DIR: z.string().min(1).optional(),
  SMTP_URL: z.string().optional(),
  SMTP_FROM: z.string().default('luoshi@localhost'),
  LUOSHI_WEBHOOK_URL: z.string().url().optional(),
  LUOSHI_VIRUS_SCAN_CMD: z.string().optional(),
});

export type Config = Readonly<
  Omit<z.infer<typeof schema>, 'LUOSHI_DATA_DIR' | 'LUOSHI_FILES_DIR'> & {
    dataDir: string;
    filesDir: string;
  }
>;

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
  }
}

/** Parses the given environment (default: process.env). Throws ConfigError listing every problem. */
export function loadConfig(env: Record<string, string | undefined> = process.env): Config {
  const parsed = schema.safeParse(env);
  if (!parsed.success) {
    throw new ConfigError(parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`));
  }
  const { LUOSHI_DATA_DIR, LUOSHI_FILES_DIR, ...rest } = parsed.data;
  const dataDir = resolve(LUOSHI_DATA_DIR);
  return Object.freeze({ ...rest, dataDir, filesDir: resolve(LUOSHI_FILES_DIR ?? `${dataDir}/files`) });
}
