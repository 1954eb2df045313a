import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { FastifyInstance } from 'fastify';
import { SMTPServer } from 'smtp-server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, createUser, login, testConfig } from '../../../test/app.ts';
import { describeEachEngine } from '../../../test/db.ts';
import { makeBroadbandElements, makeMonthlyForm, makeUnit, monthsAgo, seedHaibei } from '../../../test/reporting-fixtures.ts';
import { SYSTEM } from '../../platform/audit.ts';
import type { Config } from '../../platform/env.ts';
import { dueDate } from '../calendar.ts';
import { openSubmission, saveDraft, submit } from '../submission.service.ts';
import { chinaDay, dueReminders } from './due.ts';
import { runReminders } from './reminder.service.ts';
import { startScheduler } from './scheduler.ts';

interface Mail {
  to: string[];
  raw: string;
}

/** 09:00 in Beijing on the given day. */
const at = (day: string) => new Date(`${day}T01:00:00Z`);
const addDays = (day: string, n: number) => {
  const d = new Date(`${day}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + n);
  return d.toISOString().slice(0, 10);
};

describe('which reports are due for a reminder (pure)', () => {
  const form = {
    formId: 1,
    periodType: 'Q' as const,
    dueRule: { kind: 'fixed' as const, dates: ['04-08', '07-08', '10-08', null] },
    graceDays: 15,
    exempt: [],
    startsOn: '2026-01-01',
    endsOn: '2026-12-31',
    unitIds: [7, 8],
  };
  it('before_due within N days, overdue until the period locks, nothing for submitted or exempt periods', () => {
    const none = () => false;
    expect(dueReminders([form], '2026-04-04', 3, none)).toEqual([]);
    expect(dueReminders([form], '2026-04-05', 3, none)).toEqual([
      { formId: 1, unitId: 7, period: '2026Q1', kind: 'before_due', dueOn: '2026-04-08' },
      { formId: 1, unitId: 8, period: '2026Q1', kind: 'before_due', dueOn: '2026-04-08' },
    ]);
    expect(dueReminders([form], '2026-04-08', 0, none).map((r) => r.kind)).toEqual(['before_due', 'before_due']);
    expect(dueReminders([form], '2026-04-09', 3, (_f, u) => u === 8)).toEqual([{ formId: 1, unitId: 7, period: '2026Q1', kind: 'overdue', dueOn: '2026-04-08' }]);
    expect(dueReminders([form], '2026-04-23', 3, none).map((r) => r.kind)).toEqual(['overdue', 'overdue']);
    expect(dueReminders([form], '2026-04-24', 3, none)).toEqual([]); // locked: grace of 15 days over
    // Q4 has no date of its own (the year-end report replaces it)
    expect(dueReminders([form], '2027-01-08', 30, none)).toEqual([]);
    expect(chinaDay(new Date('2026-04-04T16:30:00Z'))).toBe('2026-04-05');
  });
});

describeEachEngine('reminders', (getDb) => {
  let smtp: SMTPServer;
  let hook: Server;
  const mails: Mail[] = [];
  const hooks: Record<string, unknown>[] = [];
  let config: Config;
  let app: FastifyInstance;
  let formId: number;
  let lateUnit: number;
  let doneUnit: number;
  let lateReporter: Record<string, string>;
  let doneReporter: Record<string, string>;
  let admin: Record<string, string>;
  let viewer: Record<string, string>;
  const period = monthsAgo(1);
  const due = dueDate(period, { kind: 'offset', days: 10 }) as string;

  beforeAll(async () => {
    smtp = new SMTPServer({
      authOptional: true,
      disabledCommands: ['STARTTLS', 'AUTH'],
      logger: false,
      onData(stream, session, cb) {
        let raw = '';
        stream.on('data', (d: Buffer) => (raw += d.toString('utf8')));
        stream.on('end', () => {
          mails.push({ to: session.envelope.rcptTo.map((r) => r.address), raw });
          cb();
        });
      },
    });
    await new Promise<void>((r) => smtp.listen(0, '127.0.0.1', () => r()));
    hook = createServer((req, res) => {
      let body = '';
      req.on('data', (d: Buffer) => (body += d.toString('utf8')));
      req.on('end', () => {
        hooks.push(JSON.parse(body));
        res.writeHead(200, { 'content-type': 'application/json' }).end('{"errcode":0}');
      });
    });
    await new Promise<void>((r) => hook.listen(0, '127.0.0.1', () => r()));
    const smtpPort = (smtp.server.address() as AddressInfo).port;
    const hookPort = (hook.address() as AddressInfo).port;
    const env = { SMTP_URL: `smtp://127.0.0.1:${smtpPort}`, SMTP_FROM: 'luoshi@haibei.gov.cn', LUOSHI_WEBHOOK_URL: `http://127.0.0.1:${hookPort}/robot/send`, LUOSHI_REMINDER_DAYS_BEFORE: '3' };
    config = testConfig(env);

    const db = getDb();
    await seedHaibei(db);
    const els = await makeBroadbandElements(db);
    lateUnit = await makeUnit(db, '门源县工信局', '632221');
    doneUnit = await makeUnit(db, '祁连县工信局', '632222');
    await db.kysely.updateTable('units').set({ contact_email: 'menyuan@example.cn' }).where('id', '=', lateUnit).execute();
    const form = await makeMonthlyForm(db, els, [
      { unitId: lateUnit, divisionCode: '632221' },
      { unitId: doneUnit, divisionCode: '632222' },
    ]);
    formId = form.id;
    app = await buildTestApp(db, env);
    const lr = await createUser(db, { role: 'reporter', unitId: lateUnit });
    await db.kysely.updateTable('users').set({ email: 'zhang.san@example.cn' }).where('id', '=', lr.id).execute();
    lateReporter = (await login(app, lr.username, lr.password)).headers;
    const dr = await createUser(db, { role: 'reporter', unitId: doneUnit });
    doneReporter = (await login(app, dr.username, dr.password)).headers;
    const a = await createUser(db, { role: 'admin' });
    admin = (await login(app, a.username, a.password)).headers;
    const v = await createUser(db, { role: 'viewer', divisionCode: '63' });
    viewer = (await login(app, v.username, v.password)).headers;

    // 祁连县 has submitted: it gets no reminder
    const user = { id: dr.id, role: 'reporter' as const, unitId: doneUnit, divisionCode: null };
    const sub = await openSubmission(db, SYSTEM, user, { formId, unitId: doneUnit, period: period.code });
    const saved = await saveDraft(db, SYSTEM, user, sub.id, {
      version: sub.version,
      values: [els.users, els.households].map((e) => ({ elementId: e.id, divisionCode: '632222', value: 100 })),
    });
    await submit(db, SYSTEM, user, sub.id, { version: saved.version });
  });
  afterAll(async () => {
    await app?.close();
    await new Promise<void>((r) => smtp?.close(() => r()));
    await new Promise<void>((r) => hook?.close(() => r()));
  });

  const ofForm = async (kind?: string) => {
    let q = getDb().kysely.selectFrom('reminders').selectAll().where('form_id', '=', formId);
    if (kind) q = q.where('kind', '=', kind as 'manual');
    return q.execute();
  };

  it('sends one before_due reminder per unsubmitted unit through inbox, e-mail and webhook — once, however often it runs', async () => {
    const now = at(addDays(due, -2));
    const first = await runReminders(getDb(), config, now);
    const mine = first.sent.filter((s) => s.formId === formId);
    expect(mine).toEqual([expect.objectContaining({ unitId: lateUnit, period: period.code, kind: 'before_due', dueOn: due, inbox: 1 })]);
    expect(mine[0].channels).toEqual({ inbox: 'sent: 1', email: 'sent', webhook: 'sent' });

    const mail = mails.find((m) => m.to.includes('menyuan@example.cn'));
    expect(mail?.to.sort()).toEqual(['menyuan@example.cn', 'zhang.san@example.cn']);
    expect(mail?.raw).toMatch(/From: luoshi@haibei\.gov\.cn/);
    const hookBody = hooks.find((h) => (h.luoshi as { unit: { id: number } }).unit.id === lateUnit) as { msgtype: string; text: { content: string }; luoshi: Record<string, unknown> };
    expect(hookBody.msgtype).toBe('text');
    expect(hookBody.text.content).toContain('填报提醒');
    expect(hookBody.luoshi).toMatchObject({ kind: 'before_due', period: period.code, dueOn: due, form: { id: formId } });

    const mailsBefore = mails.length;
    const again = await Promise.all([runReminders(getDb(), config, now), runReminders(getDb(), config, at(addDays(due, -1)))]);
    expect(again.flatMap((r) => r.sent).filter((s) => s.formId === formId)).toEqual([]);
    expect(mails.length).toBe(mailsBefore);
    expect(await ofForm('before_due')).toHaveLength(1);
  });

  it('sends the overdue reminder once even when two passes race', async () => {
    const now = at(addDays(due, 1));
    const [a, b] = await Promise.all([runReminders(getDb(), config, now), runReminders(getDb(), config, now)]);
    const sent = [...a.sent, ...b.sent].filter((s) => s.formId === formId);
    expect(sent).toHaveLength(1);
    expect(sent[0]).toMatchObject({ unitId: lateUnit, kind: 'overdue' });
    expect(await ofForm('overdue')).toHaveLength(1);
    expect(hooks.filter((h) => (h.luoshi as { kind: string; form: { id: number } }).kind === 'overdue' && (h.luoshi as { form: { id: number } }).form.id === formId)).toHaveLength(1);
  });

  it('records a channel that fails without losing the inbox message or blocking the others', async () => {
    const db = getDb();
    const els = await makeBroadbandElements(db);
    const unit = await makeUnit(db, '海晏县工信局', '632223');
    await db.kysely.updateTable('units').set({ contact_email: 'haiyan@example.cn' }).where('id', '=', unit).execute();
    const r = await createUser(db, { role: 'reporter', unitId: unit });
    const form = await makeMonthlyForm(db, els, [{ unitId: unit, divisionCode: '632223' }]);
    // a port nobody listens on: both channels fail fast
    const closed = createServer();
    await new Promise<void>((res) => closed.listen(0, '127.0.0.1', () => res()));
    const port = (closed.address() as AddressInfo).port;
    await new Promise<void>((res) => closed.close(() => res()));
    const broken = testConfig({ SMTP_URL: `smtp://127.0.0.1:${port}`, LUOSHI_WEBHOOK_URL: `http://127.0.0.1:${port}/hook`, LUOSHI_REMINDER_DAYS_BEFORE: '3' });
    const out = await runReminders(db, broken, at(addDays(due, -2)));
    const mine = out.sent.filter((x) => x.formId === form.id);
    expect(mine).toHaveLength(1);
    expect(mine[0].channels.inbox).toBe('sent: 1');
    expect(mine[0].channels.email).toMatch(/^failed: /);
    expect(mine[0].channels.webhook).toMatch(/^failed: /);
    const stored = await db.kysely.selectFrom('reminders').select('channels').where('form_id', '=', form.id).executeTakeFirstOrThrow();
    expect(JSON.stringify(stored.channels)).toContain('failed');
    const inbox = await db.kysely.selectFrom('inbox_messages').select('title').where('user_id', '=', r.id).execute();
    expect(inbox).toHaveLength(1);
  });

  it('the scheduler runs passes in the server process and stops cleanly', async () => {
    const s = startScheduler(getDb(), config, () => undefined, { firstTickMs: 60_000, tickMs: 60_000 });
    await s.tick();
    await s.stop();
    expect(await ofForm('overdue')).toHaveLength(1);
  });

  it('documents the reporting I/O routes in the OpenAPI document', async () => {
    const doc = await app.inject({ method: 'GET', url: '/api/openapi.json' });
    expect(doc.statusCode).toBe(200);
    expect(Object.keys(doc.json().paths)).toEqual(
      expect.arrayContaining(['/api/inbox', '/api/inbox/{id}/read', '/api/reporting/reminders', '/api/reporting/submissions/{id}/upload', '/api/reporting/submissions/{id}/template.xlsx', '/api/reporting/evidence/{id}']),
    );
  });

  it('shows each reporter only its own inbox and lets it mark its own messages read', async () => {
    const mine = await app.inject({ method: 'GET', url: '/api/inbox', headers: lateReporter });
    expect(mine.statusCode).toBe(200);
    const items = mine.json().items as { id: number; title: string; readAt: string | null; link: string }[];
    expect(items.map((m) => m.title)).toEqual([expect.stringContaining('逾期提醒'), expect.stringContaining('填报提醒')]);
    expect(mine.json().unread).toBe(2);
    expect(items[0].link).toContain(`form=${formId}`);

    const theirs = await app.inject({ method: 'GET', url: '/api/inbox', headers: doneReporter });
    expect(theirs.json()).toEqual({ items: [], unread: 0 });
    expect((await app.inject({ method: 'POST', url: `/api/inbox/${items[0].id}/read`, headers: doneReporter })).statusCode).toBe(404);
    expect((await app.inject({ method: 'GET', url: '/api/inbox' })).statusCode).toBe(401);

    const read = await app.inject({ method: 'POST', url: `/api/inbox/${items[0].id}/read`, headers: lateReporter });
    expect(read.statusCode).toBe(200);
    expect(read.json().readAt).not.toBeNull();
    const unread = await app.inject({ method: 'GET', url: '/api/inbox?unread=true', headers: lateReporter });
    expect(unread.json().items).toHaveLength(1);
    expect(unread.json().unread).toBe(1);
  });

  it('lets only the office send the one-click reminder, once a day per unit, form and period', async () => {
    const body = { formId, unitId: lateUnit, period: period.code };
    expect((await app.inject({ method: 'POST', url: '/api/reporting/reminders', headers: lateReporter, payload: body })).statusCode).toBe(403);
    expect((await app.inject({ method: 'POST', url: '/api/reporting/reminders', headers: viewer, payload: body })).statusCode).toBe(403);
    expect((await app.inject({ method: 'POST', url: '/api/reporting/reminders', payload: body })).statusCode).toBe(401);

    const sent = await app.inject({ method: 'POST', url: '/api/reporting/reminders', headers: admin, payload: body });
    expect(sent.statusCode, sent.body).toBe(201);
    expect(sent.json()).toMatchObject({ kind: 'manual', unitId: lateUnit, inbox: 1, channels: { email: 'sent', webhook: 'sent' } });
    const twice = await app.inject({ method: 'POST', url: '/api/reporting/reminders', headers: admin, payload: body });
    expect(twice.statusCode).toBe(409);

    const notAssigned = await app.inject({ method: 'POST', url: '/api/reporting/reminders', headers: admin, payload: { ...body, unitId: await makeUnit(getDb(), '刚察县工信局', '632224') } });
    expect(notAssigned.statusCode).toBe(422);
    expect(notAssigned.json().error.fields[0].field).toBe('unitId');
    const wrongPeriod = await app.inject({ method: 'POST', url: '/api/reporting/reminders', headers: admin, payload: { ...body, period: '2026Q1' } });
    expect(wrongPeriod.statusCode).toBe(400);
    expect(wrongPeriod.json().error.fields[0].field).toBe('period');
    const badCode = await app.inject({ method: 'POST', url: '/api/reporting/reminders', headers: admin, payload: { ...body, period: '2026-03' } });
    expect(badCode.statusCode).toBe(400);

    const inbox = await app.inject({ method: 'GET', url: '/api/inbox', headers: lateReporter });
    expect(inbox.json().items[0].title).toContain('催报');
    const audit = await getDb().kysely.selectFrom('audit_log').select('action').where('entity', '=', 'reminder').where('action', '=', 'reminder.manual').execute();
    expect(audit.length).toBeGreaterThan(0);
  });
});
