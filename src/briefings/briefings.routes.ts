import type { FastifyPluginAsync } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { requireRole, requireUser } from '../auth/policy.ts';
import { isDay } from '../kernel/day.ts';
import { notFound } from '../platform/errors.ts';
import type { AppDeps } from '../platform/http/context.ts';
import { assertCanReadPlan } from '../plans/plan.access.ts';
import { getPlan } from '../plans/plan.service.ts';
import { DOCX, fileResponse } from '../platform/http/responses.ts';
import { briefingDataOut, briefingLogEntryOut, loggedBriefingDataOut } from './briefings.responses.ts';
import { BRIEFING_FORMATS, briefingData, briefingDraft, briefingFilename, briefingLog, briefingNotes, generateBriefing, loggedBriefingData, saveBriefingDraftFor } from './briefing.service.ts';

const id = z.coerce.number().int().positive();
const period = z
  .string()
  .regex(/^\d{4}(M(0[1-9]|1[0-2])|Q[1-4]|H[12])?$/, 'a period code such as 2014Q2, 2014H1, 2014M06 or 2014');
const asOf = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'a date YYYY-MM-DD').optional();
const flag = z
  .enum(['true', 'false', '1', '0'])
  .optional()
  .transform((v) => (v === undefined ? undefined : v === 'true' || v === '1'));

