import type { Command } from 'commander';
import { buildDemo, formatAccounts, isFreshDatabase } from '../../demo/first-run.ts';
import { AppError } from '../../platform/errors.ts';
import { migrate } from '../../platform/db/migrator.ts';
import { withDb } from '../context.ts';

export default function register(program: Command): void {
  program
    .command('demo')
    .description('build the example content (divisions of 青海/湖南/广东, the five example plans, one account per role)')
    .option('--reset', 'drop ALL data in the database first, then rebuild the demo')
    .action(async (opts: { reset?: boolean }) => {
      await withDb(async ({ db }) => {
        if (opts.reset) {
          console.log(`dropping all data in ${db.description}`);
          await db.execScript('drop schema public cascade; create schema public;');
          await migrate(db);
        } else if (!(await isFreshDatabase(db))) {
          throw new AppError('conflict', 'the database already has users: use --reset to replace everything with the demo');
        }
        const accounts = await buildDemo(db, (m) => console.log(m));
        console.log(formatAccounts(accounts));
      });
    });
}
