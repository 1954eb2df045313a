import type { Command } from 'commander';
import { assertReadableBackup, backupTo, restoreFrom, verifyBackup } from '../../platform/backup.ts';
import { AppError } from '../../platform/errors.ts';
import { UsageError, withDb } from '../context.ts';

export default function register(program: Command): void {
  program
    .command('backup <file>')
    .description('write all data to FILE (gzip JSON lines; restorable into PGlite or PostgreSQL); --verify checks an existing FILE instead')
    .option('--verify', 'restore FILE into a scratch in-memory database and compare every table with the file (the configured database is not touched)')
    .action(async (file: string, opts: { verify?: boolean }) => {
      if (opts.verify) {
        assertReadableBackup(file);
        const r = await verifyBackup(file, (m) => process.stderr.write(`${m}\n`));
        for (const t of r.tables) console.log(`${t.same ? 'ok  ' : 'DIFF'} ${t.table}: ${t.restored}/${t.rows} rows`);
        for (const p of r.problems) console.log(`problem: ${p}`);
        const rows = r.tables.reduce((a, t) => a + t.rows, 0);
        if (!r.ok) throw new AppError('unprocessable', `${file} does NOT restore faithfully (${r.problems.length} problem(s) above)`);
        console.log(`verified ${file}: ${rows} rows in ${r.tables.length} tables restore identically (schema ${r.migration})`);
        return;
      }
      await withDb(async ({ db }) => {
        const s = await backupTo(db, file);
        const rows = Object.values(s.tables).reduce((a, b) => a + b, 0);
        console.log(`backed up ${rows} rows from ${Object.keys(s.tables).length} tables of ${db.description} to ${file} (schema ${s.migration})`);
      });
    });
  program
    .command('restore <file>')
    .description('load a backup into an empty database (one transaction: all or nothing)')
    .option('--force', 'replace all existing luoshi data in the target (only if the whole restore succeeds)')
    .action(async (file: string, opts: { force?: boolean }) => {
      if (!file) throw new UsageError('restore needs a FILE');
      assertReadableBackup(file);
      await withDb(
        async ({ db }) => {
          const s = await restoreFrom(db, file, { force: opts.force, log: (m) => console.error(m) });
          const rows = Object.values(s.tables).reduce((a, b) => a + b, 0);
          console.log(`restored ${rows} rows into ${db.description} (schema ${s.migration})`);
        },
        { migrate: false },
      );
    });
}