/** `filename*` carries the Chinese name (RFC 5987); `filename` an ASCII fallback for old clients. */
export function contentDisposition(filename: string): string {
  const ascii = filename.replace(/[^\x20-\x7e]/g, '_').replace(/["\\]/g, '_');
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(filename)}`;
}

/**
 * The briefing (工作推进情况通报) of a plan: the document (.docx or .pdf) and the data it is built
 * from. Whoever may read the plan may read its briefing.
 */
export const briefingRoutes: FastifyPluginAsync<AppDeps> = async (app, { db, config }) => {
  const warnDays = config.LUOSHI_DEADLINE_WARN_DAYS;
  const api = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['briefings'];

  const readablePlan = async (req: Parameters<typeof requireUser>[0], planId: number) => {
    requireUser(req);
    const plan = await getPlan(db, planId);
    await assertCanReadPlan(db.kysely, req.user, plan);
    return plan;
  };

  api.get('/api/plans/:id/briefing', {
    schema: {
      tags,
      summary: 'The briefing (工作推进情况通报) of a plan for a period, as .docx (default) or .pdf; logged with its data',
      params: z.object({ id }),
      querystring: z.object({ period, format: z.enum(BRIEFING_FORMATS as [string, ...string[]]).default('docx'), asOf, redHead: flag }),
      response: { 200: fileResponse('The briefing document (x-briefing-id names its log entry)', DOCX, 'application/pdf') },
    },
  }, async (req, reply) => {
    await readablePlan(req, req.params.id);
    const user = req.user!;
    const r = await generateBriefing(db, { ...req.actor(), id: user.id }, {
      planId: req.params.id,
      period: req.query.period,
      format: req.query.format as 'docx' | 'pdf',
      asOf: req.query.asOf,
      redHead: req.query.redHead,
      warnDays,
      fontsDir: config.LUOSHI_FONTS_DIR,
    });
    return reply
      .header('content-type', r.contentType)
      .header('content-disposition', contentDisposition(r.filename))
      .header('cache-control', 'private, no-store')
      .header('x-briefing-id', String(r.id))
      .header('x-content-sha256', r.sha256)
      .send(r.bytes);
  });

  api.get('/api/plans/:id/briefing/data', {
    schema: { tags, summary: 'The data a briefing is built from: every number with its source API', params: z.object({ id }), querystring: z.object({ period, asOf }), response: { 200: briefingDataOut } },
  }, async (req) => {
    await readablePlan(req, req.params.id);
    return briefingData(db, req.params.id, req.query.period, { asOf: req.query.asOf, warnDays });
  });

  api.get('/api/plans/:id/briefing/notes', {
    schema: {
      tags,
      summary: '数据说明: where each number of the briefing comes from (a plain-text file kept apart from the 公文)',
      params: z.object({ id }),
      querystring: z.object({ period, asOf }),
      response: { 200: fileResponse('The data notes as UTF-8 text', 'text/plain; charset=utf-8') },
    },
  }, async (req, reply) => {
    await readablePlan(req, req.params.id);
    const data = await briefingData(db, req.params.id, req.query.period, { asOf: req.query.asOf, warnDays });
    return reply
      .header('content-type', 'text/plain; charset=utf-8')
      .header('content-disposition', contentDisposition(briefingFilename(data, 'docx').replace(/\.docx$/, '_数据说明.txt')))
      .send(briefingNotes(data));
  });

  const issuance = z.object({
    docNumber: z.string().trim().max(60).nullable().optional().describe('发文字号, e.g. 北政办〔2014〕23号'),
    cc: z.array(z.string().trim().min(1).max(100)).max(40).optional().describe('抄送机关'),
    printedBy: z.string().trim().max(100).nullable().optional().describe('印发机关 (default: the issuer)'),
    printedOn: z.string().refine(isDay, 'a date YYYY-MM-DD').nullable().optional().describe('印发日期'),
    contact: z.object({ name: z.string().trim().min(1).max(40), phone: z.string().trim().min(3).max(40) }).nullable().optional().describe('联系人 and phone (附注)'),
  });
  const draftOut = z.object({
    planId: z.number(),
    period: z.string(),
    version: z.number().int(),
    issuance,
    edits: z.record(z.string(), z.string().nullable()),
    paragraphs: z.array(z.object({ key: z.string(), section: z.string(), generated: z.string(), text: z.string().nullable() })),
    docNumber: z.string(),
    title: z.string(),
  });

  api.get('/api/plans/:id/briefing/draft', {
    schema: { tags, summary: "The office's draft of a period's briefing: 文号, 抄送, contact and its edits, with every paragraph as generated and as edited", params: z.object({ id }), querystring: z.object({ period, asOf }), response: { 200: draftOut } },
  }, async (req) => {
    await readablePlan(req, req.params.id);
    return briefingDraft(db, req.params.id, req.query.period, { asOf: req.query.asOf, warnDays });
  });

  api.put('/api/plans/:id/briefing/draft', {
    schema: {
      tags,
      summary: "Saves the office's draft (admin): every format generated for the period then uses it; `version` as read (0 for none), a stale save is 409",
      params: z.object({ id }),
      querystring: z.object({ period }),
      body: z.object({ version: z.number().int().min(0), issuance, edits: z.record(z.string().max(80), z.string().max(4000).nullable()).refine((e) => Object.keys(e).length <= 300, 'at most 300 edits') }),
      response: { 200: z.object({ version: z.number().int() }) },
    },
  }, async (req) => {
    requireRole(req, 'admin');
    await readablePlan(req, req.params.id);
    return saveBriefingDraftFor(db, { ...req.actor(), id: req.user!.id }, req.params.id, req.query.period, req.body);
  });

  api.get('/api/plans/:id/briefings', {
    schema: { tags, summary: 'Briefings generated for a plan (newest first): period, format, checksum, who and when', params: z.object({ id }), response: { 200: z.object({ items: z.array(briefingLogEntryOut) }) } },
  }, async (req) => {
    await readablePlan(req, req.params.id);
    return { items: await briefingLog(db, req.params.id) };
  });

  api.get('/api/plans/:id/briefings/:briefingId/data', {
    schema: { tags, summary: 'The data a logged briefing was built from, as it was when generated', params: z.object({ id, briefingId: id }), response: { 200: loggedBriefingDataOut } },
  }, async (req) => {
    await readablePlan(req, req.params.id);
    const data = await loggedBriefingData(db, req.params.id, req.params.briefingId);
    if (!data) throw notFound('briefing', req.params.briefingId);
    return data;
  });
};
