// The import boundaries of luoshi (docs/architecture.md, "Dependencies point inward"), as one ESLint
// rule that resolves each relative import to the folder it lands in:
//  - web (src/web) imports no server code, except pure shared modules (SHARED_WITH_WEB) and Node
//    built-ins never;
//  - a domain does not import another domain's tables or SQL (*.repository.ts, *.tables.ts): it uses
//    that domain's service;
//  - src/kernel imports no domain and no platform code;
//  - src/platform imports no domain;
//  - src/app is the composition root: it wires every domain's routes and tables into one server
//    and one schema, and may import anything (nothing but the CLI, tests and benches import it).
// Existing exceptions are listed by file in eslint.config.js (ALLOWED), each with its reason.
import { builtinModules } from 'node:module';
import path from 'node:path';

const SRC = path.resolve(import.meta.dirname, '..', 'src');
const NODE_BUILTINS = new Set([...builtinModules, ...builtinModules.map((m) => `node:${m}`)]);

/** 'web' | 'kernel' | 'platform' | 'app' | '<domain>' | null (outside src) */
export function areaOf(file) {
  const rel = path.relative(SRC, file);
  if (rel.startsWith('..') || path.isAbsolute(rel)) return null;
  return rel.split(path.sep)[0];
}

const rel = (file) => path.relative(path.resolve(SRC, '..'), file).split(path.sep).join('/');

export const boundaries = {
  meta: {
    type: 'problem',
    docs: { description: 'luoshi import boundaries between web, kernel, platform and domains' },
    schema: [
      {
        type: 'object',
        properties: {
          sharedWithWeb: { type: 'array', items: { type: 'string' } },
          allowed: { type: 'object', additionalProperties: { type: 'array', items: { type: 'string' } } },
        },
        additionalProperties: false,
      },
    ],
  },
  create(context) {
    const { sharedWithWeb = [], allowed = {} } = context.options[0] ?? {};
    const file = context.filename;
    const from = areaOf(file);
    if (!from) return {};
    const fromRel = rel(file);
    const exempt = new Set(allowed[fromRel] ?? []);
    if (exempt.has('*')) return {};

    function check(node, source) {
      if (typeof source !== 'string') return;
      if (from === 'web' && NODE_BUILTINS.has(source)) {
        context.report({ node, message: `web code cannot use the Node module "${source}"` });
        return;
      }
      if (!source.startsWith('.')) return;
      const target = path.resolve(path.dirname(file), source);
      const to = areaOf(target);
      const toRel = rel(target);
      if (!to || to === from || exempt.has(toRel) || from === 'app') return;
      let why = null;
      if (to === 'app' && from !== 'cli') {
        why = 'only the CLI starts the composition root (src/app); domains and platform do not depend on it';
      } else if (from === 'web') {
        if (to !== 'kernel' && !sharedWithWeb.includes(toRel)) why = 'web imports no server code: use the generated API types (src/web/api/contract.ts) or a pure shared module';
      } else if (from === 'kernel') {
        why = 'src/kernel imports no domain or platform code';
      } else if (from === 'platform') {
        if (to !== 'kernel') why = 'src/platform imports no domain (the composition root, src/app, wires them)';
      } else if (to !== 'platform' && to !== 'kernel' && to !== 'web' && /\.(repository|tables)\.ts$/.test(toRel)) {
        why = `a domain uses another domain's service, not its tables or SQL (${path.basename(toRel)})`;
      }
      if (why) context.report({ node, message: `${fromRel} → ${toRel}: ${why}` });
    }

    return {
      ImportDeclaration: (n) => check(n, n.source.value),
      ExportNamedDeclaration: (n) => n.source && check(n, n.source.value),
      ExportAllDeclaration: (n) => check(n, n.source.value),
      ImportExpression: (n) => n.source.type === 'Literal' && check(n, n.source.value),
    };
  },
};

export default { rules: { boundaries } };
