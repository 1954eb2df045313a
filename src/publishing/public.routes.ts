/**
 * The open-data API under /api/public: read-only, no login, published data only. Every handler
 * reads through the request's public scope (loaded once per request, below), so what is not
 * published is a 404 whichever path asks. Lists page with limit/offset (total, next) or download
 * whole with ?format=csv|xlsx|json; every 200 carries a strong ETag and Cache-Control.
 */
import type { FastifyPluginAsync, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppDeps } from '../platform/http/context.ts';
import { sendDownload } from './downloads.ts';
import { installPublicCaching, setLastModified } from './http-cache.ts';
import { listQuery, pageOf, pageSchema } from './paging.ts';
import { loadPublicScope, type PublicScope } from './public-scope.ts';
import { errorSchema, publicIndexRowSchema, publicIndexSchema, publicIndicatorDetailSchema, publicIndicatorSchema, publicPlanSchema, publicTargetSchema, publicValueSchema } from './public.schemas.ts';
import { publicIndex, publicIndexes, publicIndexValues, publicIndicator, publicIndicators, publicIndicatorValues, publicPlan, publicPlans, publicTargets } from './public.service.ts';

const tags = ['open-data'];
const id = z.coerce.number().int().positive();
const notFound = { 404: errorSchema.describe('not published (or does not exist)') };
const periodCode = z.string().regex(/^\d{4}(M(0[1-9]|1[0-2])|Q[1-4]|H[12])?$/, 'a period code such as 2014, 2014H1, 2014Q2 or 2014M06');
const indicatorCode = z.string().min(1).max(100).regex(/^[A-Za-z0-9_.-]+$/, 'an indicator code');
const divisionCode = z.string().regex(/^[0-9]{2}([0-9]{2}([0-9]{2}([0-9]{3}([0-9]{3})?)?)?)?$/, 'a division code has 2, 4, 6, 9 or 12 digits');
const csv = (item: z.ZodString) =>
  z.string().max(4000).transform((s) => s.split(',').map((x) => x.trim()).filter(Boolean)).pipe(z.array(item).max(500));

const scopes = new WeakMap<FastifyRequest, PublicScope>();
const scopeOf = (req: FastifyRequest): PublicScope => {
  const s = scopes.get(req);
  if (!s) throw new Error('public scope not loaded');
  return s;
};

