import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import JSZip from 'jszip';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, createUser, login } from '../../../test/app.ts';
import { describeEachEngine } from '../../../test/db.ts';
import { makeBroadbandElements, makeMonthlyForm, makeUnit, monthsAgo, seedHaibei } from '../../../test/reporting-fixtures.ts';
import { recordApprovedValues } from '../../indicators/values.service.ts';
import { SYSTEM } from '../../platform/audit.ts';
import { parsePeriod } from '../calendar.ts';
import { updateForm } from '../form.service.ts';
import { openSubmission, saveDraft } from '../submission.service.ts';
import { previousPeriod } from './template.ts';

function multipart(filename: string, content: Buffer) {
  const boundary = `----luoshi${Math.random().toString(16).slice(2)}`;
  const payload = Buffer.concat([
    Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${filename}"\r\nContent-Type: application/vnd.openxmlformats-officedocument.spreadsheetml.sheet\r\n\r\n`),
    content,
    Buffer.from(`\r\n--${boundary}--\r\n`),
  ]);
  return { payload, headers: { 'content-type': `multipart/form-data; boundary=${boundary}` } };
}

async function workbookOf(buf: Buffer): Promise<ExcelJS.Workbook> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(buf as unknown as ArrayBuffer);
  return wb;
}
const bufferOf = async (wb: ExcelJS.Workbook) => Buffer.from(await wb.xlsx.writeBuffer());

/** Row number in 数据 of a (division, element code) pair. */
function rowOf(ws: ExcelJS.Worksheet, division: string, element: string): number {
  for (let r = 2; r <= ws.rowCount; r++) {
    if (ws.getCell(r, 1).value === division && ws.getCell(r, 3).value === element) return r;
  }
  throw new Error(`no row ${division} ${element}`);
}

