/**
 * Generating a briefing: assemble the data, render it, and log what was produced together with
 * the data it was built from (and an audit row), so every number can be traced afterwards.
 */
import { createHash } from 'node:crypto';
import { type Actor, recordAudit } from '../platform/audit.ts';
import { type Db, type Executor, transaction } from '../platform/db/database.ts';
import { invalid } from '../platform/errors.ts';
import type { BriefingData } from './briefing-data.ts';
import { renderBriefingDocx } from './briefing-docx.ts';
import { renderBriefingPdf } from './briefing-pdf.ts';
import { shortTitle } from './briefing-sentences.ts';
import { type AssembleOptions, assembleBriefing } from './briefing.assemble.ts';
import { type BriefingLogEntry, briefingSnapshot, insertBriefingLog, listBriefingLog } from './briefing.repository.ts';

export type BriefingFormat = 'docx' | 'pdf';

export const BRIEFING_FORMATS: readonly BriefingFormat[] = ['docx', 'pdf'];

export const CONTENT_TYPES: Record<BriefingFormat, string> = {
  docx: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  pdf: 'application/pdf',
};

const ex = (db: Db | Executor): Executor => ('kysely' in db ? db.kysely : db);

/** The format an output file name asks for (".docx", ".pdf"), or a usage error naming `out`. */
export function formatOfFilename(name: string): BriefingFormat {
  const m = /\.([A-Za-z]+)$/.exec(name);
  const ext = m?.[1].toLowerCase();
  if (ext === 'docx' || ext === 'pdf') return ext;
  throw invalid('out', `the file name must end in .docx or .pdf, got "${name}"`);
}

/** "海北州建设宽带青海促进信息消费工作2014年实施方案_2014Q2_工作推进情况通报.docx", safe on every OS. */
export function briefingFilename(data: Pick<BriefingData, 'plan' | 'period'>, format: BriefingFormat): string {
  const title = shortTitle(data.plan.title).replace(/[\\/:*?"<>|\u0000-\u001f]/g, '').slice(0, 80);
  return `${title}_${data.period.code}_工作推进情况通报.${format}`;
}

export function renderBriefing(data: BriefingData, format: BriefingFormat, opts: { redHead?: boolean } = {}): Promise<Buffer> {
  return format === 'pdf' ? renderBriefingPdf(data, opts) : renderBriefingDocx(data, opts);
}

export interface GeneratedBriefing {
  id: number;
  data: BriefingData;
  bytes: Buffer;
  format: BriefingFormat;
  filename: string;
  contentType: string;
  sha256: string;
}

/**
 * Assembles, renders and logs one briefing. Rendering happens outside the transaction (printing
 * a PDF takes a second); the log row and its audit entry commit together.
 */
export async function generateBriefing(
  db: Db | Executor,
  actor: Actor,
  input: { planId: number; period: string; format: BriefingFormat; redHead?: boolean } & AssembleOptions,
): Promise<GeneratedBriefing> {
  const data = await assembleBriefing(ex(db), input.planId, input.period, { asOf: input.asOf, now: input.now, warnDays: input.warnDays });
  const redHead = input.redHead !== false;
  const bytes = await renderBriefing(data, input.format, { redHead });
  const sha256 = createHash('sha256').update(bytes).digest('hex');
  const id = await transaction(db, async (tx) => {
    const logId = await insertBriefingLog(tx, {
      planId: data.plan.id,
      period: data.period.code,
      asOf: data.asOf,
      format: input.format,
      redHead,
      sha256,
      sizeBytes: bytes.length,
      data,
      generatedBy: actor.id,
      generatedByName: actor.name,
    });
    await recordAudit(tx, actor, { action: 'generate', entity: 'briefing', entityId: logId, after: { planId: data.plan.id, period: data.period.code, asOf: data.asOf, format: input.format, sha256 } });
    return logId;
  });
  return { id, data, bytes, format: input.format, filename: briefingFilename(data, input.format), contentType: CONTENT_TYPES[input.format], sha256 };
}

export const briefingData = (db: Db | Executor, planId: number, period: string, opts: AssembleOptions = {}) => assembleBriefing(ex(db), planId, period, opts);
export const briefingLog = (db: Db | Executor, planId: number): Promise<BriefingLogEntry[]> => listBriefingLog(ex(db), planId);
export const loggedBriefingData = (db: Db | Executor, planId: number, id: number) => briefingSnapshot(ex(db), planId, id);
