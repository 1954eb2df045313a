import type { FastifyReply, FastifyRequest } from 'fastify';
import { assertCanWriteUnitData } from '../auth/policy.ts';
import type { Db } from '../platform/db/database.ts';
import { AppError } from '../platform/errors.ts';
import { SMALL_BODY } from '../platform/http/body-limits.ts';
import { readableSubmission } from './io.access.ts';

/**
 * A preParsing hook for routes that write a submission's values (`/:id/draft`, `/:id/values`): a
 * large body is read only when the caller may write that submission's unit (a reporter of another
 * unit gets its 403 or 404 before megabytes are parsed). Small bodies take the ordinary path.
 */
export function submissionWriterGate(db: Db) {
  return async (req: FastifyRequest, reply: FastifyReply, payload: NodeJS.ReadableStream): Promise<NodeJS.ReadableStream> => {
    const length = Number(req.headers['content-length'] ?? Infinity);
    if (length <= SMALL_BODY || !req.user) return payload; // anonymous: the platform gate answers
    const id = Number((req.params as { id?: string }).id);
    if (!Number.isInteger(id) || id <= 0) return payload; // the params schema answers
    try {
      const sub = await readableSubmission(db.kysely, req.user, id);
      assertCanWriteUnitData(req.user, sub.unitId);
    } catch (e) {
      if (e instanceof AppError) reply.header('connection', 'close');
      throw e;
    }
    return payload;
  };
}
