import type { FastifyPluginAsync, FastifyReply } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { requireRole, requireUser } from '../auth/policy.ts';
import { invalid } from '../platform/errors.ts';
import type { AppDeps } from '../platform/http/context.ts';
import { authorizeValueRead } from './indicator.access.ts';
import { indicatorDetailOut, indicatorInput, indicatorOut, indicatorPatch } from './indicator.schemas.ts';
import { archiveIndicator, createIndicator, getIndicator, searchIndicators, updateIndicator } from './indicator.service.ts';
import { buildPivot, expandPeriods, pivotCsv, pivotDivisions, pivotXlsx } from './pivot.service.ts';
import { queryIndicator } from './query.service.ts';

const tags = ['indicators'];
const MAX_DIVISIONS = 5000;
const idParams = z.object({ id: z.coerce.number().int().positive().max(2 ** 31 - 1) });
// An indicator by id (digits) or by code.
const refParams = z.object({ id: z.string().min(1).max(64) });
const toRef = (s: string): number | string => (/^\d+$/.test(s) ? Number(s) : s);
// Division codes, comma separated; '' or 0 is the country.
const codeList = z
  .string()
  .max(100_000)
  .transform((s) => s.split(',').map((x) => x.trim()))
  .pipe(z.array(z.string().regex(/^(0|[0-9]{2}([0-9]{2}([0-9]{2}([0-9]{3}([0-9]{3})?)?)?)?)?$/, 'a division code has 2, 4, 6, 9 or 12 digits (0 = country)')));

const cellOut = z.object({ value: z.number().nullable(), numerator: z.number().nullable(), denominator: z.number().nullable(), contributors: z.number() });
const pivotOut = z.object({
  indicator: z.object({
    id: z.number(),
    code: z.string(),
    name: z.string(),
    unit: z.string(),
    direction: z.enum(['higher', 'lower']),
    versions: z.array(z.object({ number: z.number(), name: z.string(), validFrom: z.string().nullable(), periods: z.array(z.string()) })),
  }),
  rows: z.enum(['divisions', 'periods']),
  divisions: z.array(z.object({ code: z.string(), name: z.string(), level: z.number(), expected: z.number().optional() })),
  periods: z.array(z.string()),
  cells: z.array(z.array(cellOut)),
});

