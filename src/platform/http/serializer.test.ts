import Fastify from 'fastify';
import { validatorCompiler, type ZodTypeProvider } from 'fastify-type-provider-zod';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { contractSerializer, droppedKeys } from './serializer.ts';

async function appWith(strict: boolean) {
  const app = Fastify({ logger: false });
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(contractSerializer(strict));
  app.withTypeProvider<ZodTypeProvider>().get(
    '/thing',
    { schema: { response: { 200: z.object({ id: z.number(), items: z.array(z.object({ code: z.string() })) }) } } },
    // A handler that sends more than its contract says (as a widened service type can).
    async () => ({ id: 1, secret: 'x', items: [{ code: 'a', extra: true }] }) as unknown as { id: number; items: { code: string }[] },
  );
  await app.ready();
  return app;
}

describe('the reply serializer', () => {
  it('names the keys a schema would drop', () => {
    expect(droppedKeys({ id: 1, secret: 'x', items: [{ code: 'a', extra: true }] }, { id: 1, items: [{ code: 'a' }] })).toEqual(['.secret', '.items[0].extra']);
    expect(droppedKeys({ id: 1, gone: undefined }, { id: 1 })).toEqual([]);
  });

  it('drops unknown keys in production and fails on them when strict', async () => {
    const lenient = await appWith(false);
    const r = await lenient.inject({ method: 'GET', url: '/thing' });
    expect(r.statusCode).toBe(200);
    expect(r.json()).toEqual({ id: 1, items: [{ code: 'a' }] });
    await lenient.close();

    const strict = await appWith(true);
    const s = await strict.inject({ method: 'GET', url: '/thing' });
    expect(s.statusCode).toBe(500);
    await strict.close();
  });
});
