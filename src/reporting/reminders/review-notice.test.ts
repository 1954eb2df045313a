import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { buildTestApp, createUser, login } from '../../../test/app.ts';
import { describeEachEngine } from '../../../test/db.ts';
import { HAIBEI_COUNTIES, makeBroadbandElements, makeMonthlyForm, makeUnit, monthsAgo, monthsAhead, seedHaibei } from '../../../test/reporting-fixtures.ts';
import { SYSTEM } from '../../platform/audit.ts';
import { openSubmission, saveDraft, submit } from '../submission.service.ts';

/**
 * Notices that tell the truth: a returned or approved report reaches the unit's reporters (inbox
 * always; webhook/e-mail when configured), and every notice — review or 催报 — says per channel what
 * went out, and plainly when no external channel is configured.
 */
describeEachEngine('review notices and reminder delivery', (getDb) => {
  let bare: FastifyInstance; // no SMTP, no webhook
  let hooked: FastifyInstance; // webhook only
  let hook: Server;
  const hooks: { luoshi: { event: string; kind: string } ; text: { content: string } }[] = [];
  let formId: number;
  let unitId: number;
  let lonelyUnit: number;
  let reporter: { id: number; username: string; password: string };
  let reporterH: Record<string, string>;
  let adminBare: Record<string, string>;
  let adminHooked: Record<string, string>;
  let els: Awaited<ReturnType<typeof makeBroadbandElements>>;
  let seq = 0;

  beforeAll(async () => {
    hook = createServer((req, res) => {
      let body = '';
      req.on('data', (d: Buffer) => (body += d.toString('utf8')));
      req.on('end', () => {
        hooks.push(JSON.parse(body));
        res.writeHead(200, { 'content-type': 'application/json' }).end('{"errcode":0}');
      });
    });
    await new Promise<void>((r) => hook.listen(0, '127.0.0.1', () => r()));
    const db = getDb();
    await seedHaibei(db);
    els = await makeBroadbandElements(db);
    unitId = await makeUnit(db, '门源县工信局', '632221');
    lonelyUnit = await makeUnit(db, '刚察县工信局', '632224');
    const form = await makeMonthlyForm(db, els, [
      { unitId, divisionCode: '632221' },
      { unitId: lonelyUnit, divisionCode: '632224' },
    ]);
    formId = form.id;
    bare = await buildTestApp(db);
    hooked = await buildTestApp(db, { LUOSHI_WEBHOOK_URL: `http://127.0.0.1:${(hook.address() as AddressInfo).port}/robot/send` });
    reporter = await createUser(db, { role: 'reporter', unitId });
    reporterH = (await login(bare, reporter.username, reporter.password)).headers;
    const a = await createUser(db, { role: 'admin' });
    adminBare = (await login(bare, a.username, a.password)).headers;
    adminHooked = (await login(hooked, a.username, a.password)).headers;
  });
  afterAll(async () => {
    await bare?.close();
    await hooked?.close();
    await new Promise<void>((r) => hook?.close(() => r()));
  });

  /** A submitted report of the unit for a fresh period. */
  async function submitted(): Promise<{ id: number; version: number }> {
    const db = getDb();
    const user = { id: reporter.id, role: 'reporter' as const, unitId, divisionCode: null };
    const sub = await openSubmission(db, SYSTEM, user, { formId, unitId, period: (seq === 0 ? monthsAgo(0) : monthsAhead(seq)).code });
    seq++;
    const saved = await saveDraft(db, SYSTEM, user, sub.id, {
      version: sub.version,
      values: [els.users, els.households].map((e) => ({ elementId: e.id, divisionCode: HAIBEI_COUNTIES[0], value: 100 })),
    });
    const sent = await submit(db, SYSTEM, user, sub.id, { version: saved.version });
    return { id: sub.id, version: sent.version };
  }

  it('puts the return, with its reason, in the reporter’s inbox and says no external channel is configured', async () => {
    const s = await submitted();
    const r = await bare.inject({ method: 'POST', url: `/api/reporting/submissions/${s.id}/return`, headers: adminBare, payload: { version: s.version, reason: '门源县家庭户数偏低，请核实' } });
    expect(r.statusCode, r.body).toBe(200);
    expect(r.json()).toMatchObject({
      status: 'returned',
      notice: {
        externalConfigured: false,
        channels: [
          { channel: 'inbox', outcome: 'sent', configured: true, detail: '1' },
          { channel: 'email', outcome: 'skipped', configured: false },
          { channel: 'webhook', outcome: 'skipped', configured: false },
        ],
      },
    });
    const inbox = await bare.inject({ method: 'GET', url: '/api/inbox', headers: reporterH });
    const notice = inbox.json().items.find((m: { kind: string; link: string }) => m.kind === 'review.returned' && m.link === `/reporting/submissions/${s.id}`);
    expect(notice, inbox.body).toBeDefined();
    expect(notice.title).toContain('退回');
    expect(notice.body).toContain('门源县家庭户数偏低，请核实');
  });

  it('tells the unit of an approval, by webhook too when one is configured', async () => {
    const s = await submitted();
    hooks.length = 0;
    const r = await hooked.inject({ method: 'POST', url: `/api/reporting/submissions/${s.id}/approve`, headers: adminHooked, payload: { version: s.version } });
    expect(r.statusCode, r.body).toBe(200);
    expect(r.json().notice).toMatchObject({ externalConfigured: true, channels: expect.arrayContaining([{ channel: 'webhook', outcome: 'sent', configured: true, detail: '' }]) });
    expect(hooks).toHaveLength(1);
    expect(hooks[0].luoshi).toMatchObject({ event: 'review', kind: 'approved' });
    expect(hooks[0].text.content).toContain('已审核通过');
    const inbox = await bare.inject({ method: 'GET', url: '/api/inbox', headers: reporterH });
    expect(inbox.json().items.some((m: { kind: string; link: string }) => m.kind === 'review.approved' && m.link === `/reporting/submissions/${s.id}`)).toBe(true);
  });

  it('lets only the office return or approve (the reporter is refused and nothing is sent)', async () => {
    const s = await submitted();
    const before = (await bare.inject({ method: 'GET', url: '/api/inbox', headers: reporterH })).json().items.length;
    const r = await bare.inject({ method: 'POST', url: `/api/reporting/submissions/${s.id}/return`, headers: reporterH, payload: { version: s.version, reason: '自己退回' } });
    expect(r.statusCode).toBe(403);
    expect((await bare.inject({ method: 'GET', url: '/api/inbox', headers: reporterH })).json().items.length).toBe(before);
  });

  it('催报 says what each channel did: inbox delivered, e-mail and webhook not configured', async () => {
    const r = await bare.inject({ method: 'POST', url: '/api/reporting/reminders', headers: adminBare, payload: { formId, unitId, period: monthsAgo(1).code } });
    expect(r.statusCode, r.body).toBe(201);
    expect(r.json().delivery).toEqual({
      externalConfigured: false,
      channels: [
        { channel: 'inbox', configured: true, outcome: 'sent', detail: '1' },
        { channel: 'email', configured: false, outcome: 'skipped', detail: 'SMTP_URL not set' },
        { channel: 'webhook', configured: false, outcome: 'skipped', detail: 'LUOSHI_WEBHOOK_URL not set' },
      ],
    });
  });

  it('催报 to a unit without a reporter account does not claim an inbox delivery', async () => {
    const r = await hooked.inject({ method: 'POST', url: '/api/reporting/reminders', headers: adminHooked, payload: { formId, unitId: lonelyUnit, period: monthsAgo(0).code } });
    expect(r.statusCode, r.body).toBe(201);
    const rows = r.json().delivery.channels as { channel: string; outcome: string; detail: string }[];
    expect(rows.find((c) => c.channel === 'inbox')).toMatchObject({ outcome: 'skipped', detail: 'the unit has no active reporter account' });
    expect(rows.find((c) => c.channel === 'webhook')).toMatchObject({ outcome: 'sent' });
  });
});