function contentDisposition(filename: string): string {
  const ascii = filename.replace(/[^\x20-\x7e]/g, '_').replace(/["\\]/g, '_');
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(filename)}`;
}

export const indicatorRoutes: FastifyPluginAsync<AppDeps> = async (plain, { db }) => {
  const app = plain.withTypeProvider<ZodTypeProvider>();

  app.get(
    '/api/indicators',
    {
      schema: {
        tags,
        summary: 'Indicator definitions (latest version); any signed-in user',
        querystring: z.object({
          q: z.string().max(100).optional(),
          status: z.enum(['active', 'archived']).optional(),
          published: z.enum(['true', 'false']).transform((v) => v === 'true').optional(),
          elementId: z.coerce.number().int().positive().optional(),
        }),
        response: { 200: z.object({ items: z.array(indicatorOut) }) },
      },
    },
    async (req) => {
      requireUser(req);
      return { items: await searchIndicators(db, req.query) };
    },
  );

  app.get(
    '/api/indicators/:id',
    { schema: { tags, summary: 'One indicator (by id or code) with every definition version', params: refParams, response: { 200: indicatorDetailOut } } },
    async (req) => {
      requireUser(req);
      return getIndicator(db, toRef(req.params.id));
    },
  );

  app.post(
    '/api/indicators',
    {
      schema: {
        tags,
        summary: 'Create an indicator: numerator / denominator × factor over data elements (admin)',
        body: indicatorInput,
        response: { 201: indicatorDetailOut },
      },
    },
    async (req, reply) => {
      requireRole(req, 'admin');
      return reply.status(201).send(await createIndicator(db, req.actor(), req.body));
    },
  );

  app.patch(
    '/api/indicators/:id',
    {
      schema: {
        tags,
        summary: 'Change an indicator (admin): a definition change adds a version valid from `validFrom`; stale `version` → 409',
        description:
          'Earlier periods keep the version valid on their last day, so history is never rewritten. `validFrom` (default today) must be later than the latest version’s. ' +
          '`published` and `status` change without a new version.',
        params: idParams,
        body: indicatorPatch,
        response: { 200: indicatorDetailOut },
      },
    },
    async (req) => {
      requireRole(req, 'admin');
      return updateIndicator(db, req.actor(), req.params.id, req.body);
    },
  );

  app.delete(
    '/api/indicators/:id',
    {
      schema: {
        tags,
        summary: 'Archive an indicator (admin; its versions and values stay)',
        params: idParams,
        querystring: z.object({ version: z.coerce.number().int().positive() }),
        response: { 200: indicatorDetailOut },
      },
    },
    async (req) => {
      requireRole(req, 'admin');
      return archiveIndicator(db, req.actor(), req.params.id, req.query.version);
    },
  );

  app.get(
    '/api/indicators/:id/values',
    {
      schema: {
        tags,
        summary: 'Indicator values for divisions × periods, with numerator, denominator and the number of contributing divisions',
        params: refParams,
        querystring: z.object({
          divisions: codeList,
          periods: z.string().max(10_000),
          unit: z.coerce.number().int().positive().optional(),
          version: z.coerce.number().int().positive().optional(),
        }),
        response: {
          200: z.object({
            items: z.array(cellOut.extend({ divisionCode: z.string(), period: z.string() })),
          }),
        },
      },
    },
    async (req) => {
      const divisionCodes = req.query.divisions.map((c) => (c === '0' ? '' : c));
      if (divisionCodes.length > MAX_DIVISIONS) throw invalid('divisions', `at most ${MAX_DIVISIONS} divisions`);
      const periods = expandPeriods(req.query.periods);
      const { unitId } = await authorizeValueRead(db.kysely, req.user, { divisionCodes, unitId: req.query.unit });
      return { items: await queryIndicator(db.kysely, { indicator: toRef(req.params.id), divisionCodes, periods, unitId, version: req.query.version }) };
    },
  );

  app.get(
    '/api/indicators/:id/pivot',
    {
      schema: {
        tags,
        summary: 'Pivot of an indicator: divisions (a list, or the children of `parent`; "" or 0 = provinces) × periods; JSON, XLSX or CSV',
        description:
          'periods: codes and ranges, e.g. `2014M01..2014M12` or `2014Q1,2014Q2` or `2013..2020`. rows=divisions (default) or periods. ' +
          'format=xlsx|csv downloads the table (division codes as text). unit=ID restricts to the values that unit reported. ' +
          'A viewer gets divisions inside its subtree only (403 otherwise); a reporter only its own unit’s values.',
        params: refParams,
        querystring: z.object({
          divisions: codeList.optional(),
          parent: z.string().regex(/^(0|[0-9]{2}([0-9]{2}([0-9]{2}([0-9]{3})?)?)?)?$/, 'a parent division code has 2, 4, 6 or 9 digits (0 or empty = country)').optional(),
          periods: z.string().max(10_000),
          rows: z.enum(['divisions', 'periods']).default('divisions'),
          format: z.enum(['json', 'xlsx', 'csv']).default('json'),
          unit: z.coerce.number().int().positive().optional(),
          version: z.coerce.number().int().positive().optional(),
        }),
        response: { 200: pivotOut },
      },
    },
    async (req, reply) => {
      requireUser(req);
      const { divisions, parent, rows, format, version } = req.query;
      if ((divisions === undefined) === (parent === undefined)) throw invalid('divisions', 'give either divisions=… or parent=…');
      if (divisions && divisions.length > MAX_DIVISIONS) throw invalid('divisions', `at most ${MAX_DIVISIONS} divisions`);
      const periods = expandPeriods(req.query.periods);
      const parentCode = parent === undefined ? undefined : parent === '0' ? '' : parent;
      // Authorise on what was asked (the parent for a children view) before reading anything.
      const asked = parentCode !== undefined ? [parentCode] : divisions!.map((c) => (c === '0' ? '' : c));
      const { unitId } = await authorizeValueRead(db.kysely, req.user, { divisionCodes: asked, unitId: req.query.unit });
      const divs = await pivotDivisions(db.kysely, { divisions, parent: parentCode });
      const pivot = await buildPivot(db.kysely, { indicator: toRef(req.params.id), periods, rows, version, unitId }, divs);
      if (format === 'json') return pivot;
      const base = `${pivot.indicator.code}-${periods[0]}-${periods.at(-1)}`;
      // Downloads bypass the JSON response schema (which documents format=json).
      const raw = reply as FastifyReply;
      if (format === 'csv') {
        return raw.header('content-type', 'text/csv; charset=utf-8').header('content-disposition', contentDisposition(`${base}.csv`)).send(pivotCsv(pivot));
      }
      return raw
        .header('content-type', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
        .header('content-disposition', contentDisposition(`${base}.xlsx`))
        .send(await pivotXlsx(pivot));
    },
  );
};
