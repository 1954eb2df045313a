import type { FastifyInstance } from 'fastify';
import type { Config } from '../platform/env.ts';
import { type Db, openFromConfig } from '../platform/db/database.ts';
import { migrate } from '../platform/db/migrator.ts';
import { applyClockSetting } from '../platform/settings.repository.ts';
import { buildApp } from './app.ts';

export interface RunningServer {
  app: FastifyInstance;
  db: Db;
  url: string;
  stop(): Promise<void>;
}

/**
 * Opens (and on first start creates and migrates) the database, then listens. `onReady` runs after
 * migrations and before listening: first-run content and background jobs hook in there.
 */
export async function startServer(
  config: Config,
  opts: { log?: (m: string) => void; onReady?: (db: Db) => Promise<void> } = {},
): Promise<RunningServer> {
  const log = opts.log ?? ((m: string) => console.log(m));
  const db = await openFromConfig(config);
  try {
    const applied = await migrate(db, log);
    log(`database: ${db.description}${applied.length ? ` (applied ${applied.length} migrations)` : ''}`);
    await opts.onReady?.(db);
    // After onReady: first-run content may declare the installation's today.
    const declared = await applyClockSetting(db.kysely);
    if (declared) log(`clock: today is ${declared} (app_settings clock.today)`);
    const app = await buildApp({ db, config, logger: { level: config.LUOSHI_LOG_LEVEL } });
    await app.listen({ port: config.PORT, host: config.HOST });
    const addr = app.server.address();
    const port = typeof addr === 'object' && addr ? addr.port : config.PORT;
    const url = `http://localhost:${port}`;
    let stopped = false;
    return {
      app,
      db,
      url,
      async stop() {
        if (stopped) return;
        stopped = true;
        await app.close();
        await db.close();
      },
    };
  } catch (e) {
    await db.close();
    throw e;
  }
}
