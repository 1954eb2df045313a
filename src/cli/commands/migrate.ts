import type { Command } from 'commander';
import { migrationStatus } from '../../platform/db/migrator.ts';
import { withDb } from '../context.ts';

export default function register(program: Command): void {
  program
    .command('migrate')
    .description('apply pending database migrations (they also run at every start)')
    .option('--status', 'only list applied and pending migrations')
    .action(async (opts: { status?: boolean }) => {
      await withDb(
        async ({ db }) => {
          if (opts.status) {
            const s = await migrationStatus(db);
            console.log(`database: ${db.description}`);
            console.log(`applied: ${s.applied.length}, version: ${s.version ?? '(none)'}`);
            for (const p of s.pending) console.log(`pending: ${p}`);
            return;
          }
          const { migrate } = await import('../../platform/db/migrator.ts');
          const done = await migrate(db, (m) => console.log(m));
          console.log(done.length ? `applied ${done.length} migration(s) on ${db.description}` : `up to date (${db.description})`);
        },
        { migrate: false },
      );
    });
}
