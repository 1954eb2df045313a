import { writeFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import type { Command } from 'commander';
import type { Actor } from '../../platform/audit.ts';
import { AppError } from '../../platform/errors.ts';
import { assertChromium } from '../../briefings/briefing-pdf.ts';
import { briefingAsOf, briefingPeriod } from '../../briefings/briefing.assemble.ts';
import { formatFigure } from '../../briefings/briefing-sentences.ts';
import { formatOfFilename, generateBriefing } from '../../briefings/briefing.service.ts';
import { UsageError, withDb } from '../context.ts';

const CLI_ACTOR: Actor = Object.freeze({ id: null, name: 'cli' });

/** Turns a validation error of the arguments into bad usage (exit 2). */
function usage<T>(fn: () => T, option: string): T {
  try {
    return fn();
  } catch (e) {
    if (e instanceof AppError && e.code === 'validation_failed') throw new UsageError(`${option}: ${e.details.fields?.[0]?.reason ?? e.message}`);
    throw e;
  }
}

/** `luoshi briefing --plan ID --period 2014Q2 --out FILE.docx|FILE.pdf`: writes the 工作推进情况通报. */
export default function register(program: Command): void {
  program
    .command('briefing')
    .description('write the briefing (工作推进情况通报) of a plan for a period as .docx or .pdf (by the extension of --out)')
    .requiredOption('--plan <id>', 'plan id (see the web app or GET /api/plans)')
    .requiredOption('--period <code>', 'period code: 2014Q2, 2014H1, 2014M06 or 2014')
    .requiredOption('--out <file>', 'output file, ending in .docx or .pdf')
    .option('--as-of <date>', 'read the data as of this day, YYYY-MM-DD (default: today)')
    .option('--no-red-head', 'leave out the red issuer line (红头)')
    .action(async (opts: { plan: string; period: string; out: string; asOf?: string; redHead: boolean }) => {
      if (!/^[1-9][0-9]{0,15}$/.test(opts.plan)) throw new UsageError(`--plan must be a plan id (a positive integer), got "${opts.plan}"`);
      const period = usage(() => briefingPeriod(opts.period), '--period');
      const asOf = opts.asOf === undefined ? undefined : usage(() => briefingAsOf(opts.asOf), '--as-of');
      const format = usage(() => formatOfFilename(opts.out), '--out');
      // Checked before opening the database: without a browser there is no PDF to wait for.
      if (format === 'pdf') assertChromium();
      const out = resolve(opts.out);
      await withDb(async ({ db, config }) => {
        const r = await generateBriefing(db, CLI_ACTOR, { planId: Number(opts.plan), period: period.code, format, asOf, redHead: opts.redHead, warnDays: config.LUOSHI_DEADLINE_WARN_DAYS, fontsDir: config.LUOSHI_FONTS_DIR });
        try {
          await writeFile(out, r.bytes);
        } catch (e) {
          throw new AppError('not_found', `cannot write ${out}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
        }
        const d = r.data;
        process.stderr.write(
          `${d.period.label}：指标${d.counts.targets.value}项，任务${d.counts.tasks.value}项${d.completeness ? `，按时报送率${formatFigure(d.completeness.onTimeRate)}` : ''}${d.notes.length ? `\nnote: ${d.notes.join('; ')}` : ''}\n`,
        );
        console.log(out);
      });
    });
}
