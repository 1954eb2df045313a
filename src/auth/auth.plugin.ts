import type { FastifyPluginAsync } from 'fastify';
import fp from 'fastify-plugin';
import type { Actor } from '../platform/audit.ts';
import type { AppDeps } from '../platform/http/context.ts';

/**
 * Loads the session of every request (cookie → user) and enforces CSRF on state-changing
 * requests. (Minimal placeholder: anonymous for everyone until the session service lands.)
 */
const plugin: FastifyPluginAsync<AppDeps> = async (app) => {
  app.decorateRequest('user', null);
  app.decorateRequest('sessionId', null);
  app.decorateRequest('actor', function (this: { user: { id: number; username: string } | null; id: string; ip: string }): Actor {
    return { id: this.user?.id ?? null, name: this.user?.username ?? 'anonymous', requestId: this.id, ip: this.ip };
  });
};

export const authPlugin = fp(plugin, { name: 'luoshi-auth' });
