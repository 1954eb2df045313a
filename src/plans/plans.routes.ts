import type { FastifyPluginAsync } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { requireRole, requireUser } from '../auth/policy.ts';
import { AppError } from '../platform/errors.ts';
import type { AppDeps } from '../platform/http/context.ts';
import { assertCanReadPlan, planScope } from './plan.access.ts';
import { ITEM_KINDS } from './plan-item.schemas.ts';
import { dutyCalendarOut, importResultOut, planDetailOut, planItemOut, planOut, relatedPlanOut, targetComparisonOut } from './plans.responses.ts';
import { activatePlan, addItem, compareWithRelated, getItems, getPlan, getPlanSource, importPlanDocument, relatedPlans, reviewItem, searchPlans } from './plan.service.ts';
import { planCalendar } from '../reporting/duty.service.ts';
import { planReviewRoutes } from './plan-review.routes.ts';
import { filterItems } from './plan-review.service.ts';

const id = z.coerce.number().int().positive();
const divisionCode = z.string().regex(/^[0-9]{2}([0-9]{2}([0-9]{2}([0-9]{3}([0-9]{3})?)?)?)?$/, 'a division code has 2, 4, 6, 9 or 12 digits');

export const planRoutes: FastifyPluginAsync<AppDeps> = async (app, { db }) => {
  const api = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['plans'];

  api.get('/api/plans', {
    schema: { tags, summary: 'Plans the user may read', querystring: z.object({ status: z.enum(['draft', 'active', 'archived']).optional(), q: z.string().max(200).optional() }), response: { 200: z.object({ items: z.array(planOut) }) } },
  }, async (req) => ({ items: await searchPlans(db, { ...req.query, ...planScope(req.user) }) }));

  api.get('/api/plans/:id', { schema: { tags, summary: 'One plan with item counts and basis', params: z.object({ id }), response: { 200: planDetailOut } } }, async (req) => {
    requireUser(req);
    const plan = await getPlan(db, req.params.id);
    await assertCanReadPlan(db.kysely, req.user, plan);
    return plan;
  });

  api.get('/api/plans/:id/source', { schema: { tags, summary: 'The normalised source text item spans point into', params: z.object({ id }), response: { 200: z.object({ text: z.string() }) } } }, async (req) => {
    const plan = await getPlan(db, req.params.id);
    await assertCanReadPlan(db.kysely, req.user, plan);
    return { text: await getPlanSource(db, req.params.id) };
  });

  api.get('/api/plans/:id/items', {
    schema: {
      tags,
      summary: 'Extracted items (targets, tasks, milestones, investments, leaders, reporting duties), filtered by kind, review status, section, unit or text',
      params: z.object({ id }),
      querystring: z.object({
        kind: z.enum(ITEM_KINDS).optional(),
        status: z
          .string()
          .transform((s) => s.split(',').map((x) => x.trim()).filter(Boolean))
          .pipe(z.array(z.enum(['pending', 'accepted', 'edited', 'deleted', 'added'])))
          .optional(),
        section: z.string().max(200).optional(),
        unitId: z.coerce.number().int().positive().optional(),
        q: z.string().max(200).optional(),
      }),
      response: { 200: z.object({ items: z.array(planItemOut) }) },
    },
  }, async (req) => {
    const plan = await getPlan(db, req.params.id);
    await assertCanReadPlan(db.kysely, req.user, plan);
    const { kind, ...filter } = req.query;
    return { items: filterItems(await getItems(db, req.params.id, kind), filter) };
  });

  api.get('/api/plans/:id/related', { schema: { tags, summary: 'Plans this one implements and plans implementing it', params: z.object({ id }), response: { 200: z.object({ items: z.array(relatedPlanOut) }) } } }, async (req) => {
    const plan = await getPlan(db, req.params.id);
    await assertCanReadPlan(db.kysely, req.user, plan);
    const related = [];
    for (const r of await relatedPlans(db, req.params.id)) {
      const other = await getPlan(db, r.id);
      if (await assertCanReadPlan(db.kysely, req.user, other).then(() => true, () => false)) related.push(r);
    }
    return { items: related };
  });

  api.get('/api/plans/:id/targets/compare', { schema: { tags, summary: 'Each target beside the same indicator in related plans (province vs prefecture)', params: z.object({ id }), response: { 200: z.object({ items: z.array(targetComparisonOut) }) } } }, async (req) => {
    const plan = await getPlan(db, req.params.id);
    await assertCanReadPlan(db.kysely, req.user, plan);
    const readable = async (otherId: number) => {
      const other = await getPlan(db, otherId);
      return assertCanReadPlan(db.kysely, req.user, other).then(() => true, () => false);
    };
    return { items: await compareWithRelated(db, req.params.id, readable) };
  });

  api.get('/api/plans/:id/calendar', { schema: { tags, summary: 'The reporting calendar created at activation: duties, periods, due and lock dates', params: z.object({ id }), response: { 200: z.object({ duties: z.array(dutyCalendarOut) }) } } }, async (req) => {
    const plan = await getPlan(db, req.params.id);
    await assertCanReadPlan(db.kysely, req.user, plan);
    return { duties: await planCalendar(db.kysely, req.params.id) };
  });

  api.post('/api/plans/import', {
    schema: { tags, summary: 'Upload a plan document (.txt, .docx, .pdf, .html) as multipart "file" with field "divisionCode"; creates a draft', consumes: ['multipart/form-data'], response: { 201: importResultOut } },
  }, async (req, reply) => {
    const user = requireRole(req, 'admin');
    let bytes: Buffer | null = null;
    let filename = '';
    let division: string | null = null;
    for await (const part of req.parts()) {
      if (part.type === 'file') {
        if (part.fieldname !== 'file') throw new AppError('bad_request', `unexpected file field ${part.fieldname}`);
        bytes = await part.toBuffer();
        filename = part.filename;
      } else if (part.fieldname === 'divisionCode') {
        division = String(part.value);
      }
    }
    if (!bytes) throw new AppError('validation_failed', 'attach the document as multipart field "file"', { fields: [{ field: 'file', reason: 'missing' }] });
    const dc = divisionCode.safeParse(division ?? '');
    if (!dc.success) throw new AppError('validation_failed', `divisionCode: ${dc.error.issues[0].message}`, { fields: [{ field: 'divisionCode', reason: dc.error.issues[0].message }] });
    const result = await importPlanDocument(db, { ...req.actor(), id: user.id }, { bytes: new Uint8Array(bytes), filename, divisionCode: dc.data });
    return reply.status(201).send(result);
  });

  api.patch('/api/plans/:id/items/:itemId', {
    schema: {
      tags,
      summary: 'Review an item: edit its data, accept or delete it (optimistic locking by version)',
      params: z.object({ id, itemId: id }),
      body: z.object({ version: z.number().int().positive(), data: z.record(z.string(), z.unknown()).optional(), decision: z.enum(['accepted', 'deleted']).optional() }),
      response: { 200: planItemOut },
    },
  }, async (req) => {
    requireRole(req, 'admin');
    return reviewItem(db, req.actor(), req.params.id, req.params.itemId, req.body);
  });

  api.post('/api/plans/:id/items', {
    schema: {
      tags,
      summary: 'Add an item the extraction missed',
      params: z.object({ id }),
      body: z.object({ kind: z.enum(ITEM_KINDS), data: z.record(z.string(), z.unknown()), span: z.tuple([z.number().int().min(0), z.number().int().min(0)]).nullable().optional() }),
      response: { 201: planItemOut },
    },
  }, async (req, reply) => {
    requireRole(req, 'admin');
    return reply.status(201).send(await addItem(db, req.actor(), req.params.id, req.body.kind, req.body.data, req.body.span ?? null));
  });

  api.post('/api/plans/:id/activate', {
    schema: { tags, summary: 'Activate a reviewed draft: its targets and tasks become tracked', params: z.object({ id }), body: z.object({ version: z.number().int().positive() }), response: { 200: planOut } },
  }, async (req) => {
    requireRole(req, 'admin');
    return activatePlan(db, req.actor(), req.params.id, req.body.version);
  });

  await planReviewRoutes(app, { db } as AppDeps);
};
