import type { FastifyPluginAsync } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { assertCanReadUnit, divisionScope, requireRole, requireUser } from '../auth/policy.ts';
import { AppError } from '../platform/errors.ts';
import type { AppDeps } from '../platform/http/context.ts';
import { importUnits } from './unit.import.ts';
import { divisionCodeField, UNIT_KINDS, UNIT_STATUSES, unitFields, unitOut, unitPatch } from './unit.schemas.ts';
import { archiveUnit, createUnit, getUnit, mergeUnits, resolveUnitName, searchUnits, updateUnit } from './unit.service.ts';

const tags = ['units'];
const idParams = z.object({ id: z.coerce.number().int().positive().max(2 ** 31 - 1) });
const pageOut = z.object({ items: z.array(unitOut), total: z.number(), page: z.number(), pageSize: z.number() });

export const unitRoutes: FastifyPluginAsync<AppDeps> = async (plain, { db }) => {
  const app = plain.withTypeProvider<ZodTypeProvider>();

  app.get(
    '/api/units',
    {
      schema: {
        tags,
        summary: 'List units within the caller’s scope: by division subtree, kind, status, name or alias',
        querystring: z.object({
          division: divisionCodeField.optional(),
          kind: z.enum(UNIT_KINDS).optional(),
          status: z
            .string()
            .transform((s) => s.split(',').map((x) => x.trim()).filter(Boolean))
            .pipe(z.array(z.enum(UNIT_STATUSES)))
            .optional(),
          q: z.string().max(100).optional(),
          page: z.coerce.number().int().min(1).default(1),
          pageSize: z.coerce.number().int().min(1).max(500).default(50),
        }),
        response: { 200: pageOut },
      },
    },
    async (req) => {
      const user = requireUser(req);
      const scope = divisionScope(user);
      const { page, pageSize, ...query } = req.query;
      // A reporter sees its own unit; a viewer its subtree; admin and leader everything.
      const s =
        'all' in scope
          ? { prefix: null, unitId: null }
          : 'prefix' in scope
            ? { prefix: scope.prefix, unitId: null }
            : { prefix: null, unitId: user.unitId ?? -1 };
      return searchUnits(db, query, s, page, pageSize);
    },
  );

  app.get(
    '/api/units/resolve',
    {
      schema: {
        tags,
        summary: 'Which unit a name (or alias) means, white space ignored; optionally within one division',
        querystring: z.object({ name: z.string().min(1).max(200), divisionCode: divisionCodeField.optional() }),
        response: { 200: z.object({ unit: unitOut.nullable(), candidates: z.array(unitOut) }) },
      },
    },
    async (req) => {
      requireRole(req, 'admin', 'leader');
      return resolveUnitName(db, req.query.name, { divisionCode: req.query.divisionCode });
    },
  );

  app.post(
    '/api/units',
    { schema: { tags, summary: 'Create a unit (admin)', body: unitFields, response: { 201: unitOut } } },
    async (req, reply) => {
      requireRole(req, 'admin');
      const unit = await createUnit(db, req.actor(), req.body);
      return reply.status(201).send(unit);
    },
  );

  app.post(
    '/api/units/import',
    {
      schema: {
        tags,
        summary: 'Import units from a CSV or XLSX file (multipart field "file"); all rows or none',
        description:
          'Header row: 名称/name, 区划代码/division_code, 类型/kind, 简称/aliases (、 or ; separated), 联系人, 电话, 邮箱, 备注. ' +
          'Any invalid row → 422 with error.rows = [{row, field, reason}] and nothing stored. dryRun=true validates only.',
        querystring: z.object({ dryRun: z.enum(['true', 'false']).default('false').transform((v) => v === 'true') }),
        response: { 200: z.object({ dryRun: z.boolean(), rows: z.number(), created: z.number(), ids: z.array(z.number()) }) },
      },
    },
    async (req) => {
      requireRole(req, 'admin');
      const file = await req.file();
      if (!file) throw new AppError('bad_request', 'attach the file as multipart field "file"', { fields: [{ field: 'file', reason: 'missing' }] });
      const data = await file.toBuffer();
      return importUnits(db, req.actor(), { filename: file.filename, mimetype: file.mimetype, data }, { dryRun: req.query.dryRun });
    },
  );

  app.get(
    '/api/units/:id',
    { schema: { tags, summary: 'One unit', params: idParams, response: { 200: unitOut } } },
    async (req) => {
      const user = requireUser(req);
      const unit = await getUnit(db, req.params.id);
      assertCanReadUnit(user, unit);
      return unit;
    },
  );

  app.patch(
    '/api/units/:id',
    {
      schema: {
        tags,
        summary: 'Change a unit (admin); `version` must be the one read, else 409',
        params: idParams,
        body: unitPatch,
        response: { 200: unitOut },
      },
    },
    async (req) => {
      requireRole(req, 'admin');
      return updateUnit(db, req.actor(), req.params.id, req.body);
    },
  );

  app.delete(
    '/api/units/:id',
    {
      schema: {
        tags,
        summary: 'Archive a unit (admin; soft delete, kept for history)',
        params: idParams,
        querystring: z.object({ version: z.coerce.number().int().positive().optional() }),
        response: { 200: unitOut },
      },
    },
    async (req) => {
      requireRole(req, 'admin');
      return archiveUnit(db, req.actor(), req.params.id, req.query.version);
    },
  );

  app.post(
    '/api/units/:id/merge',
    {
      schema: {
        tags,
        summary: 'Merge this unit into another (admin): its name and aliases become aliases of the other',
        params: idParams,
        body: z.object({ intoId: z.number().int().positive() }),
        response: { 200: unitOut },
      },
    },
    async (req) => {
      requireRole(req, 'admin');
      return mergeUnits(db, req.actor(), req.params.id, req.body.intoId);
    },
  );
};
