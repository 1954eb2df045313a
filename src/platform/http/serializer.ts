import { serializerCompiler } from 'fastify-type-provider-zod';

/** Paths of keys present in `input` that `output` lost (the zod encode drops unknown keys). */
export function droppedKeys(input: unknown, output: unknown, path = ''): string[] {
  if (Array.isArray(input) && Array.isArray(output)) return input.flatMap((x, i) => droppedKeys(x, output[i], `${path}[${i}]`));
  if (!isPlain(input) || !isPlain(output)) return [];
  const lost: string[] = [];
  for (const [k, v] of Object.entries(input)) {
    if (v === undefined) continue;
    if (!(k in output)) lost.push(`${path}.${k}`);
    else lost.push(...droppedKeys(v, (output as Record<string, unknown>)[k], `${path}.${k}`));
  }
  return lost;
}

function isPlain(x: unknown): x is Record<string, unknown> {
  return typeof x === 'object' && x !== null && Object.getPrototypeOf(x) === Object.prototype;
}

/**
 * The reply serializer: zod encodes every reply through the route's response schema. In production
 * keys the schema does not name are dropped (nothing leaks). With `strict` (the test suite), a
 * dropped key is an error naming it: the handler sends something the contract — and so the web's
 * generated types — does not know about.
 */
export function contractSerializer(strict: boolean): typeof serializerCompiler {
  if (!strict) return serializerCompiler;
  return (route) => {
    const serialize = serializerCompiler(route);
    return (data: unknown) => {
      const encodedJson = serialize(data);
      const lost = droppedKeys(JSON.parse(JSON.stringify(data)), JSON.parse(encodedJson));
      if (lost.length > 0) {
        throw new Error(`${route.method} ${route.url}: the response schema drops ${lost.slice(0, 5).join(', ')}${lost.length > 5 ? ` and ${lost.length - 5} more` : ''}`);
      }
      return encodedJson;
    };
  };
}
