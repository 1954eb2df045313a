/**
 * Reporting I/O over HTTP: the Excel template and its upload, evidence files, reminders and the
 * in-app inbox. Thin: authenticate, validate, authorise (in the services, by submission scope),
 * call, present.
 */
import { createReadStream } from 'node:fs';
import type { FastifyPluginAsync, FastifyRequest } from 'fastify';
import type { MultipartFile } from '@fastify/multipart';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { requireRole, requireUser } from '../auth/policy.ts';
import { AppError } from '../platform/errors.ts';
import type { AppDeps } from '../platform/http/context.ts';
import { attachEvidence, deleteEvidence, listEvidence, openEvidence } from './evidence.service.ts';
import { buildTemplate } from './excel/template.ts';
import { fileResponse, noContent, XLSX } from '../platform/http/responses.ts';
import { uploadWorkbook } from './excel/upload.ts';
import { deliveryOut } from './reminders/delivery.schemas.ts';
import { inboxOf, readMessage } from './reminders/inbox.service.ts';
import { sendManualReminder } from './reminders/reminder.service.ts';

const tags = ['reporting'];
const P = '/api/reporting';
const id = z.coerce.number().int().positive().max(2 ** 31 - 1);
const idParams = z.object({ id });

const evidenceOut = z.object({
  id: z.number(),
  submissionId: z.number(),
  itemId: z.number().nullable(),
  sha256: z.string(),
  sizeBytes: z.number(),
  contentType: z.string(),
  filename: z.string(),
  uploadedBy: z.number().nullable(),
  createdAt: z.string(),
});

const messageOut = z.object({
  id: z.number(),
  kind: z.string(),
  title: z.string(),
  body: z.string(),
  link: z.string().nullable(),
  createdAt: z.string(),
  readAt: z.string().nullable(),
});

const reminderOut = z.object({
  id: z.number(),
  formId: z.number(),
  unitId: z.number(),
  period: z.string(),
  kind: z.enum(['before_due', 'overdue', 'manual']),
  dueOn: z.string().nullable(),
  inbox: z.number(),
  channels: z.record(z.string(), z.string()),
  delivery: deliveryOut,
});

async function theFile(req: FastifyRequest): Promise<MultipartFile> {
  const file = await req.file();
  if (!file) throw new AppError('bad_request', '请以 multipart 字段 "file" 上传文件 / attach the file as multipart field "file"', { fields: [{ field: 'file', reason: 'missing' }] });
  return file;
}

