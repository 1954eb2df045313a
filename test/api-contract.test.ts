import { describe, expect, it } from 'vitest';
import { buildOpenApiDocument, committedClientTypes, renderClientTypes } from '../scripts/api-contract.ts';

type Operation = { responses?: Record<string, { content?: unknown }> };

describe('the API contract', () => {
  it('gives every operation a success response schema, and the committed web types match the routes', async () => {
    const doc = (await buildOpenApiDocument()) as { paths: Record<string, Record<string, Operation>> };
    const undocumented = Object.entries(doc.paths).flatMap(([path, ops]) =>
      Object.entries(ops)
        .filter(([, op]) => !Object.entries(op.responses ?? {}).some(([code, r]) => /^2/.test(code) && (r.content !== undefined || code === '204')))
        .map(([method]) => `${method.toUpperCase()} ${path}`),
    );
    expect(undocumented, 'operations without a 2xx response schema').toEqual([]);
    const fresh = await renderClientTypes(doc);
    // Not toEqual on 300 kB of text: say what to run.
    if (fresh !== committedClientTypes()) {
      throw new Error('src/web/api/schema.d.ts is stale: the routes changed their contract. Run `npm run gen:api` and commit the result.');
    }
  }, 120_000);
});
