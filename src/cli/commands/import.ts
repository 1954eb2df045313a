import { readFile } from 'node:fs/promises';
import { basename } from 'node:path';
import type { Command } from 'commander';
import { SYSTEM } from '../../platform/audit.ts';
import { AppError } from '../../platform/errors.ts';
import { formatOf } from '../../plans/import/read-document.ts';
import { importPlanDocument } from '../../plans/plan.service.ts';
import { UsageError, withDb } from '../context.ts';

/** `luoshi import FILE --division CODE`: creates a draft plan for the office to review. */
export default function register(program: Command): void {
  program
    .command('import <file>')
    .description('import a plan document (.txt, .docx, .pdf, .html) as a draft plan to review in the web app')
    .requiredOption('--division <code>', 'GB/T 2260 code of the division whose plan this is (e.g. 6322 for 海北州)')
    .action(async (file: string, opts: { division: string }) => {
      if (!/^[0-9]{2}([0-9]{2}([0-9]{2}([0-9]{3}([0-9]{3})?)?)?)?$/.test(opts.division)) {
        throw new UsageError(`--division must be a division code of 2, 4, 6, 9 or 12 digits, got "${opts.division}"`);
      }
      let bytes: Buffer;
      try {
        bytes = await readFile(file);
      } catch (e) {
        throw new AppError('not_found', `cannot read ${file}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
      }
      // An unsupported type is refused before the database is opened; the content is checked by
      // the import (in a worker, as for an upload) before anything is written.
      formatOf(basename(file));
      await withDb(async ({ db }) => {
        const r = await importPlanDocument(db, { ...SYSTEM, name: 'cli' }, { bytes: new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength), filename: basename(file), divisionCode: opts.division });
        console.log(`draft plan ${r.plan.id}: ${r.plan.title}${r.plan.docNumber ? ` (${r.plan.docNumber})` : ''}`);
        console.log(`items: ${Object.entries(r.counts).map(([k, n]) => `${k} ${n}`).join(', ') || 'none'}`);
        if (r.proposedUnits.length) console.log(`proposed units to confirm or merge: ${r.proposedUnits.map((u) => u.name).join('、')}`);
        console.log('review and activate it in the web app under 方案 / Plans');
      });
    });
}
