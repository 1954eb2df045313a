import type { FastifyInstance } from 'fastify';
import { invalid } from '../errors.ts';

/**
 * PostgreSQL text cannot hold a NUL character: one reaching a query fails there as a 500. Every
 * request's query, path parameters and body are therefore checked before validation, and the first
 * string (or key) holding U+0000 is refused as a 400 naming where it is.
 */
const MAX_DEPTH = 64;

function findNul(value: unknown, path: string, depth = 0): string | null {
  if (typeof value === 'string') return value.includes('\u0000') ? path : null;
  if (value === null || typeof value !== 'object' || depth > MAX_DEPTH) return null;
  if (Buffer.isBuffer(value) || ArrayBuffer.isView(value)) return null; // binary uploads are checked by their readers
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      const hit = findNul(value[i], `${path}.${i}`, depth + 1);
      if (hit) return hit;
    }
    return null;
  }
  for (const [k, v] of Object.entries(value as Record<string, unknown>)) {
    if (k.includes('\u0000')) return `${path}.${k.replaceAll('\u0000', '\\u0000')}`;
    const hit = findNul(v, `${path}.${k}`, depth + 1);
    if (hit) return hit;
  }
  return null;
}

export function registerInputGuard(app: FastifyInstance): void {
  app.addHook('preValidation', async (req) => {
    const hit = findNul(req.query, 'query') ?? findNul(req.params, 'params') ?? findNul(req.body, 'body');
    if (hit) throw invalid(hit, '不能包含 NUL 字符 / must not contain a NUL (U+0000) character');
  });
}
