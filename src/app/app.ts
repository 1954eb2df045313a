import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import cookie from '@fastify/cookie';
import multipart from '@fastify/multipart';
import fastifyStatic from '@fastify/static';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import Fastify, { type FastifyInstance } from 'fastify';
import { jsonSchemaTransform, validatorCompiler, type ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { registerAccessGate } from '../auth/access-gate.ts';
import { authPlugin } from '../auth/auth.plugin.ts';
import { authRoutes } from '../auth/auth.routes.ts';
import { auditRoutes } from '../auth/audit.routes.ts';
import { userRoutes } from '../auth/users.routes.ts';
import { divisionRoutes } from '../divisions/divisions.routes.ts';
import { demoRoutes } from '../demo/demo.routes.ts';
import { unitRoutes } from '../divisions/units.routes.ts';
import { planRoutes } from '../plans/plans.routes.ts';
import { indicatorRoutes } from '../indicators/indicators.routes.ts';
import { monitoringRoutes } from '../indicators/monitoring.routes.ts';
import { ioRoutes } from '../reporting/io.routes.ts';
import { reportingRoutes } from '../reporting/reporting.routes.ts';
import { publicRoutes } from '../publishing/public.routes.ts';
import { publishingRoutes } from '../publishing/publishing.routes.ts';
import { mapRoutes } from '../maps/maps.routes.ts';
import { dashboardRoutes } from '../dashboards/dashboards.routes.ts';
import { briefingRoutes } from '../briefings/briefings.routes.ts';
import { migrationStatus } from '../platform/db/migrator.ts';
import type { AppDeps } from '../platform/http/context.ts';
import { registerErrorHandling, registerNotFound } from '../platform/http/errors.plugin.ts';
import { registerInputGuard } from '../platform/http/input-guard.ts';
import { contractSerializer } from '../platform/http/serializer.ts';
import { registerSecurityHeaders } from '../platform/http/security-headers.ts';
import { BODY_LIMITS, registerBodyGate } from '../platform/http/body-limits.ts';

export const WEB_DIST = fileURLToPath(new URL('../../dist/web/', import.meta.url));

export interface BuildOptions extends AppDeps {
  /** Pino logger options or false (tests). */
  logger?: boolean | object;
  /** Serve the built web app (default: when it exists). */
  serveWeb?: boolean;
  /** Where the built web app is (default dist/web). */
  webRoot?: string;
}

/**
 * Builds the HTTP application: JSON API under /api (every input schema-validated, OpenAPI at
 * /api/openapi.json, docs at /api/docs) and the built web app for every other path.
 */
export async function buildApp(opts: BuildOptions): Promise<FastifyInstance> {
  const { db, config } = opts;
  const app = Fastify({
    logger: opts.logger ?? false,
    bodyLimit: BODY_LIMITS.json,
    // X-Forwarded-For only from the proxies named in LUOSHI_TRUST_PROXY (none by default).
    trustProxy: config.LUOSHI_TRUST_PROXY.length ? [...config.LUOSHI_TRUST_PROXY] : false,
    genReqId: () => crypto.randomUUID(),
  });
  app.setValidatorCompiler(validatorCompiler);
  // LUOSHI_STRICT_RESPONSES=1 (the test suite): a reply key its schema does not name is an error.
  app.setSerializerCompiler(contractSerializer(process.env.LUOSHI_STRICT_RESPONSES === '1'));
  registerErrorHandling(app);
  registerInputGuard(app);
  registerSecurityHeaders(app, { https: config.LUOSHI_SECURE_COOKIES });
  registerBodyGate(app);
  registerAccessGate(app); // 401/403 before any route parses or validates its input

  await app.register(cookie);
  await app.register(multipart, {
    limits: { fileSize: config.LUOSHI_UPLOAD_MAX_MB * 1024 * 1024, files: 10, fields: 50 },
    throwFileSizeLimit: true,
  });
  await app.register(swagger, {
    openapi: {
      info: { title: 'luoshi API', version: '1', description: '落实 — policy implementation tracker. Errors are `{ error: { code, message, fields? } }`.' },
      components: { securitySchemes: { session: { type: 'apiKey', in: 'cookie', name: 'luoshi_session' } } },
    },
    transform: jsonSchemaTransform,
  });
  await app.register(swaggerUi, { routePrefix: '/api/docs' });
  app.get('/api/openapi.json', { schema: { hide: true } }, async () => app.swagger());

  const deps: AppDeps = { db, config };
  await app.register(authPlugin, deps);

  const api = app.withTypeProvider<ZodTypeProvider>();
  api.get(
    '/api/health',
    {
      schema: {
        tags: ['platform'],
        summary: 'Liveness, database engine and migration version',
        response: {
          200: z.object({ status: z.literal('ok'), engine: z.enum(['pglite', 'postgres']), migration: z.string().nullable(), pending: z.number() }),
        },
      },
    },
    async () => {
      const s = await migrationStatus(db);
      return { status: 'ok' as const, engine: db.engine, migration: s.version, pending: s.pending.length };
    },
  );

  for (const routes of [authRoutes, userRoutes, auditRoutes, divisionRoutes, unitRoutes, planRoutes, reportingRoutes, mapRoutes, dashboardRoutes, publishingRoutes, publicRoutes, briefingRoutes]) {
    await app.register(routes, deps);
  }
  await app.register(demoRoutes, deps); // the server's today, declared by the demo (banner)
  await app.register(indicatorRoutes, deps); // indicator definitions, values, pivot and export
  await app.register(monitoringRoutes, deps); // target links, plan/division status, rankings, index
  await app.register(ioRoutes, deps); // reporting I/O: Excel, evidence, reminders, inbox

  const webRoot = opts.webRoot ?? WEB_DIST;
  const serveWeb = opts.serveWeb ?? existsSync(webRoot);
  if (serveWeb) await app.register(fastifyStatic, { root: webRoot, wildcard: false, maxAge: '1h' });
  // Client-side routes: any non-API GET that is not a file gets the app shell.
  registerNotFound(app, serveWeb);
  return app;
}
