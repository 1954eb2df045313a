import type { FastifyPluginAsync } from 'fastify';
import type { AppDeps } from '../platform/http/context.ts';

// Placeholder: routes land with their service.
export const unitRoutes: FastifyPluginAsync<AppDeps> = async () => {};
