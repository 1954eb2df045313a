import { z } from 'zod';

/**
 * Response-schema helpers shared by the routes. A binary download is documented by content type;
 * Fastify sends Buffers and streams as they are, so the schema only describes, never serializes.
 */
export const binaryFile = z.any().meta({ type: 'string', format: 'binary' });

export function fileResponse(description: string, ...contentTypes: string[]) {
  return { description, content: Object.fromEntries(contentTypes.map((t) => [t, { schema: binaryFile }])) };
}

/** A 204 reply: no body. */
export const noContent = z.undefined().describe('no content');

export const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
export const DOCX = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';
