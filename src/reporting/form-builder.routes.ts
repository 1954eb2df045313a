/**
 * What the form builder needs beside the form CRUD of reporting.routes.ts: the preview of the
 * cells a unit would owe (before saving) and what the form's reports already hold.
 */
import type { FastifyPluginAsync, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { requireRole } from '../auth/policy.ts';
import type { AppDeps } from '../platform/http/context.ts';
import { getFormUsage, previewRows } from './form.service.ts';
import { formPreviewBody, id } from './reporting.schemas.ts';

const tags = ['reporting'];
const admin = { preValidation: async (req: FastifyRequest) => void requireRole(req, 'admin') };

const formRowOut = z.object({
  divisionCode: z.string(),
  divisionName: z.string(),
  elementId: z.number(),
  elementCode: z.string(),
  elementName: z.string(),
  unit: z.string(),
  valueType: z.enum(['integer', 'number', 'percent']),
  min: z.number().nullable(),
  max: z.number().nullable(),
  required: z.boolean(),
});

export const formUsageOut = z.object({
  submissions: z.number(),
  periods: z.array(z.string()),
  units: z.array(z.object({ unitId: z.number(), submissions: z.number() })),
  elementIds: z.array(z.number()),
  cells: z.array(z.object({ unitId: z.number(), divisionCode: z.string() })),
});

export const formBuilderRoutes: FastifyPluginAsync<AppDeps> = async (plain, { db }) => {
  const app = plain.withTypeProvider<ZodTypeProvider>();

  app.post('/api/reporting/forms/preview', {
    ...admin,
    schema: {
      tags,
      summary: 'The cells a unit assigned these division roots would owe with these elements, before the form is saved (admin; the builder’s preview)',
      body: formPreviewBody,
      response: { 200: z.object({ items: z.array(formRowOut) }) },
    },
  }, async (req) => ({ items: await previewRows(db.kysely, req.body.elements, req.body.divisionCodes) }));

  app.get('/api/reporting/forms/:id/usage', {
    ...admin,
    schema: {
      tags,
      summary: 'What the form’s reports already hold: submissions, periods, units, elements and cells with values (admin; edits that would strand them are refused)',
      params: z.object({ id }),
      response: { 200: formUsageOut },
    },
  }, async (req) => getFormUsage(db, req.params.id));
};
