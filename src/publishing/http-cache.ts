import { createHash } from 'node:crypto';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';

export const PUBLIC_CACHE_CONTROL = 'public, max-age=60';

/** A strong validator: the SHA-256 of the exact bytes sent. */
export function etagOf(body: string | Buffer): string {
  return `"${createHash('sha256').update(body).digest('base64url').slice(0, 43)}"`;
}

/** RFC 9110 If-None-Match: "*" or a list of tags; W/ prefixes compare weakly, which GET allows. */
export function noneMatch(header: string | undefined, etag: string): boolean {
  if (!header) return false;
  if (header.trim() === '*') return true;
  return header.split(',').some((t) => t.trim().replace(/^W\//, '') === etag);
}

/**
 * Caching for every public GET in the plugin it is installed in: a strong ETag computed from the
 * response body, `If-None-Match` answered with 304 and no body, and `Cache-Control: public,
 * max-age=60`. Errors are not cached. Routes add `Last-Modified` themselves where they know it.
 */
export function installPublicCaching(app: FastifyInstance): void {
  app.addHook('onSend', async (req: FastifyRequest, reply: FastifyReply, payload: unknown) => {
    if (req.method !== 'GET' && req.method !== 'HEAD') return payload;
    if (reply.statusCode !== 200) {
      reply.header('cache-control', 'no-store');
      return payload;
    }
    const body = typeof payload === 'string' || Buffer.isBuffer(payload) ? payload : null;
    if (body === null) return payload;
    const etag = etagOf(body);
    reply.header('etag', etag);
    reply.header('cache-control', PUBLIC_CACHE_CONTROL);
    if (noneMatch(req.headers['if-none-match'], etag)) {
      reply.code(304);
      reply.removeHeader('content-length');
      reply.removeHeader('content-disposition');
      return '';
    }
    return payload;
  });
}

/** Sets Last-Modified (HTTP date, seconds) from the latest of the given instants. */
export function setLastModified(reply: FastifyReply, ...instants: (string | Date | null | undefined)[]): void {
  const times = instants.filter((t): t is string | Date => !!t).map((t) => new Date(t).getTime()).filter(Number.isFinite);
  if (times.length === 0) return;
  reply.header('last-modified', new Date(Math.max(...times)).toUTCString());
}
