import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import mammoth from 'mammoth';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { buildTestApp, createUser, login } from '../../test/app.ts';
import { describeEachEngine } from '../../test/db.ts';
import { seedBriefingPlan } from '../../test/reporting-fixtures.ts';
import type { Db } from '../platform/db/database.ts';
import type { BriefingData } from './briefing-data.ts';
import { formatNumber, formatPercent } from './briefing-sentences.ts';
import { pdfText } from '../../test/pdf.ts';

/** The reports' own words, which the briefing quotes. */
const WORDS: Record<string, { narrative?: string; problems?: string }> = {
  'telecom 2014Q2': { narrative: '门源县城区完成光纤到户改造1.2万户。' },
  'mobile 2014Q2': { problems: '祁连县牧区基站用电接入需协调解决。' },
};

/** 海北州's 2014 plan with a linked and an unlinked target and three operators' reports (test/reporting-fixtures.ts). */
const seedPlan = (db: Db) => seedBriefingPlan(db, { unlinkedTarget: true, words: WORDS });

describeEachEngine('briefing API', (getDb) => {
  let app: FastifyInstance;
  let seed: Awaited<ReturnType<typeof seedPlan>>;
  let admin: Record<string, string>;
  let viewerElsewhere: Record<string, string>;
  let reporterNamed: Record<string, string>;
  const q = 'period=2014Q2&asOf=2014-07-31';

  beforeAll(async () => {
    const db = getDb();
    seed = await seedPlan(db);
    app = await buildTestApp(db);
    const a = await createUser(db, { role: 'admin' });
    admin = (await login(app, a.username, a.password)).headers;
    const v = await createUser(db, { role: 'viewer', divisionCode: '6301' });
    viewerElsewhere = (await login(app, v.username, v.password)).headers;
    const r = await createUser(db, { role: 'reporter', unitId: seed.units.unicom });
    reporterNamed = (await login(app, r.username, r.password)).headers;
  }, 120_000);
  afterAll(() => app?.close());

  const get = (url: string, headers: Record<string, string> = admin) => app.inject({ method: 'GET', url, headers });

  it('serves the data with each number equal to the status and completeness APIs', async () => {
    const r = await get(`/api/plans/${seed.planId}/briefing/data?${q}`);
    expect(r.statusCode, r.body).toBe(200);
    const data = r.json() as BriefingData;
    expect(data.asOf).toBe('2014-07-31');
    expect(data.region).toMatchObject({ code: '6322', scopeWord: '全州' });

    type Status = { targets: { itemId: number; status: string; latest: { value: number; period: string } | null }[]; summary: { lights: Record<string, number> } };
    // Targets are judged on the period's data (at its end); task lights as of the briefing's day.
    expect(data.targetsAsOf).toBe('2014-06-30');
    const status = (await get(`/api/plans/${seed.planId}/status?period=2014Q2&asOf=2014-06-30`)).json() as Status;
    const work = (await get(`/api/plans/${seed.planId}/status?${q}`)).json() as Status;
    const fixed = data.targets.find((t) => t.itemId === seed.targetId)!;
    const fixedStatus = status.targets.find((t) => t.itemId === seed.targetId)!;
    expect(fixed.latest.value).toBe(fixedStatus.latest!.value);
    expect(fixed.latest.value).toBeCloseTo(36.5, 6); // (400 + 330) / 2000 × 100, by hand
    expect(fixed.latest.period).toBe('2014Q2');
    expect(fixed.status).toBe(fixedStatus.status);
    expect(fixed.latest.source).toMatchObject({ kind: 'indicator', api: `/api/plans/${seed.planId}/status?period=2014Q2&asOf=2014-06-30`, itemId: seed.targetId });
    expect(data.targets.find((t) => t.itemId === seed.unlinkedId)).toMatchObject({ status: 'no_data', latest: { value: null } });
    expect(data.counts.byLight.red.value).toBe(work.summary.lights.red);
    expect(data.counts.byLight.green.value).toBe(work.summary.lights.green);
    expect(data.counts.targets.value).toBe(status.targets.length);

    const compl = (await get(`/api/reporting/completeness?planId=${seed.planId}&period=2014Q2&asOf=2014-07-31`)).json() as { totals: { expected: number; onTimeRate: number }; byUnit: { unitId: number; unitName: string; late: number; missing: number }[] };
    expect(compl.totals.expected).toBe(3);
    expect(data.completeness!.onTimeRate.value).toBeCloseTo(compl.totals.onTimeRate * 100, 9);
    expect(data.completeness!.unitsExpected.value).toBe(3);
    expect(data.completeness!.unitsOnTime.value).toBe(1);
    const unicom = compl.byUnit.find((u) => u.unitId === seed.units.unicom)!;
    expect(unicom.missing).toBe(1);
    expect(data.behind.units.find((u) => u.name === unicom.unitName)?.reasons).toContain('逾期未报');
    expect(data.completeness!.byUnit.find((u) => u.unitId === seed.units.mobile)!.late.value).toBe(compl.byUnit.find((u) => u.unitId === seed.units.mobile)!.late);
  });

  it('writes a .docx whose sections, title, targets table and numbers match the API', async () => {
    const data = (await get(`/api/plans/${seed.planId}/briefing/data?${q}`)).json() as BriefingData;
    const r = await get(`/api/plans/${seed.planId}/briefing?${q}&format=docx`);
    expect(r.statusCode, r.body.slice(0, 200)).toBe(200);
    expect(r.headers['content-type']).toBe('application/vnd.openxmlformats-officedocument.wordprocessingml.document');
    const cd = String(r.headers['content-disposition']);
    expect(cd).toMatch(/^attachment; filename="[\x20-\x7e]+"; filename\*=UTF-8''/);
    expect(decodeURIComponent(cd.split("UTF-8''")[1])).toBe('海北州建设宽带青海促进信息消费工作2014年实施方案_2014Q2_工作推进情况通报.docx');
    const bytes = r.rawPayload;
    const { value: text } = await mammoth.extractRawText({ buffer: bytes });
    const { value: html } = await mammoth.convertToHtml({ buffer: bytes });
    expect(text).toContain('海北州人民政府办公室');
    expect(text).toContain('北政办〔2014〕X号');
    expect(text).toContain('关于《海北州建设宽带青海促进信息消费工作2014年实施方案》2014年第二季度工作推进情况的通报');
    expect(text).toContain('各县人民政府，青海湖农场，州政府各部门：');
    let at = -1;
    for (const h of ['一、总体进展', '二、目标指标完成情况', '各地区和单位推进情况', '投资完成情况', '报送情况', '好的做法', '存在问题', '下一步工作要求']) {
      expect(text.indexOf(h), h).toBeGreaterThan(at);
      at = text.indexOf(h);
    }
    const fixed = data.targets.find((t) => t.itemId === seed.targetId)!;
    const targetsTable = (html.match(/<table>[\s\S]*?<\/table>/g) ?? [])[0] ?? '';
    expect(targetsTable).toContain('<p>固定宽带家庭普及率</p>');
    expect(targetsTable).toContain(`<td><p>${formatNumber(fixed.latest.value)}</p><p>2014Q2</p></td>`);
    expect(targetsTable).toContain('<p>3G/4G用户普及率</p>');
    const compl = (await get(`/api/reporting/completeness?planId=${seed.planId}&period=2014Q2&asOf=2014-07-31`)).json() as { totals: { onTimeRate: number } };
    expect(text).toContain(`本期应报单位3个，按时报送1个，按时报送率${formatPercent(compl.totals.onTimeRate * 100)}`);
    expect(formatPercent(compl.totals.onTimeRate * 100)).toBe('33.3%');
    expect(text).toMatch(/逾期未报：联通海北分公司/);

    // Logged with a checksum of the bytes and the data it was built from.
    const log = (await get(`/api/plans/${seed.planId}/briefings`)).json() as { items: { id: number; sha256: string; format: string; period: string }[] };
    const entry = log.items.find((i) => String(i.id) === r.headers['x-briefing-id'])!;
    expect(entry).toMatchObject({ format: 'docx', period: '2014Q2', sha256: r.headers['x-content-sha256'] });
    const snap = (await get(`/api/plans/${seed.planId}/briefings/${entry.id}/data`)).json() as BriefingData;
    expect(snap.targets.find((t) => t.itemId === seed.targetId)!.latest.value).toBe(fixed.latest.value);
    const audit = await getDb().kysely.selectFrom('audit_log').select(['action']).where('entity', '=', 'briefing').where('entity_id', '=', String(entry.id)).execute();
    expect(audit).toEqual([{ action: 'generate' }]);
  });

  it.skipIf(!existsSync('/usr/bin/chromium'))('prints the PDF with a text layer holding the title', async () => {
    const r = await get(`/api/plans/${seed.planId}/briefing?${q}&format=pdf&redHead=false`);
    expect(r.statusCode, r.body.slice(0, 200)).toBe(200);
    expect(r.headers['content-type']).toBe('application/pdf');
    const text = (await pdfText(r.rawPayload)).replace(/\s+/g, '');
    expect(text).toContain('关于《海北州建设宽带青海促进信息消费工作2014年实施方案》2014年第二季度工作推进情况的通报');
    expect(text).toContain('按时报送率33.3%');
    // No Type 3 font (pdffonts, poppler-utils).
    const dir = mkdtempSync(join(tmpdir(), 'luoshi-brief-'));
    writeFileSync(join(dir, 'b.pdf'), r.rawPayload);
    const fonts = execFileSync('pdffonts', [join(dir, 'b.pdf')], { encoding: 'utf8' }).split('\n').slice(2).filter((l) => l.trim());
    expect(fonts.length).toBeGreaterThan(0);
    expect(fonts.filter((l) => /Type 3/.test(l))).toEqual([]);
    // The basis sentence from the plan's 文号 and the 版记.
    expect(text).toContain('根据《海北州建设宽带青海促进信息消费工作2014年实施方案》（北政办〔2014〕11号）要求，现将2014年第二季度全州工作推进情况通报如下');
    expect(text).toContain('海北藏族自治州人民政府办公室2014年7月31日印发'.replace('海北藏族自治州人民政府办公室', (await get(`/api/plans/${seed.planId}/briefing/data?${q}`)).json().issuer));
    // The previous quarter, compared: Q1 had both operators on time (100%), Q2 one of three (33.3%).
    const data = (await get(`/api/plans/${seed.planId}/briefing/data?${q}`)).json() as BriefingData;
    expect(data.previous).toMatchObject({ period: { code: '2014Q1' } });
    expect(text).toContain(`与上期（2014年第一季度）相比`);
    expect(text).toContain(`按时报送率下降${(Math.round((data.previous!.onTimeRate! - data.completeness!.onTimeRate.value!) * 10) / 10).toFixed(1)}个百分点`);
    // The ranking of the counties, with the ranking API's numbers (门源 40%, 祁连 33%).
    const ranking = (await get(`/api/indicators/${encodeURIComponent(String(data.rankings!.divisions!.source.api.split('/')[3]))}/ranking?parent=6322&period=2014Q2&by=division`)).json() as { items: { name: string; value: number | null }[] };
    const valued = ranking.items.filter((i) => i.value !== null);
    expect(valued.length).toBeGreaterThanOrEqual(2);
    expect(text).toContain(`排在前列的是${valued[0].name}（${formatNumber(valued[0].value)}%）`);
    // Investment per operator, with the investments API's planned total.
    const inv = (await get(`/api/plans/${seed.planId}/investments`)).json() as { totals: { planned: number } };
    expect(text).toContain(`方案计划投资${formatNumber(inv.totals.planned)}万元`);
    // What the units wrote, quoted and attributed.
    expect(text).toContain('“门源县城区完成光纤到户改造1.2万户。”');
    expect(text).toContain('“祁连县牧区基站用电接入需协调解决。”');
    expect(text).not.toContain('/api/');
  }, 60_000);

  it('lets the office set the 文号, 抄送 and contact and reword or drop paragraphs before it sends', async () => {
    const url = `/api/plans/${seed.planId}/briefing/draft?${q}`;
    const first = (await get(url)).json() as { version: number; paragraphs: { key: string; text: string }[]; docNumber: string };
    expect(first.version).toBe(0);
    expect(first.docNumber).toBe('北政办〔2014〕X号');
    const comparison = first.paragraphs.find((p) => p.key === 'overview.comparison')!;
    expect(comparison.text).toMatch(/^与上期（2014年第一季度）相比/);
    const put = (body: unknown, headers = admin) => app.inject({ method: 'PUT', url: `/api/plans/${seed.planId}/briefing/draft?period=2014Q2`, payload: body as Record<string, unknown>, headers });
    const body = {
      version: 0,
      issuance: { docNumber: '北政办〔2014〕23号', cc: ['州委办公室', '州人大常委会办公室'], contact: { name: '李明', phone: '0970-8642100' } },
      edits: { 'overview.comparison': null, 'ranking.units': '各单位推进总体平稳，个别单位报送不及时。' },
    };
    expect((await put(body, reporterNamed)).statusCode).toBe(403);
    const bad = await put({ ...body, issuance: { printedOn: '2014-13-40' } });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.fields[0].field).toMatch(/printedOn/);
    const saved = await put(body);
    expect(saved.statusCode, saved.body).toBe(200);
    expect(saved.json().version).toBe(1);
    expect((await put(body)).statusCode).toBe(409); // version 0 is stale now
    const r = await get(`/api/plans/${seed.planId}/briefing?${q}&format=docx`);
    const { value: text } = await mammoth.extractRawText({ buffer: r.rawPayload });
    expect(text).toContain('北政办〔2014〕23号');
    expect(text).toContain('抄送：州委办公室、州人大常委会办公室。');
    expect(text).toContain('（联系人：李明，电话：0970-8642100）');
    expect(text).toContain('各单位推进总体平稳，个别单位报送不及时。');
    expect(text).not.toContain('与上期（2014年第一季度）相比');
    // The 数据说明 is a file of its own, with the APIs the numbers come from.
    const notes = await get(`/api/plans/${seed.planId}/briefing/notes?${q}`);
    expect(notes.statusCode).toBe(200);
    expect(notes.body).toContain(`/api/plans/${seed.planId}/status?period=2014Q2`);
    // Put back for the other tests.
    expect((await put({ version: 1, issuance: {}, edits: {} })).statusCode).toBe(200);
  });

  it('reads as of the day after the last due date by default, so a report sent later is still missing', async () => {
    const data = (await get(`/api/plans/${seed.planId}/briefing/data?period=2014Q2`)).json() as BriefingData;
    expect(data.asOf).toBe('2014-07-09');
    expect(data.completeness!.unitsMissing.value).toBe(2);
    expect(data.completeness!.unitsOnTime.value).toBe(1);
  });

  it('lets whoever reads the plan read its briefing, and refuses everyone else', async () => {
    expect((await get(`/api/plans/${seed.planId}/briefing/data?${q}`, reporterNamed)).statusCode).toBe(200);
    expect((await get(`/api/plans/${seed.planId}/briefing/data?${q}`, viewerElsewhere)).statusCode).toBe(403);
    expect((await get(`/api/plans/${seed.planId}/briefing?${q}`, viewerElsewhere)).statusCode).toBe(403);
    expect((await get(`/api/plans/${seed.planId}/briefings`, viewerElsewhere)).statusCode).toBe(403);
    expect((await app.inject({ method: 'GET', url: `/api/plans/${seed.planId}/briefing?${q}` })).statusCode).toBe(401);
    expect((await app.inject({ method: 'GET', url: `/api/plans/${seed.planId}/briefing/data?${q}` })).statusCode).toBe(401);
  });

  it('documents its routes in the OpenAPI document', async () => {
    const doc = (await app.inject({ method: 'GET', url: '/api/openapi.json' })).json() as { paths: Record<string, { get?: { parameters?: { name: string }[] } }> };
    for (const p of ['/api/plans/{id}/briefing', '/api/plans/{id}/briefing/data', '/api/plans/{id}/briefings', '/api/plans/{id}/briefings/{briefingId}/data']) expect(doc.paths[p]?.get, p).toBeDefined();
    expect(doc.paths['/api/plans/{id}/briefing'].get!.parameters!.map((x) => x.name)).toEqual(expect.arrayContaining(['period', 'format', 'asOf', 'redHead']));
  });

  it('answers bad input with a 4xx naming the field', async () => {
    const bad = await get(`/api/plans/${seed.planId}/briefing?period=2014Q5`);
    expect(bad.statusCode).toBe(400);
    expect(bad.body).toMatch(/period/);
    const fmt = await get(`/api/plans/${seed.planId}/briefing?period=2014Q2&format=odt`);
    expect(fmt.statusCode).toBe(400);
    expect(fmt.body).toMatch(/format/);
    const day = await get(`/api/plans/${seed.planId}/briefing/data?period=2014Q2&asOf=2014-02-30`);
    expect(day.statusCode).toBe(400);
    expect(day.body).toMatch(/asOf/);
    expect((await get('/api/plans/999999/briefing/data?period=2014Q2')).statusCode).toBe(404);
    expect((await get(`/api/plans/${seed.planId}/briefings/999999/data`)).statusCode).toBe(404);
  });
});
