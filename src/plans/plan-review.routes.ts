import type { FastifyPluginAsync } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { requireRole } from '../auth/policy.ts';
import { UNIT_KINDS, unitName, unitOut } from '../divisions/unit.schemas.ts';
import type { AppDeps } from '../platform/http/context.ts';
import { assertCanReadPlan } from './plan.access.ts';
import { activationChecklist } from './plan-checklist.ts';
import { bulkReview, confirmPlanUnit, mergePlanUnit, planUnits, updatePlanMetadata } from './plan-review.service.ts';
import { getPlan } from './plan.service.ts';
import { bulkBody, checklistOut, planItemOut, planMetadataPatch, planOut, planUnitsOut } from './plan.schemas.ts';

const id = z.coerce.number().int().positive();

/** Review at scale and activation as a checklist (see plan-review.service.ts, plan-checklist.ts). */
export const planReviewRoutes: FastifyPluginAsync<AppDeps> = async (app, { db }) => {
  const api = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['plans'];

  api.patch('/api/plans/:id', {
    schema: {
      tags,
      summary: 'Correct a plan’s title, 文号, issuer, issue date, period and division (admin; period, issue date and division only on a draft; version must match)',
      params: z.object({ id }),
      body: planMetadataPatch,
      response: { 200: planOut },
    },
  }, async (req) => {
    requireRole(req, 'admin');
    return updatePlanMetadata(db, req.actor(), req.params.id, req.body);
  });

  api.post('/api/plans/:id/items/bulk', {
    schema: {
      tags,
      summary: 'Accept, delete, or assign a unit to many items in one transaction (each item with the version the reviewer saw; audited per item)',
      params: z.object({ id }),
      body: bulkBody,
      response: { 200: z.object({ items: z.array(planItemOut) }) },
    },
  }, async (req) => {
    requireRole(req, 'admin');
    return bulkReview(db, req.actor(), req.params.id, req.body);
  });

  api.get('/api/plans/:id/units', {
    schema: {
      tags,
      summary: 'The units the plan’s items name; proposed ones with merge suggestions (same division, one name contains the other, 人民政府 suffix)',
      params: z.object({ id }),
      response: { 200: planUnitsOut },
    },
  }, async (req) => {
    requireRole(req, 'admin');
    return planUnits(db, req.params.id);
  });

  api.post('/api/plans/:id/units/:unitId/merge', {
    schema: {
      tags,
      summary: 'Merge a unit the plan names into another; items naming it point at the survivor',
      params: z.object({ id, unitId: id }),
      body: z.object({ intoId: z.number().int().positive() }),
      response: { 200: z.object({ into: unitOut, moved: z.number() }) },
    },
  }, async (req) => {
    requireRole(req, 'admin');
    return mergePlanUnit(db, req.actor(), req.params.id, req.params.unitId, req.body.intoId);
  });

  api.post('/api/plans/:id/units/:unitId/confirm', {
    schema: {
      tags,
      summary: 'Confirm a unit the import proposed (optionally renamed or re-kinded); it becomes active',
      params: z.object({ id, unitId: id }),
      body: z.object({ version: z.number().int().positive(), name: unitName.optional(), kind: z.enum(UNIT_KINDS).optional() }),
      response: { 200: unitOut },
    },
  }, async (req) => {
    requireRole(req, 'admin');
    return confirmPlanUnit(db, req.actor(), req.params.id, req.params.unitId, req.body);
  });

  api.get('/api/plans/:id/checklist', {
    schema: {
      tags,
      summary: 'What activation would refuse (blocking) or go ahead despite (warning), each with the items or units to fix',
      params: z.object({ id }),
      response: { 200: checklistOut },
    },
  }, async (req) => {
    const plan = await getPlan(db, req.params.id);
    await assertCanReadPlan(db.kysely, req.user, plan);
    return activationChecklist(db, req.params.id);
  });
};
