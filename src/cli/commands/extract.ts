import { readFile } from 'node:fs/promises';
import { basename } from 'node:path';
import type { Command } from 'commander';
import { AppError } from '../../platform/errors.ts';
import { extractPlanFromFile } from '../../plans/import/read-document.ts';

/** `luoshi extract <file> [--json]`: reads a plan document and prints what the extractor found. */
export default function register(program: Command): void {
  program
    .command('extract <file>')
    .description('extract a plan (title, targets, tasks, milestones, …) from a .txt, .docx, .pdf or .html file')
    .option('--json', 'print the extracted plan as JSON')
    .action(async (file: string, opts: { json?: boolean }) => {
      try {
        let bytes: Buffer;
        try {
          bytes = await readFile(file);
        } catch (e) {
          throw new AppError('not_found', `无法读取文件 ${file} / cannot read ${file}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
        }
        const plan = await extractPlanFromFile(new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength), basename(file));
        if (opts.json) {
          const { sourceText: _omit, ...rest } = plan;
          process.stdout.write(`${JSON.stringify(rest, null, 2)}\n`);
          return;
        }
        const lines = [
          `title:        ${plan.title ?? '-'}`,
          `doc number:   ${plan.docNumber ?? '-'}`,
          `issuer:       ${plan.issuer ?? '-'}`,
          `issued on:    ${plan.issuedOn ?? '-'}`,
          `period:       ${plan.period ? `${plan.period.start}–${plan.period.end}` : '-'}`,
          `format:       ${plan.format}`,
          `basis:        ${plan.basis.length}`,
          `targets:      ${plan.targets.length}`,
          `tasks:        ${plan.tasks.length} (${plan.tasks.filter((t) => t.leadUnits.length).length} with a lead unit)`,
          `milestones:   ${plan.milestones.length}`,
          `investments:  ${plan.investments.length}`,
          `leading group: ${plan.leadingGroup.length}`,
          `reporting:    ${plan.reporting.length}`,
        ];
        process.stdout.write(`${lines.join('\n')}\n`);
      } catch (e) {
        // Expected failures are one line on stderr and exit code 1; no stack trace.
        const msg = e instanceof AppError ? e.message : e instanceof Error ? e.message : String(e);
        process.stderr.write(`error: ${msg}\n`);
        process.exitCode = 1;
      }
    });
}
