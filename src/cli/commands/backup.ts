import type { Command } from 'commander';
import { assertReadableBackup, backupTo, restoreFrom } from '../../platform/backup.ts';
import { withDb } from '../context.ts';

export default function register(program: Command): void {
  program
    .command('backup <file>')
    .description('write all data to FILE (gzip JSON lines; restorable into PGlite or PostgreSQL)')
    .action(async (file: string) => {
      await withDb(async ({ db }) => {
        const s = await backupTo(db, file);
        const rows = Object.values(s.tables).reduce((a, b) => a + b, 0);
        console.log(`backed up ${rows} rows from ${Object.keys(s.tables).length} tables of ${db.description} to ${file} (schema ${s.migration})`);
      });
    });
  program
    .command('restore <file>')
    .description('load a backup into an empty database (all or nothing)')
    .option('--force', 'drop all existing luoshi data in the target first')
    .action(async (file: string, opts: { force?: boolean }) => {
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