function contentDisposition(kind: 'attachment' | 'inline', filename: string): string {
  const ascii = filename.replace(/[^\x20-\x7e]/g, '_').replace(/["\\]/g, '_');
  return `${kind}; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(filename)}`;
}

export const ioRoutes: FastifyPluginAsync<AppDeps> = async (plain, { db, config }) => {
  const app = plain.withTypeProvider<ZodTypeProvider>();

  app.get(
    `${P}/submissions/:id/template.xlsx`,
    {
      schema: {
        tags,
        summary: 'Excel template of a submission: 数据 sheet (codes as text, 上期值, draft values in 本期值) and a hidden _luoshi sheet',
        params: idParams,
        response: { 200: fileResponse('The template workbook (x-template-rows: its data rows)', XLSX) },
      },
    },
    async (req, reply) => {
      const t = await buildTemplate(db, requireUser(req), req.params.id);
      return reply
        .header('content-type', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
        .header('content-disposition', contentDisposition('attachment', t.filename))
        .header('cache-control', 'no-store')
        .header('x-template-rows', String(t.rows))
        .send(t.stream);
    },
  );

  app.post(
    `${P}/submissions/:id/upload`,
    {
      schema: {
        tags,
        summary: 'Upload the filled template (multipart field "file"): all cells saved as the draft, or none',
        description:
          'Errors: 422 with fields like `数据!G12` (sheet!cell) and the reason, or `_luoshi!B2` for an outdated template; 409 when the submission changed since ' +
          'the template was downloaded (overwrite=true replaces it anyway); 413 over LUOSHI_UPLOAD_MAX_MB; 415 not an .xlsx; 400 corrupt or zip bomb.',
        params: idParams,
        querystring: z.object({ overwrite: z.enum(['true', 'false']).default('false').transform((v) => v === 'true') }),
        response: {
          200: z.object({
            submissionId: z.number(),
            version: z.number(),
            stored: z.number(),
            empty: z.number(),
            missingRows: z.number(),
            notes: z.array(z.object({ field: z.string(), note: z.string() })),
            ignoredSheets: z.array(z.string()),
          }),
        },
      },
    },
    async (req) => {
      const user = requireUser(req);
      const file = await theFile(req);
      return uploadWorkbook(db, config, req.actor(), user, req.params.id, { stream: file.file }, { overwrite: req.query.overwrite });
    },
  );

  app.post(
    `${P}/submissions/:id/evidence`,
    {
      schema: {
        tags,
        summary: 'Attach an evidence file (multipart field "file"; itemId as a field before the file or in the query, for a progress entry)',
        description: `Accepted: pdf, images (png, jpg, gif, webp, tif), office documents (docx, xlsx, pptx, doc, xls, ppt, wps, et), ofd, zip; content checked by its first bytes; at most LUOSHI_UPLOAD_MAX_MB.`,
        params: idParams,
        querystring: z.object({ itemId: id.optional() }),
        response: { 201: evidenceOut },
      },
    },
    async (req, reply) => {
      const user = requireUser(req);
      const file = await theFile(req);
      const field = (file.fields.itemId as { value?: unknown } | undefined)?.value;
      let itemId = req.query.itemId ?? null;
      if (field !== undefined && field !== '') {
        const parsed = id.safeParse(field);
        if (!parsed.success) {
          file.file.resume();
          throw new AppError('validation_failed', 'itemId: must be a positive integer', { fields: [{ field: 'itemId', reason: 'must be a positive integer' }] });
        }
        itemId = parsed.data;
      }
      const row = await attachEvidence(db, config, req.actor(), user, req.params.id, { filename: file.filename, stream: file.file, itemId });
      return reply.status(201).send(row);
    },
  );

  app.get(
    `${P}/submissions/:id/evidence`,
    { schema: { tags, summary: 'Evidence files of a submission', params: idParams, response: { 200: z.object({ items: z.array(evidenceOut) }) } } },
    async (req) => ({ items: await listEvidence(db, requireUser(req), req.params.id) }),
  );

  app.get(
    `${P}/evidence/:id`,
    { schema: { tags, summary: 'Download an evidence file (same read scope as its submission)', params: idParams, querystring: z.object({ inline: z.enum(['true', 'false']).optional() }), response: { 200: fileResponse('The file as uploaded, with its own content type', 'application/octet-stream') } } },
    async (req, reply) => {
      const { file, path } = await openEvidence(db, config, requireUser(req), req.params.id);
      // PDFs and images may open in the browser; nothing is ever sniffed into HTML
      const inline = req.query.inline === 'true' && /^(application\/pdf|image\/)/.test(file.contentType);
      return reply
        .header('content-type', file.contentType)
        .header('content-length', String(file.sizeBytes))
        .header('content-disposition', contentDisposition(inline ? 'inline' : 'attachment', file.filename))
        .header('x-content-type-options', 'nosniff')
        .header('etag', `"${file.sha256}"`)
        .header('cache-control', 'private, max-age=0')
        .send(createReadStream(path));
    },
  );

  app.delete(
    `${P}/evidence/:id`,
    { schema: { tags, summary: 'Remove an evidence file while its submission is editable', params: idParams, response: { 204: noContent } } },
    async (req, reply) => {
      await deleteEvidence(db, config, req.actor(), requireUser(req), req.params.id);
      return reply.status(204).send();
    },
  );

  app.post(
    `${P}/reminders`,
    {
      schema: {
        tags,
        summary: 'One-click reminder to a unit (admin): inbox, e-mail and webhook; once a day per unit, form and period (else 409)',
        body: z.object({ formId: z.number().int().positive(), unitId: z.number().int().positive(), period: z.string().regex(/^\d{4}(M(0[1-9]|1[0-2])|Q[1-4]|H[12])?$/, 'a period code such as 2014M03, 2014Q1') }),
        response: { 201: reminderOut },
      },
    },
    async (req, reply) => {
      requireRole(req, 'admin');
      return reply.status(201).send(await sendManualReminder(db, config, req.actor(), req.body));
    },
  );

  app.get(
    '/api/inbox',
    {
      schema: {
        tags: ['inbox'],
        summary: 'The signed-in user’s messages (reminders), newest first',
        querystring: z.object({
          unread: z.enum(['true', 'false']).default('false').transform((v) => v === 'true'),
          limit: z.coerce.number().int().min(1).max(200).default(50),
          before: id.optional(),
        }),
        response: { 200: z.object({ items: z.array(messageOut), unread: z.number() }) },
      },
    },
    async (req) => {
      const user = requireUser(req);
      return inboxOf(db, user.id, { unreadOnly: req.query.unread, limit: req.query.limit, beforeId: req.query.before });
    },
  );

  app.post(
    '/api/inbox/:id/read',
    { schema: { tags: ['inbox'], summary: 'Mark one of the user’s messages read', params: idParams, response: { 200: messageOut } } },
    async (req) => readMessage(db, requireUser(req).id, req.params.id),
  );
};
