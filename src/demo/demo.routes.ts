import type { FastifyPluginAsync } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppDeps } from '../platform/http/context.ts';
import { clockInfo } from './demo-clock.ts';

export const clockSchema = z.object({
  today: z.string().regex(/^\d{4}-\d{2}-\d{2}$/),
  declared: z.boolean(),
  demo: z.boolean(),
});

export const demoRoutes: FastifyPluginAsync<AppDeps> = async (plain, { db }) => {
  const app = plain.withTypeProvider<ZodTypeProvider>();
  // Public: the portal shows the same demonstration data and says so.
  app.get(
    '/api/clock',
    {
      schema: {
        tags: ['platform'],
        summary: "The server's today (Beijing day), whether the installation declares it, and whether that is the demo's day",
        response: { 200: clockSchema },
      },
    },
    async () => clockInfo(db.kysely),
  );
};
