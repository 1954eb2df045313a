import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { buildTestApp, createUser, login } from '../app.ts';
import { describeEachEngine } from '../db.ts';
import { xlsxBombs } from './bombs.ts';

describeEachEngine('units workbook import off the event loop', (getDb) => {
  let app: FastifyInstance;
  let admin: Record<string, string>;
  beforeAll(async () => {
    app = await buildTestApp(getDb());
    const u = await createUser(getDb(), { role: 'admin' });
    admin = (await login(app, u.username, u.password)).headers;
  });
  afterAll(async () => app?.close());

  const upload = (file: Buffer, filename: string) => {
    const boundary = '----luoshi-test';
    const body = Buffer.concat([
      Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${filename}"\r\nContent-Type: application/vnd.openxmlformats-officedocument.spreadsheetml.sheet\r\n\r\n`),
      file,
      Buffer.from(`\r\n--${boundary}--\r\n`),
    ]);
    return app.inject({ method: 'POST', url: '/api/units/import?dryRun=true', headers: { ...admin, 'content-type': `multipart/form-data; boundary=${boundary}` }, payload: body });
  };

  it('a workbook inflating to 100 MB (its zip claiming 1 MB) is refused with 422, measured while inflating', async () => {
    const { liar } = await xlsxBombs(100);
    expect(liar.length).toBeLessThan(2 * 1024 * 1024);
    const r = await upload(liar, 'units.xlsx');
    expect(r.statusCode, r.body).toBe(422);
    expect(r.json().error.message).toMatch(/inflates past/);
  }, 120_000);
});
