/**
 * Generating a briefing: assemble the data, render it, and log what was produced together with
 * the data it was built from (and an audit row), so every number can be traced afterwards.
 */
import { createHash } from 'node:crypto';
import { type Actor, recordAudit } from '../platform/audit.ts';
import { type Db, type Executor, transaction } from '../platform/db/database.ts';
import { AppError, invalid } from '../platform/errors.ts';
import type { BriefingData } from './briefing-data.ts';
import { renderBriefingDocx } from './briefing-docx.ts';
import { renderBriefingPdf } from './briefing-pdf.ts';
import { shortTitle } from './briefing-sentences.ts';
import { type AssembleOptions, assembleBriefing } from './briefing.assemble.ts';
import { type BriefingLogEntry, briefingSnapshot, findBriefingDraft, insertBriefingLog, latestBriefingDraft, listBriefingLog, saveBriefingDraft } from './briefing.repository.ts';
import { composeBriefing, type ComposeOptions, documentParagraphs, type Issuance } from './briefing-document.ts';

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

export function renderBriefing(data: BriefingData, format: BriefingFormat, opts: ComposeOptions & { fontsDir?: string } = {}): Promise<Buffer> {
  return format === 'pdf' ? renderBriefingPdf(data, opts) : renderBriefingDocx(data, opts);
}

/** The office's draft of a period's briefing: what it decided, and the paragraphs as they now read. */
export interface BriefingDraft {
  planId: number;
  period: string;
  /** 0 when nothing was saved yet (the issuance carries over from the plan's last draft) */
  version: number;
  issuance: Issuance;
  edits: Record<string, string | null>;
  /** every generated paragraph: its key, section, the generated text and the text as edited */
  paragraphs: { key: string; section: string; generated: string; text: string | null }[];
  docNumber: string;
  title: string;
}

const issuanceOf = (v: Record<string, unknown> | undefined): Issuance => (v ?? {}) as Issuance;

/** Reads the draft of (plan, period), composed over the current data. */
export async function briefingDraft(db: Db | Executor, planId: number, period: string, opts: AssembleOptions = {}): Promise<BriefingDraft> {
  const x = ex(db);
  const data = await assembleBriefing(x, planId, period, opts);
  const saved = await findBriefingDraft(x, planId, period);
  const carried = saved ? null : await latestBriefingDraft(x, planId);
  // A new period starts from the last draft's 抄送, 印发机关 and contact, never its 文号 or text.
  const issuance: Issuance = saved ? issuanceOf(saved.issuance) : { cc: issuanceOf(carried?.issuance).cc, printedBy: issuanceOf(carried?.issuance).printedBy, contact: issuanceOf(carried?.issuance).contact };
  const edits = saved?.edits ?? {};
  const generated = documentParagraphs(composeBriefing(data, { issuance }));
  const doc = composeBriefing(data, { issuance, edits });
  return {
    planId,
    period: data.period.code,
    version: saved?.version ?? 0,
    issuance,
    edits,
    paragraphs: generated.map((g) => ({ key: g.key, section: g.section, generated: g.text, text: g.key in edits ? edits[g.key] : g.text })),
    docNumber: doc.docNumber,
    title: doc.title,
  };
}

/** Saves the office's draft (optimistic: `version` is the one read; a stale save is 409). */
export async function saveBriefingDraftFor(
  db: Db,
  actor: Actor & { id: number | null },
  planId: number,
  period: string,
  input: { version: number; issuance: Issuance; edits: Record<string, string | null> },
): Promise<{ version: number }> {
  return transaction(db, async (tx) => {
    const version = await saveBriefingDraft(tx, { planId, period, issuance: input.issuance as Record<string, unknown>, edits: input.edits, version: input.version, updatedBy: actor.id });
    if (version === null) throw new AppError('conflict', '通报草稿已被他人修改，请重新载入 / the draft was changed since it was read: reload it', { fields: [{ field: 'body.version', reason: 'stale' }] });
    await recordAudit(tx, actor, { action: 'update', entity: 'briefing_draft', entityId: `${planId}:${period}`, after: { version, issuance: input.issuance, edited: Object.keys(input.edits) } });
    return { version };
  });
}

/** 数据说明: where each number of the briefing comes from, as a separate text file. */
export function briefingNotes(data: BriefingData): string {
  const doc = composeBriefing(data);
  const lines = [`${doc.title}`, '', doc.provenance, ''];
  for (const t of data.targets) lines.push(`- ${t.indicator}：${t.latest.value ?? '—'}${t.unit}（${t.latest.period ?? '—'}）来源 ${t.latest.source.api}`);
  if (data.completeness) lines.push(`- 按时报送率 ${data.completeness.onTimeRate.value ?? '—'}% 来源 ${data.completeness.onTimeRate.source.api}`);
  if (data.rankings?.divisions) lines.push(`- ${data.rankings.divisions.indicator}排名 来源 ${data.rankings.divisions.source.api}`);
  if (data.investments) lines.push(`- 投资完成情况 来源 ${data.investments.source.api}`);
  if (data.previous) lines.push(`- 上期（${data.previous.period.label}）比较 来源 ${data.previous.source.api}`);
  return `${lines.join('\n')}\n`;
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
  input: { planId: number; period: string; format: BriefingFormat; redHead?: boolean; fontsDir?: string } & AssembleOptions,
): Promise<GeneratedBriefing> {
  const data = await assembleBriefing(ex(db), input.planId, input.period, { asOf: input.asOf, now: input.now, warnDays: input.warnDays });
  const redHead = input.redHead !== false;
  // The office's draft for the period (文号, 抄送, its edits) applies to every format.
  const draft = await findBriefingDraft(ex(db), input.planId, data.period.code);
  const bytes = await renderBriefing(data, input.format, { redHead, fontsDir: input.fontsDir, issuance: issuanceOf(draft?.issuance), edits: draft?.edits ?? {} });
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
