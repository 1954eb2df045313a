import type { FastifyPluginAsync } from 'fastify';
import type { AppDeps } from '../platform/http/context.ts';
import { devIndexRoutes } from './dev-index.routes.ts';
import { rankingRoutes } from './ranking.routes.ts';
import { statusRoutes } from './status.routes.ts';
import { targetLinkRoutes } from './target-links.routes.ts';

/** Monitoring API: target links, plan and division status, rankings, composite indexes. */
export const monitoringRoutes: FastifyPluginAsync<AppDeps> = async (app, deps) => {
  for (const routes of [targetLinkRoutes, statusRoutes, rankingRoutes, devIndexRoutes]) await app.register(routes, deps);
};
