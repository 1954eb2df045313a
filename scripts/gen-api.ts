// `npm run gen:api`: regenerate src/web/api/schema.d.ts from the routes' zod schemas.
import { writeFileSync } from 'node:fs';
import { buildOpenApiDocument, renderClientTypes, SCHEMA_FILE } from './api-contract.ts';

const text = await renderClientTypes(await buildOpenApiDocument());
writeFileSync(SCHEMA_FILE, text);
console.log(`wrote ${SCHEMA_FILE} (${text.length} characters)`);
