import type { Command } from 'commander';
import { loadConfig } from '../../platform/env.ts';
import { startServer } from '../../app/server.ts';
import { ensureWebBuilt } from '../../platform/web-build.ts';
import { UsageError } from '../context.ts';
import { buildDemo, formatAccounts, isFreshDatabase } from '../../demo/first-run.ts';
import { startScheduler } from '../../reporting/reminders/scheduler.ts';

export default function register(program: Command): void {
  program
    .command('serve')
    .description('serve the web app and the JSON API (embedded database in LUOSHI_DATA_DIR unless DATABASE_URL is set)')
    .option('-p, --port <port>', 'port to listen on (default: PORT or 8080)')
    .option('--data-dir <dir>', 'embedded database directory (default: LUOSHI_DATA_DIR or ./data)')
    .action(async (opts: { port?: string; dataDir?: string }) => {
      if (opts.port !== undefined && !/^\d{1,5}$/.test(opts.port)) throw new UsageError(`--port must be a number, got "${opts.port}"`);
      const config = loadConfig({
        ...process.env,
        ...(opts.port ? { PORT: opts.port } : {}),
        ...(opts.dataDir ? { LUOSHI_DATA_DIR: opts.dataDir } : {}),
      });
      await ensureWebBuilt((m) => console.log(m));
      const server = await startServer(config);
      console.log(`luoshi is running at ${server.url}  (API docs: ${server.url}/api/docs)`);
      // reminders: a pass every few minutes in this process (LUOSHI_SCHEDULER=off to run none)
      const scheduler = config.LUOSHI_SCHEDULER ? startScheduler(server.db, config) : null;
      // The demo builds after the server listens, so the login page is up at once.
      if (config.LUOSHI_DEMO && server.db.engine === 'pglite' && (await isFreshDatabase(server.db))) {
        buildDemo(server.db, (m) => console.log(m)).then(
          (accounts) => console.log(formatAccounts(accounts)),
          (e: Error) => console.error(`demo: could not be built: ${e.message}`),
        );
      }
      await new Promise<void>((resolve) => {
        const stop = (sig: string) => {
          console.log(`${sig}: shutting down`);
          Promise.resolve(scheduler?.stop()).then(() => server.stop()).then(resolve, (e) => {
            console.error(e);
            resolve();
          });
        };
        process.once('SIGINT', () => stop('SIGINT'));
        process.once('SIGTERM', () => stop('SIGTERM'));
      });
    });
}
