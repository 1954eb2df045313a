import { createHash } from 'node:crypto';
import { chmodSync, existsSync, mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { buildTestApp, createUser, login } from '../../test/app.ts';
import { describeEachEngine } from '../../test/db.ts';
import { HAIBEI_COUNTIES, makeBroadbandElements, makeMonthlyForm, makeUnit, monthsAgo, seedHaibei } from '../../test/reporting-fixtures.ts';
import { SYSTEM } from '../platform/audit.ts';
import { evidencePath } from './evidence.store.ts';
import { openSubmission, saveDraft, submit } from './submission.service.ts';

function multipart(filename: string, content: Buffer, fields: Record<string, string> = {}) {
  const boundary = `----luoshi${Math.random().toString(16).slice(2)}`;
  const parts: Buffer[] = [];
  for (const [k, v] of Object.entries(fields)) parts.push(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${k}"\r\n\r\n${v}\r\n`));
  parts.push(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${filename}"\r\nContent-Type: application/octet-stream\r\n\r\n`), content, Buffer.from(`\r\n--${boundary}--\r\n`));
  return { payload: Buffer.concat(parts), headers: { 'content-type': `multipart/form-data; boundary=${boundary}` } };
}

const PDF = Buffer.from('%PDF-1.4\n1 0 obj <<>> endobj\n% 门源县宽带建设现场照片说明\ntrailer <<>>\n%%EOF\n');
const PNG = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.from('rest of a png')]);
const sha = (b: Buffer) => createHash('sha256').update(b).digest('hex');

describeEachEngine('evidence files', (getDb) => {
  let app: FastifyInstance;
  let filesDir: string;
  let reporter: Record<string, string>;
  let otherReporter: Record<string, string>;
  let viewerIn: Record<string, string>;
  let viewerOut: Record<string, string>;
  let leader: Record<string, string>;
  let subId: number;
  let reporterUser: { id: number; unitId: number };
  let els: Awaited<ReturnType<typeof makeBroadbandElements>>;

  beforeAll(async () => {
    const db = getDb();
    await seedHaibei(db);
    els = await makeBroadbandElements(db);
    const unitId = await makeUnit(db, '海北州工信局', '6322');
    const form = await makeMonthlyForm(db, els, [{ unitId, divisionCode: '6322' }]);
    filesDir = mkdtempSync(join(tmpdir(), 'luoshi-evidence-'));
    const scanner = join(filesDir, '..', `scan-${process.pid}-${Date.now()}.sh`);
    writeFileSync(scanner, '#!/bin/sh\nif grep -q EICAR-TEST "$1"; then echo "found EICAR-TEST"; exit 1; fi\nexit 0\n');
    chmodSync(scanner, 0o755);
    app = await buildTestApp(db, { LUOSHI_FILES_DIR: filesDir, LUOSHI_UPLOAD_MAX_MB: '1', LUOSHI_VIRUS_SCAN_CMD: scanner });
    const r = await createUser(db, { role: 'reporter', unitId });
    reporterUser = { id: r.id, unitId };
    reporter = (await login(app, r.username, r.password)).headers;
    const o = await createUser(db, { role: 'reporter' });
    otherReporter = (await login(app, o.username, o.password)).headers;
    const vi = await createUser(db, { role: 'viewer', divisionCode: '63' });
    viewerIn = (await login(app, vi.username, vi.password)).headers;
    const vo = await createUser(db, { role: 'viewer', divisionCode: '6301' });
    viewerOut = (await login(app, vo.username, vo.password)).headers;
    const l = await createUser(db, { role: 'leader' });
    leader = (await login(app, l.username, l.password)).headers;
    const user = { id: r.id, role: 'reporter' as const, unitId, divisionCode: null };
    const sub = await openSubmission(db, SYSTEM, user, { formId: form.id, unitId, period: monthsAgo(0).code });
    subId = sub.id;
  });
  afterAll(async () => app?.close());

  const upload = (name: string, content: Buffer, headers = reporter, fields: Record<string, string> = {}, id = subId) => {
    const m = multipart(name, content, fields);
    return app.inject({ method: 'POST', url: `/api/reporting/submissions/${id}/evidence`, payload: m.payload, headers: { ...headers, ...m.headers } });
  };
  const storedFiles = () => (existsSync(join(filesDir, 'evidence')) ? readdirSync(join(filesDir, 'evidence'), { recursive: true }).filter((f) => String(f).length > 60) : []);
  const tmpFiles = () => (existsSync(join(filesDir, 'tmp')) ? readdirSync(join(filesDir, 'tmp')) : []);

  it('stores a PDF content-addressed with its SHA-256 and serves it to the report’s readers only', async () => {
    const r = await upload('门源县现场照片说明.pdf', PDF);
    expect(r.statusCode).toBe(201);
    const ev = r.json();
    expect(ev).toMatchObject({ submissionId: subId, filename: '门源县现场照片说明.pdf', contentType: 'application/pdf', sizeBytes: PDF.length, sha256: sha(PDF), itemId: null });
    expect(existsSync(evidencePath(filesDir, sha(PDF)))).toBe(true);

    for (const h of [reporter, viewerIn, leader]) {
      const got = await app.inject({ method: 'GET', url: `/api/reporting/evidence/${ev.id}`, headers: h });
      expect(got.statusCode).toBe(200);
      expect(got.rawPayload.equals(PDF)).toBe(true);
      expect(got.headers['content-type']).toBe('application/pdf');
      expect(got.headers['x-content-type-options']).toBe('nosniff');
      expect(String(got.headers['content-disposition'])).toContain(`filename*=UTF-8''${encodeURIComponent('门源县现场照片说明.pdf')}`);
    }
    for (const h of [otherReporter, viewerOut]) {
      expect((await app.inject({ method: 'GET', url: `/api/reporting/evidence/${ev.id}`, headers: h })).statusCode).toBe(403);
    }
    expect((await app.inject({ method: 'GET', url: `/api/reporting/evidence/${ev.id}` })).statusCode).toBe(401);
    const list = await app.inject({ method: 'GET', url: `/api/reporting/submissions/${subId}/evidence`, headers: viewerIn });
    expect(list.json().items.map((e: { id: number }) => e.id)).toContain(ev.id);

    const audit = await getDb().kysely.selectFrom('audit_log').select('action').where('entity', '=', 'submission').where('entity_id', '=', String(subId)).where('action', '=', 'evidence.attach').execute();
    expect(audit.length).toBeGreaterThan(0);
  });

  it('refuses writers outside the unit, wrong types by magic bytes, oversize and infected files, leaving nothing on disk', async () => {
    const before = storedFiles().length;
    expect((await upload('a.pdf', PDF, otherReporter)).statusCode).toBe(403);
    expect((await upload('a.pdf', PDF, viewerIn)).statusCode).toBe(403);
    expect((await upload('a.pdf', PDF, leader)).statusCode).toBe(403);

    const html = await upload('scan.pdf', Buffer.from('<html><script>alert(1)</script></html>'));
    expect(html.statusCode).toBe(415);
    expect(html.json().error.fields[0]).toMatchObject({ field: 'file' });
    const exe = await upload('setup.exe', Buffer.from('MZ\x90\x00'));
    expect(exe.statusCode).toBe(415);
    expect(exe.json().error.message).toMatch(/pdf/);

    const big = await upload('big.png', Buffer.concat([PNG, Buffer.alloc(1024 * 1024 + 10, 7)]));
    expect(big.statusCode).toBe(413);
    expect(big.json().error.fields[0].field).toBe('file');

    const infected = await upload('infected.pdf', Buffer.concat([PDF, Buffer.from('EICAR-TEST')]));
    expect(infected.statusCode).toBe(422);
    expect(infected.json().error.message).toMatch(/virus scan/);

    const badItem = await upload('photo.png', PNG, reporter, { itemId: '987654321' });
    expect(badItem.statusCode).toBe(422);
    expect(badItem.json().error.fields[0].field).toBe('itemId');

    expect(storedFiles().length).toBe(before);
    expect(tmpFiles()).toEqual([]);
    const rows = await getDb().kysely.selectFrom('evidence_files').select('filename').where('submission_id', '=', subId).execute();
    expect(rows.map((r) => r.filename)).toEqual(['门源县现场照片说明.pdf']);
  });

  it('stores identical content once; deleting one row keeps the file for the other; deleting the last removes it', async () => {
    const a = (await upload('照片1.png', PNG)).json();
    const b = (await upload('照片1-副本.png', PNG)).json();
    expect(a.sha256).toBe(b.sha256);
    const path = evidencePath(filesDir, a.sha256);
    expect((await app.inject({ method: 'DELETE', url: `/api/reporting/evidence/${a.id}`, headers: otherReporter })).statusCode).toBe(403);
    expect((await app.inject({ method: 'DELETE', url: `/api/reporting/evidence/${a.id}`, headers: reporter })).statusCode).toBe(204);
    expect(existsSync(path)).toBe(true);
    expect((await app.inject({ method: 'GET', url: `/api/reporting/evidence/${b.id}`, headers: reporter })).statusCode).toBe(200);
    expect((await app.inject({ method: 'DELETE', url: `/api/reporting/evidence/${b.id}`, headers: reporter })).statusCode).toBe(204);
    expect(existsSync(path)).toBe(false);
    expect((await app.inject({ method: 'GET', url: `/api/reporting/evidence/${b.id}`, headers: reporter })).statusCode).toBe(404);
  });

  it('attaches evidence to a progress entry of a task the unit leads, and only to such a task', async () => {
    const db = getDb();
    const plan = await db.kysely.insertInto('plans').values({ title: `海北州宽带实施方案${process.pid}`, source_text: '', status: 'active', division_code: '6322' }).returning('id').executeTakeFirstOrThrow();
    const task = await db.kysely.insertInto('plan_items').values({ plan_id: plan.id, kind: 'task', ord: 1, data: JSON.stringify({ title: '推进光纤到户改造', section: null, leadUnits: [], responsibleUnits: [], text: '' }) }).returning('id').executeTakeFirstOrThrow();
    const other = await db.kysely.insertInto('plan_items').values({ plan_id: plan.id, kind: 'task', ord: 2, data: JSON.stringify({ title: '别人的任务', section: null, leadUnits: [], responsibleUnits: [], text: '' }) }).returning('id').executeTakeFirstOrThrow();
    await db.kysely.insertInto('plan_item_units').values({ item_id: task.id, role: 'lead', name_as_written: '州工信局', unit_id: reporterUser.unitId }).execute();
    const form = await makeMonthlyForm(db, els, [{ unitId: reporterUser.unitId, divisionCode: '6322' }], { planId: Number(plan.id) });
    const user = { id: reporterUser.id, role: 'reporter' as const, unitId: reporterUser.unitId, divisionCode: null };
    const sub = await openSubmission(db, SYSTEM, user, { formId: form.id, unitId: reporterUser.unitId, period: monthsAgo(0).code });

    const ok = await upload('光纤入户现场.jpg', Buffer.from([0xff, 0xd8, 0xff, 0xe0, 1, 2, 3]), reporter, { itemId: String(task.id) }, sub.id);
    expect(ok.statusCode, ok.body).toBe(201);
    expect(ok.json()).toMatchObject({ itemId: Number(task.id), contentType: 'image/jpeg' });
    const notMine = await upload('x.jpg', Buffer.from([0xff, 0xd8, 0xff, 0xe0, 9]), reporter, { itemId: String(other.id) }, sub.id);
    expect(notMine.statusCode).toBe(422);
    expect(notMine.json().error.fields[0].field).toBe('itemId');
  });

  it('refuses changes once the submission is submitted', async () => {
    const ev = (await upload('终稿.pdf', Buffer.concat([PDF, Buffer.from('final')]))).json();
    const db = getDb();
    const user = { id: reporterUser.id, role: 'reporter' as const, unitId: reporterUser.unitId, divisionCode: null };
    const els = await db.kysely.selectFrom('form_elements').innerJoin('submissions', 'submissions.form_id', 'form_elements.form_id').select('element_id').where('submissions.id', '=', subId).where('required', '=', true).execute();
    const values = HAIBEI_COUNTIES.flatMap((c) => els.map((e) => ({ elementId: Number(e.element_id), divisionCode: c, value: 100 })));
    const current = await db.kysely.selectFrom('submissions').select('version').where('id', '=', subId).executeTakeFirstOrThrow();
    const saved = await saveDraft(db, SYSTEM, user, subId, { version: current.version, values });
    await submit(db, SYSTEM, user, subId, { version: saved.version });
    const del = await app.inject({ method: 'DELETE', url: `/api/reporting/evidence/${ev.id}`, headers: reporter });
    expect(del.statusCode).toBe(409);
    expect((await upload('迟到.pdf', PDF)).statusCode).toBe(409);
    expect((await app.inject({ method: 'GET', url: `/api/reporting/evidence/${ev.id}`, headers: viewerIn })).statusCode).toBe(200);
  });
});
