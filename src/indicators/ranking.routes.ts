import type { FastifyPluginAsync } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { assertCanReadDivision, requireUser } from '../auth/policy.ts';
import type { SessionUser } from '../platform/http/context.ts';
import type { AppDeps } from '../platform/http/context.ts';
import { indicatorParam, parentCode, periodCode } from './monitoring.schemas.ts';
import { rankingOut } from './monitoring.responses.ts';
import { indicatorRanking, indicatorRef } from './ranking.service.ts';

const tags = ['monitoring'];

/** The division a viewer ranks within by default is its own; others start at the country. */
export function defaultParent(user: SessionUser, parent: string | undefined): string {
  const p = parent ?? (user.role === 'viewer' ? (user.divisionCode ?? '') : '');
  return p === '0' ? '' : p;
}

export const rankingRoutes: FastifyPluginAsync<AppDeps> = async (plain, { db }) => {
  const app = plain.withTypeProvider<ZodTypeProvider>();

  app.get('/api/indicators/:id/ranking', {
    schema: {
      tags,
      summary: 'Rank the children of `parent` (or, with by=unit, the units reporting within it) on an indicator in one period (default: the latest with data); direction-aware, ties share a rank, no data last',
      params: z.object({ id: indicatorParam }),
      querystring: z.object({ parent: parentCode.optional(), period: periodCode.optional(), by: z.enum(['division', 'unit']).default('division') }),
      response: { 200: rankingOut },
    },
  }, async (req) => {
    const user = requireUser(req);
    const parent = defaultParent(user, req.query.parent);
    assertCanReadDivision(user, parent);
    return indicatorRanking(db, { indicator: indicatorRef(req.params.id), parent, period: req.query.period, by: req.query.by });
  });
};
