import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import { userInfo } from 'node:os';
import type { Command } from 'commander';
import { importUnits, unitsImportReport } from '../../divisions/unit.import.ts';
import { AppError } from '../../platform/errors.ts';
import { UsageError, withDb } from '../context.ts';

export default function register(program: Command): void {
  const units = program.command('units').description('units (单位) that carry the work');

  units
    .command('import')
    .description('import units from a CSV or XLSX file: every row is checked first; any error stores nothing')
    .argument('<file>', 'CSV (UTF-8 or GBK) or XLSX with a header row')
    .option('--dry-run', 'validate only; store nothing')
    .addHelpText(
      'after',
      '\nColumns (header row, Chinese or English): 名称/name, 区划代码/division_code, 类型/kind,\n' +
        '  简称/aliases (separated by 、 or ;), 联系人, 电话, 邮箱, 备注\n' +
        'Kinds: 部门/department, 政府/government, 企业/company, 集团/group, 其他/other',
    )
    .action(async (file: string, opts: { dryRun?: boolean }) => {
      let data: Buffer;
      try {
        data = readFileSync(file);
      } catch (e) {
        throw new UsageError(`cannot read ${file}: ${(e as Error).message}`);
      }
      await withDb(async ({ db }) => {
        try {
          const r = await importUnits(db, { id: null, name: `cli:${userInfo().username}` }, { filename: basename(file), mimetype: '', data }, { dryRun: opts.dryRun });
          console.log(r.dryRun ? `${r.rows} rows are valid (dry run: nothing stored)` : `imported ${r.created} units from ${r.rows} rows`);
        } catch (e) {
          if (e instanceof AppError && Array.isArray(e.details.rows)) {
            process.stderr.write(unitsImportReport(e.details.rows as { row: number; field: string; reason: string }[]));
            throw new AppError(e.code, e.message);
          }
          throw e;
        }
      });
    });
}