describeEachEngine('Excel template and upload', (getDb) => {
  let app: FastifyInstance;
  let reporter: Record<string, string>;
  let otherReporter: Record<string, string>;
  let viewer: Record<string, string>;
  let els: Awaited<ReturnType<typeof makeBroadbandElements>>;
  let unitId: number;
  let user: { id: number; role: 'reporter'; unitId: number; divisionCode: null };
  let subId: number;
  let formId: number;
  const period = monthsAgo(0).code;

  beforeAll(async () => {
    const db = getDb();
    await seedHaibei(db);
    // a made-up province whose codes start with 0, so a code that lost its leading zero can be tested
    await db.kysely
      .insertInto('divisions')
      .values([
        { code: '01', name: '测试省', level: 1, parent_code: null, full_name: '测试省' },
        { code: '0101', name: '测试市', level: 2, parent_code: '01', full_name: '测试省测试市' },
        { code: '010101', name: '零一县', level: 3, parent_code: '0101', full_name: '测试省测试市零一县' },
      ])
      .onConflict((oc) => oc.column('code').doNothing())
      .execute();
    els = await makeBroadbandElements(db);
    unitId = await makeUnit(db, '海北州工信局', '6322');
    const form = await makeMonthlyForm(db, els, [
      { unitId, divisionCode: '6322' },
      { unitId, divisionCode: '0101' },
    ]);
    formId = form.id;
    app = await buildTestApp(db);
    const r = await createUser(db, { role: 'reporter', unitId });
    user = { id: r.id, role: 'reporter', unitId, divisionCode: null };
    reporter = (await login(app, r.username, r.password)).headers;
    const o = await createUser(db, { role: 'reporter' });
    otherReporter = (await login(app, o.username, o.password)).headers;
    const v = await createUser(db, { role: 'viewer', divisionCode: '63' });
    viewer = (await login(app, v.username, v.password)).headers;
    const sub = await openSubmission(db, SYSTEM, user, { formId, unitId, period });
    subId = sub.id;
    await saveDraft(db, SYSTEM, user, subId, { version: sub.version, values: [{ elementId: els.users.id, divisionCode: '632221', value: 4321, comment: '草稿' }] });
    await recordApprovedValues(db.kysely, [{ elementId: els.users.id, divisionCode: '632221', period: previousPeriod(parsePeriod(period)).code, value: 4000, unitId, submissionId: null }]);
  });
  afterAll(async () => app?.close());

  const template = async (headers = reporter, id = subId) => app.inject({ method: 'GET', url: `/api/reporting/submissions/${id}/template.xlsx`, headers });
  const upload = (content: Buffer, headers = reporter, query = '', id = subId, on = app) => {
    const m = multipart('填报.xlsx', content);
    return on.inject({ method: 'POST', url: `/api/reporting/submissions/${id}/upload${query}`, payload: m.payload, headers: { ...headers, ...m.headers } });
  };
  const stored = async () =>
    (await getDb().kysely.selectFrom('submission_values').select(['element_id', 'division_code', 'value', 'comment']).where('submission_id', '=', subId).execute()).map((r) => ({
      elementId: Number(r.element_id),
      divisionCode: r.division_code,
      value: r.value,
      comment: r.comment,
    }));
  const version = async () => (await getDb().kysely.selectFrom('submissions').select('version').where('id', '=', subId).executeTakeFirstOrThrow()).version;

  it('downloads a template: codes as text, header frozen, number validation, draft and previous values, hidden _luoshi', async () => {
    const res = await template();
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toContain('spreadsheetml');
    // Before: HB-…_2016M02_5.xlsx (codes and ids); now the form's name and the period as people say it.
    const [y, m] = [period.slice(0, 4), Number(period.slice(5))];
    expect(decodeURIComponent(String(res.headers['content-disposition']).split("UTF-8''")[1])).toMatch(new RegExp(`_${y}年${m}月\\.xlsx$`));
    const wb = await workbookOf(res.rawPayload);
    const ws = wb.getWorksheet('数据')!;
    expect(ws.getRow(1).values).toEqual([undefined, '区划代码', '区划名称', '指标代码', '指标名称', '单位', '上期值', '本期值', '说明']);
    expect(ws.rowCount).toBe(1 + 5 * 3); // 4 counties of 海北 + 零一县, × 3 elements
    const a2 = ws.getCell('A2');
    expect(a2.type).toBe(ExcelJS.ValueType.String);
    expect(a2.numFmt).toBe('@');
    expect(a2.value).toBe('010101');
    expect(ws.views[0]).toMatchObject({ state: 'frozen', ySplit: 1 });
    const r = rowOf(ws, '632221', els.users.code);
    expect(ws.getCell(r, 2).value).toBe('门源回族自治县');
    expect(ws.getCell(r, 6).value).toBe(4000);
    expect(ws.getCell(r, 7).value).toBe(4321);
    expect(ws.getCell(r, 8).value).toBe('草稿');
    expect(ws.getCell(r, 7).dataValidation).toMatchObject({ type: 'whole', allowBlank: true });
    expect(ws.getCell(rowOf(ws, '632224', els.investment.code), 7).dataValidation).toMatchObject({ type: 'decimal', formulae: [0, 1e15] });
    const meta = wb.getWorksheet('_luoshi')!;
    expect(meta.state).toBe('veryHidden');
    expect(meta.getCell('A2').value).toBe('template_version');
    expect(meta.getCell('B2').value).toBe(1);
    expect(meta.getCell('B5').value).toBe(subId);

    expect((await template(viewer)).statusCode).toBe(200);
    expect((await template(otherReporter)).statusCode).toBe(403);
    expect((await app.inject({ method: 'GET', url: `/api/reporting/submissions/${subId}/template.xlsx` })).statusCode).toBe(401);
  });

  it('round-trips a filled workbook: Chinese comments, a lost leading zero, merged code cells, a cached formula, an extra sheet', async () => {
    const wb = await workbookOf((await template()).rawPayload);
    const ws = wb.getWorksheet('数据')!;
    // 零一县 typed as a number: Excel shows 10101
    const zeroRow = rowOf(ws, '010101', els.users.code);
    ws.getCell(zeroRow, 1).value = 10101;
    ws.getCell(zeroRow, 7).value = 77;
    // 祁连县: the two rows' 区划代码 merged into one cell
    const q1 = rowOf(ws, '632222', els.users.code);
    const q2 = rowOf(ws, '632222', els.households.code);
    expect(q2).toBe(q1 + 1);
    ws.getCell(q2, 1).value = null;
    ws.mergeCells(`A${q1}:A${q2}`);
    ws.getCell(q1, 7).value = 1200;
    ws.getCell(q2, 7).value = 2400;
    ws.getCell(q1, 8).value = '含新建光纤入户 35 户，数据来源：县工信局台账';
    // a formula with its cached result
    const f = rowOf(ws, '632223', els.investment.code);
    ws.getCell(f, 7).value = { formula: '100+23.5', result: 123.5 };
    // the draft cell cleared: no value stays
    ws.getCell(rowOf(ws, '632221', els.users.code), 7).value = null;
    ws.getCell(rowOf(ws, '632221', els.users.code), 8).value = null;
    wb.addWorksheet('填表说明').getCell('A1').value = '本表由县工信局填报，联系人：张三';
    const before = await version();

    const res = await upload(await bufferOf(wb));
    expect(res.statusCode, res.body).toBe(200);
    const body = res.json();
    expect(body).toMatchObject({ submissionId: subId, version: before + 1, stored: 4, ignoredSheets: ['填表说明'] });
    expect(body.notes).toEqual([expect.objectContaining({ field: `数据!A${zeroRow}` })]);
    expect(body.notes[0].note).toContain('010101');

    const values = await stored();
    const get = (el: number, d: string) => values.find((v) => v.elementId === el && v.divisionCode === d);
    expect(get(els.users.id, '010101')?.value).toBe(77);
    expect(get(els.users.id, '632222')).toMatchObject({ value: 1200, comment: '含新建光纤入户 35 户，数据来源：县工信局台账' });
    expect(get(els.households.id, '632222')?.value).toBe(2400);
    expect(get(els.investment.id, '632223')?.value).toBe(123.5);
    expect(get(els.users.id, '632221')).toBeUndefined();
    expect(values).toHaveLength(4);
    const audit = await getDb().kysely.selectFrom('audit_log').select('action').where('entity', '=', 'submission').where('entity_id', '=', String(subId)).where('action', '=', 'submission.upload').execute();
    expect(audit).toHaveLength(1);

    // downloaded again, the template carries what was stored
    const again = (await workbookOf((await template()).rawPayload)).getWorksheet('数据')!;
    expect(again.getCell(rowOf(again, '632222', els.households.code), 7).value).toBe(2400);
  });

  it('refuses a workbook with per-cell errors and stores none of it', async () => {
    const wb = await workbookOf((await template()).rawPayload);
    const ws = wb.getWorksheet('数据')!;
    const noResult = rowOf(ws, '632224', els.investment.code);
    ws.getCell(noResult, 7).value = { formula: 'SUM(X1:X9)' } as ExcelJS.CellFormulaValue;
    const m1 = rowOf(ws, '632224', els.users.code);
    ws.getCell(m1, 7).value = 10;
    ws.getCell(m1 + 1, 7).value = null;
    ws.mergeCells(`G${m1}:G${m1 + 1}`);
    const text = rowOf(ws, '632223', els.users.code);
    ws.getCell(text, 7).value = '约一千';
    const neg = rowOf(ws, '632223', els.households.code);
    ws.getCell(neg, 7).value = -5;
    const extra = ws.addRow(['630102', '城东区', els.users.code, '固定宽带家庭用户数', '户', null, 5, null]).number;
    const valuesBefore = await stored();
    const versionBefore = await version();

    const res = await upload(await bufferOf(wb));
    expect(res.statusCode).toBe(422);
    const fields = res.json().error.fields as { field: string; reason: string }[];
    const at = (f: string) => fields.find((x) => x.field === f)?.reason;
    expect(at(`数据!G${noResult}`)).toMatch(/没有计算结果|cached result/);
    expect(at(`数据!G${m1}:G${m1 + 1}`)).toMatch(/合并|merged/);
    expect(at(`数据!G${text}`)).toMatch(/不是数字/);
    expect(at(`数据!G${neg}`)).toMatch(/下限|minimum/);
    expect(at(`数据!A${extra}`)).toMatch(/630102/);
    expect(res.json().error.total).toBe(5);
    expect(await stored()).toEqual(valuesBefore);
    expect(await version()).toBe(versionBefore);
  });

  it('refuses a template of an older version, of another submission, or made before a later save', async () => {
    const db = getDb();
    const form2 = await makeMonthlyForm(db, els, [{ unitId, divisionCode: '6322' }]);
    const sub2 = await openSubmission(db, SYSTEM, user, { formId: form2.id, unitId, period });
    const old = (await template(reporter, sub2.id)).rawPayload;
    await updateForm(db, SYSTEM, form2.id, { version: form2.version, elements: [{ elementId: els.users.id, required: true }], rules: [] });
    const outdated = await upload(old, reporter, '', sub2.id);
    expect(outdated.statusCode).toBe(422);
    const f = outdated.json().error.fields.find((x: { field: string }) => x.field === '_luoshi!B2');
    expect(f.reason).toMatch(/current version is 2/);

    const wrongSub = await upload(old, reporter, '', subId);
    expect(wrongSub.statusCode).toBe(422);
    expect(wrongSub.json().error.fields.map((x: { field: string }) => x.field)).toEqual(expect.arrayContaining(['_luoshi!B1', '_luoshi!B5']));

    const fresh = (await template()).rawPayload;
    const v = await version();
    await saveDraft(db, SYSTEM, user, subId, { version: v, values: [{ elementId: els.users.id, divisionCode: '632221', value: 9 }] });
    const stale = await upload(fresh);
    expect(stale.statusCode).toBe(409);
    expect(stale.json().error.fields[0].field).toBe('_luoshi!B6');
    expect((await upload(fresh, reporter, '?overwrite=true')).statusCode).toBe(200);

    expect((await upload(fresh, otherReporter)).statusCode).toBe(403);
    expect((await upload(fresh, viewer)).statusCode).toBe(403);
  });

  describe('files that are not a usable workbook', () => {
    it('answers 415 for a non-xlsx and an old .xls, 400 for a corrupt zip and a zip bomb', async () => {
      const txt = await upload(Buffer.from('区划代码,本期值\n632221,5\n'));
      expect(txt.statusCode).toBe(415);
      expect(txt.json().error.fields[0].field).toBe('file');
      const xls = await upload(Buffer.concat([Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]), Buffer.alloc(600)]));
      expect(xls.statusCode).toBe(415);
      expect(xls.json().error.message).toMatch(/\.xls/);
      const broken = await upload(Buffer.concat([Buffer.from('PK\u0003\u0004'), randomBytes(2000)]));
      expect(broken.statusCode).toBe(400);

      const zip = new JSZip();
      zip.file('[Content_Types].xml', '<Types/>');
      zip.file('xl/workbook.xml', '<workbook/>');
      zip.file('xl/worksheets/sheet1.xml', new Uint8Array(40 * 1024 * 1024));
      const bomb = await zip.generateAsync({ type: 'nodebuffer', compression: 'DEFLATE', compressionOptions: { level: 9 } });
      const res = await upload(bomb);
      expect(res.statusCode).toBe(400);
      expect(res.json().error.message).toMatch(/zip bomb/);
    }, 60_000);

    it('answers 413 above LUOSHI_UPLOAD_MAX_MB', async () => {
      const small = await buildTestApp(getDb(), { LUOSHI_UPLOAD_MAX_MB: '1' });
      try {
        const u = (await getDb().kysely.selectFrom('users').select(['username']).where('id', '=', user.id).executeTakeFirstOrThrow()).username;
        const h = (await login(small, u, 'Correct-horse-42')).headers;
        const res = await upload(Buffer.concat([Buffer.from('PK\u0003\u0004'), randomBytes(2 * 1024 * 1024)]), h, '', subId, small);
        expect(res.statusCode).toBe(413);
        expect(res.json().error.message).toMatch(/1 MB/);
      } finally {
        await small.close();
      }
    });

    it('takes a 20 MB workbook (the template plus a large incompressible sheet) within the limit', async () => {
      const wb = await workbookOf((await template()).rawPayload);
      const ws = wb.getWorksheet('数据')!;
      ws.getCell(rowOf(ws, '632224', els.households.code), 7).value = 3100;
      const big = wb.addWorksheet('附件数据');
      for (let i = 1; i <= 12000; i++) big.getCell(i, 1).value = randomBytes(1800).toString('base64');
      const dir = mkdtempSync(join(tmpdir(), 'luoshi-xlsx-'));
      const path = join(dir, 'big.xlsx');
      await wb.xlsx.writeFile(path);
      expect(statSync(path).size).toBeGreaterThan(20 * 1024 * 1024);
      const res = await upload(readFileSync(path), reporter, '?overwrite=true');
      expect(res.statusCode, res.body).toBe(200);
      expect(res.json().ignoredSheets).toEqual(['附件数据']);
      expect((await stored()).find((v) => v.elementId === els.households.id && v.divisionCode === '632224')?.value).toBe(3100);
    }, 120_000);
  });
});
