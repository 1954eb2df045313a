import { AppError } from '../platform/errors.ts';
import { type Config, ConfigError, loadConfig } from '../platform/env.ts';
import { type Db, openFromConfig } from '../platform/db/database.ts';
import { migrate } from '../platform/db/migrator.ts';

/** Bad usage of a command: exit code 2. */
export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}

export interface CommandContext {
  db: Db;
  config: Config;
}

/**
 * Opens configuration and database (migrating it), runs fn, and always closes the database so
 * the embedded data directory is unlocked again.
 */
export async function withDb<T>(fn: (ctx: CommandContext) => Promise<T>, opts: { migrate?: boolean } = {}): Promise<T> {
  const config = loadConfig();
  const db = await openFromConfig(config);
  try {
    if (opts.migrate !== false) await migrate(db, (m) => process.stderr.write(`${m}\n`));
    return await fn({ db, config });
  } finally {
    await db.close();
  }
}

/** Maps an error to its exit code and prints it without a stack trace (unless it is a bug). */
export function reportError(e: unknown): number {
  if (e instanceof UsageError) {
    process.stderr.write(`error: ${e.message}\n(see --help)\n`);
    return 2;
  }
  if (e instanceof ConfigError) {
    process.stderr.write(`${e.message}\n`);
    return 1;
  }
  if (e instanceof AppError) {
    process.stderr.write(`error: ${e.message}\n`);
    for (const f of e.details.fields ?? []) process.stderr.write(`  ${f.field}: ${f.reason}\n`);
    return 1;
  }
  if (e instanceof Error && /cannot connect to PostgreSQL/.test(e.message)) {
    process.stderr.write(`error: ${e.message}\n`);
    return 1;
  }
  process.stderr.write(`unexpected error (a bug): ${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
  return 1;
}