export const publicRoutes: FastifyPluginAsync<AppDeps> = async (app, { db }) => {
  const ex = db.kysely;
  installPublicCaching(app);
  // The one gate: the scope is read before any handler runs and is all a handler can see.
  app.addHook('preHandler', async (req) => {
    scopes.set(req, await loadPublicScope(ex));
  });
  const api = app.withTypeProvider<ZodTypeProvider>();

  api.get('/api/public/plans', {
    schema: {
      tags,
      summary: 'Published plans (no login). Page with limit/offset or download with format=csv|xlsx|json',
      querystring: listQuery,
      response: { 200: pageSchema(publicPlanSchema) },
    },
  }, async (req, reply) => {
    const all = await publicPlans(ex, scopeOf(req));
    setLastModified(reply, ...all.map((p) => p.updatedAt));
    if (req.query.format) {
      return sendDownload(reply, req.query.format, {
        name: '已公开的实施方案',
        sheet: '方案',
        rows: all,
        columns: [
          { key: 'id', header: '编号', text: true, value: (p) => p.id },
          { key: 'title', header: '方案名称', value: (p) => p.title },
          { key: 'docNumber', header: '文号', value: (p) => p.docNumber },
          { key: 'issuer', header: '发文机关', value: (p) => p.issuer },
          { key: 'issuedOn', header: '发文日期', text: true, value: (p) => p.issuedOn },
          { key: 'divisionCode', header: '区划代码', text: true, value: (p) => p.divisionCode },
          { key: 'divisionName', header: '区划', value: (p) => p.divisionName },
          { key: 'periodStart', header: '起始年', text: true, value: (p) => p.periodStart },
          { key: 'periodEnd', header: '截止年', text: true, value: (p) => p.periodEnd },
          { key: 'targetCount', header: '目标数', value: (p) => p.targetCount },
          { key: 'publishedAt', header: '公开时间', value: (p) => p.publishedAt },
        ],
      });
    }
    return pageOf(all, req.query, req.url);
  });

  api.get('/api/public/plans/:id', {
    schema: { tags, summary: 'One published plan', params: z.object({ id }), response: { 200: publicPlanSchema, ...notFound } },
  }, async (req, reply) => {
    const p = await publicPlan(ex, scopeOf(req), req.params.id);
    setLastModified(reply, p.updatedAt);
    return p;
  });

  api.get('/api/public/plans/:id/targets', {
    schema: {
      tags,
      summary: "A published plan's targets: baseline, latest value, target, deadline, status, expected-by-now, projection and series",
      params: z.object({ id }),
      querystring: listQuery.extend({ period: periodCode.optional().describe('judge as at the end of this period (default: today)') }),
      response: { 200: pageSchema(publicTargetSchema), ...notFound },
    },
  }, async (req, reply) => {
    const scope = scopeOf(req);
    const all = await publicTargets(ex, scope, req.params.id, { period: req.query.period });
    // No Last-Modified: statuses move with every approved value; the ETag is the validator here.
    if (req.query.format) {
      return sendDownload(reply, req.query.format, {
        name: `方案${req.params.id}目标`,
        sheet: '目标',
        rows: all,
        columns: [
          { key: 'id', header: '目标编号', text: true, value: (t) => t.id },
          { key: 'indicator', header: '指标', value: (t) => t.indicator },
          { key: 'indicatorCode', header: '指标代码', text: true, value: (t) => t.indicatorCode },
          { key: 'scope', header: '范围', value: (t) => t.scope },
          { key: 'unit', header: '单位', value: (t) => t.unit },
          { key: 'comparator', header: '比较', text: true, value: (t) => t.comparator },
          { key: 'baseline', header: '基期值', value: (t) => t.baseline?.value ?? null },
          { key: 'baselinePeriod', header: '基期', text: true, value: (t) => t.baseline?.period ?? null },
          { key: 'latest', header: '最新值', value: (t) => t.latest?.value ?? null },
          { key: 'latestPeriod', header: '最新期', text: true, value: (t) => t.latest?.period ?? null },
          { key: 'target', header: '目标值', value: (t) => t.target },
          { key: 'deadline', header: '目标期限', text: true, value: (t) => t.deadline },
          { key: 'status', header: '状态代码', text: true, value: (t) => t.status },
          { key: 'statusLabel', header: '状态', value: (t) => t.statusLabel.zh },
          { key: 'expectedByNow', header: '按期应达值', value: (t) => t.expectedByNow },
          { key: 'projection', header: '预测值', value: (t) => t.projection },
        ],
      });
    }
    return pageOf(all, req.query, req.url);
  });

  api.get('/api/public/indicators', {
    schema: { tags, summary: 'Published indicators with their definition and published levels and periods', querystring: listQuery, response: { 200: pageSchema(publicIndicatorSchema) } },
  }, async (req, reply) => {
    const all = await publicIndicators(ex, scopeOf(req));
    if (req.query.format) {
      return sendDownload(reply, req.query.format, {
        name: '已公开的指标',
        sheet: '指标',
        rows: all,
        columns: [
          { key: 'code', header: '指标代码', text: true, value: (i) => i.code },
          { key: 'name', header: '指标名称', value: (i) => i.name },
          { key: 'unit', header: '计量单位', value: (i) => i.unit },
          { key: 'direction', header: '方向', text: true, value: (i) => i.direction },
          { key: 'description', header: '口径说明', value: (i) => i.description },
          { key: 'source', header: '来源', value: (i) => i.source },
          { key: 'lowestLevel', header: '公开至区划级别', value: (i) => i.lowestLevel },
          { key: 'fromPeriod', header: '公开起始期', text: true, value: (i) => i.fromPeriod },
        ],
      });
    }
    return pageOf(all, req.query, req.url);
  });

  api.get('/api/public/indicators/:code', {
    schema: {
      tags,
      summary: 'One published indicator with the targets of published plans measured on it',
      params: z.object({ code: indicatorCode }),
      response: { 200: publicIndicatorDetailSchema, ...notFound },
    },
  }, async (req) => publicIndicator(ex, scopeOf(req), req.params.code));

  api.get('/api/public/indicators/:code/values', {
    schema: {
      tags,
      summary: 'Values of a published indicator by division and period: the children of `parent` (default: the provinces) or the listed `division`s; periods listed in `period` or a range from/to of `type` (default yearly from the first published period)',
      params: z.object({ code: indicatorCode }),
      querystring: listQuery.extend({
        parent: divisionCode.optional().describe('list the children of this division (default: the provinces)'),
        division: csv(divisionCode).optional().describe('comma-separated division codes instead of parent'),
        period: csv(periodCode).optional().describe('comma-separated period codes'),
        from: periodCode.optional(),
        to: periodCode.optional(),
        type: z.enum(['M', 'Q', 'H', 'Y']).optional().describe('period type of the from/to range (default Y)'),
      }),
      response: { 200: pageSchema(publicValueSchema), ...notFound },
    },
  }, async (req, reply) => {
    const q = req.query;
    const all = await publicIndicatorValues(ex, scopeOf(req), req.params.code, { parent: q.parent, divisions: q.division, periods: q.period, from: q.from, to: q.to, type: q.type });
    if (q.format) {
      return sendDownload(reply, q.format, {
        name: `指标${req.params.code}分区划数据`,
        sheet: req.params.code,
        rows: all,
        columns: [
          { key: 'divisionCode', header: '区划代码', text: true, value: (v) => v.divisionCode },
          { key: 'divisionName', header: '区划名称', value: (v) => v.divisionName },
          { key: 'level', header: '级别', value: (v) => v.level },
          { key: 'period', header: '时期', text: true, value: (v) => v.period },
          { key: 'value', header: '指标值', value: (v) => v.value },
          { key: 'numerator', header: '分子', value: (v) => v.numerator },
          { key: 'denominator', header: '分母', value: (v) => v.denominator },
          { key: 'contributors', header: '报送区划数', value: (v) => v.contributors },
        ],
      });
    }
    return pageOf(all, q, req.url);
  });

  api.get('/api/public/indexes', {
    schema: { tags, summary: 'Published composite indexes (宽带发展指数) with their method', querystring: listQuery.omit({ format: true }), response: { 200: pageSchema(publicIndexSchema) } },
  }, async (req, reply) => {
    const all = await publicIndexes(ex, scopeOf(req));
    return pageOf(all, req.query, req.url);
  });

  api.get('/api/public/indexes/:code', {
    schema: { tags, summary: 'One published index with its method (text, formula, groups, components, references, weights, sources)', params: z.object({ code: indicatorCode }), response: { 200: publicIndexSchema, ...notFound } },
  }, async (req) => publicIndex(ex, scopeOf(req), req.params.code));

  api.get('/api/public/indexes/:code/values', {
    schema: {
      tags,
      summary: 'Scores of a published index for the children of `parent` (default: the provinces) in one period (default: the latest year with a score), ranked, with the parent\'s own score',
      params: z.object({ code: indicatorCode }),
      querystring: listQuery.extend({ parent: divisionCode.optional(), period: periodCode.optional() }),
      response: { 200: pageSchema(publicIndexRowSchema).extend({ parent: publicIndexRowSchema, period: z.string() }), ...notFound },
    },
  }, async (req, reply) => {
    const q = req.query;
    const r = await publicIndexValues(ex, scopeOf(req), req.params.code, { parent: q.parent, period: q.period });
    if (q.format) {
      const first = r.items[0] ?? r.parent;
      return sendDownload(reply, q.format, {
        name: `指数${req.params.code}${r.period}`,
        sheet: req.params.code,
        rows: [r.parent, ...r.items],
        columns: [
          { key: 'divisionCode', header: '区划代码', text: true, value: (v) => v.divisionCode },
          { key: 'divisionName', header: '区划名称', value: (v) => v.divisionName },
          { key: 'period', header: '时期', text: true, value: (v) => v.period },
          { key: 'score', header: '指数', value: (v) => v.score },
          { key: 'rank', header: '排名', value: (v) => v.rank },
          ...first.groups.map((g, i) => ({ key: `group_${g.code}`, header: `分组 ${g.code}`, value: (v: typeof first) => v.groups[i]?.score ?? null })),
          // Columns by indicator code: rows may show different components (each within its own publication).
          ...[...new Set([r.parent, ...r.items].flatMap((v) => v.components.map((c) => c.indicator)))].map((ind) => ({
            key: `value_${ind}`,
            header: `${ind} 值`,
            value: (v: typeof first) => v.components.find((c) => c.indicator === ind)?.value ?? null,
          })),
        ],
      });
    }
    return { ...pageOf(r.items, q, req.url), parent: r.parent, period: r.period };
  });
};
