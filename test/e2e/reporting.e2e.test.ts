import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import type { Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SYSTEM } from '../../src/platform/audit.ts';
import type { Db } from '../../src/platform/db/database.ts';
import { createDataElement, type DataElement } from '../../src/reporting/data-element.service.ts';
import { createForm } from '../../src/reporting/form.service.ts';
import type { ReportingUser } from '../../src/reporting/reporting.access.ts';
import { approve, getSubmission, openSubmission, saveDraft, submit } from '../../src/reporting/submission.service.ts';
import { createUser } from '../app.ts';
import { HAIBEI_COUNTIES, monthsAgo, monthsAhead, seedHaibei } from '../reporting-fixtures.ts';
import { browserAvailable, openSession, screenshot, startWebStack, type WebStack } from './browser.ts';

const enabled = browserAvailable();

/**
 * Reporting end to end in the browser: a reporter fills in its monthly form (autosave observed,
 * last period's approved values beside the fields), is refused on an unexplained jump, explains it
 * and submits; the office returns it with a reason; the reporter sees the reason, meets a save
 * conflict (someone saved in between) and keeps its own edit deliberately, resubmits; the office
 * compares the two revisions and approves, and the values reach the value store. A reporter
 * opening another unit's report gets the 403 page.
 */
describe.skipIf(!enabled)('reporting (browser)', () => {
  let stack: WebStack;
  let db: Db;
  let base: string;
  let reporter: { id: number; username: string; password: string };
  let admin: { id: number; username: string; password: string };
  let adminUser: ReportingUser;
  let users: DataElement;
  let households: DataElement;
  let unitId: number;
  let otherSubmissionId: number;
  let taskId: number;
  const period = monthsAgo(0).code;

  async function seed(d: Db): Promise<void> {
    db = d;
    await seedHaibei(db);
    const unit = await db.kysely.insertInto('units').values({ name: '海北州工业和信息化局', division_code: '6322', kind: 'department' }).returning('id').executeTakeFirstOrThrow();
    unitId = Number(unit.id);
    const other = await db.kysely.insertInto('units').values({ name: '海北州发展和改革委员会', division_code: '6322', kind: 'department' }).returning('id').executeTakeFirstOrThrow();
    const otherUnitId = Number(other.id);
    reporter = await createUser(db, { role: 'reporter', unitId, username: 'e2e-rep-reporter' });
    const otherReporter = await createUser(db, { role: 'reporter', unitId: otherUnitId, username: 'e2e-rep-other' });
    admin = await createUser(db, { role: 'admin', username: 'e2e-rep-admin' });
    adminUser = { id: admin.id, role: 'admin', unitId: null, divisionCode: null };

    // An active plan with one task the unit leads: the form asks for its progress.
    const plan = await db.kysely
      .insertInto('plans')
      .values({ title: '海北州宽带网络建设实施方案', division_code: '6322', status: 'active', source_text: '……', activated_at: new Date() })
      .returning('id')
      .executeTakeFirstOrThrow();
    const task = await db.kysely
      .insertInto('plan_items')
      .values({ plan_id: plan.id, kind: 'task', ord: 1, data: JSON.stringify({ title: '推进光纤到户改造', section: null, leadUnits: ['州工信局'], responsibleUnits: [], text: '' }), review_status: 'accepted' })
      .returning('id')
      .executeTakeFirstOrThrow();
    taskId = Number(task.id);
    await db.kysely.insertInto('plan_item_units').values({ item_id: task.id, role: 'lead', name_as_written: '州工信局', unit_id: unitId }).execute();

    users = await createDataElement(db, SYSTEM, {
      code: 'fixed_bb_households', name: '固定宽带家庭用户数', valueType: 'integer', unit: '户', periodType: 'M',
      temporal: 'stock', spatial: 'sum', divisionLevel: 3, min: 0, maxJumpShare: 0.5,
    });
    households = await createDataElement(db, SYSTEM, {
      code: 'households', name: '家庭户数', valueType: 'integer', unit: '户', periodType: 'M', temporal: 'stock', spatial: 'sum', divisionLevel: 3, min: 0,
    });
    const form = await createForm(db, SYSTEM, {
      code: 'HB-BB-M',
      name: '海北州宽带月报',
      planId: Number(plan.id),
      periodType: 'M',
      dueRule: { kind: 'offset', days: 10 },
      // Wide grace so last month is still open whatever today's date.
      graceDays: 60,
      startsOn: monthsAgo(1).start,
      endsOn: monthsAhead(6).end,
      includesProgress: true,
      elements: [
        { elementId: users.id, required: true },
        { elementId: households.id, required: true },
      ],
      assignments: [
        { unitId, divisionCode: '6322' },
        { unitId: otherUnitId, divisionCode: '6322' },
      ],
      rules: [{ leftElementId: users.id, op: '<=', rightElementId: households.id, factor: 1.5, severity: 'error', message: '固定宽带家庭用户数不应超过家庭户数的1.5倍' }],
    });

    // A second duty of the unit, last month only, due on the month's last day and never sent: late.
    const investment = await createDataElement(db, SYSTEM, {
      code: 'investment', name: '完成投资额', valueType: 'number', unit: '万元', periodType: 'M', temporal: 'flow', spatial: 'sum', divisionLevel: 3, min: 0,
    });
    await createForm(db, SYSTEM, {
      code: 'HB-INV-M',
      name: '海北州网络投资月报',
      periodType: 'M',
      dueRule: { kind: 'offset', days: 0 },
      graceDays: 60,
      startsOn: monthsAgo(1).start,
      endsOn: monthsAgo(1).end,
      includesProgress: false,
      elements: [{ elementId: investment.id, required: true }],
      assignments: [{ unitId, divisionCode: '6322' }],
      rules: [],
    });

    // Last month, approved: its values are shown beside this month's fields.
    const reporterUser: ReportingUser = { id: reporter.id, role: 'reporter', unitId, divisionCode: null };
    const prev = await openSubmission(db, SYSTEM, reporterUser, { formId: form.id, unitId, period: monthsAgo(1).code });
    const prevValues = HAIBEI_COUNTIES.flatMap((code, i) => [
      { elementId: users.id, divisionCode: code, value: 1000 + 100 * i },
      { elementId: households.id, divisionCode: code, value: 3000 + 100 * i },
    ]);
    const saved = await saveDraft(db, SYSTEM, reporterUser, prev.id, { version: prev.version, values: prevValues, progress: [{ itemId: taskId, status: 'in_progress', percent: 20 }] });
    const sent = await submit(db, SYSTEM, reporterUser, prev.id, { version: saved.version });
    await approve(db, SYSTEM, adminUser, prev.id, { version: sent.version });

    // Another unit's report of the same period, which our reporter must not see.
    const otherUser: ReportingUser = { id: otherReporter.id, role: 'reporter', unitId: otherUnitId, divisionCode: null };
    otherSubmissionId = (await openSubmission(db, SYSTEM, otherUser, { formId: form.id, unitId: otherUnitId, period })).id;
  }

  beforeAll(async () => {
    stack = await startWebStack(seed);
    ({ base } = stack);
  });

  afterAll(async () => {
    await stack?.close();
  });

  /** A context of its own, signed in: the reporter and the office side by side. */
  const signIn = (who: { username: string; password: string }) => openSession(stack.browser, base, who);

  /**
   * Clicks a dialog's button and returns the response of the request it sends. A click that lands
   * while the dialog is still opening can go unanswered under load, so it is repeated (at most
   * three times) when no request follows within ten seconds and the button is still there.
   */
  async function clickForResponse(page: Page, button: Locator, urlEnd: string) {
    for (let attempt = 1; ; attempt++) {
      const answer = page.waitForResponse((r) => r.url().endsWith(urlEnd) && r.request().method() === 'POST', { timeout: 10_000 });
      await button.click();
      try {
        return await answer;
      } catch (e) {
        if (attempt === 3 || !(await button.isVisible())) throw e;
      }
    }
  }

  /** Submits through the confirmation dialog. */
  async function confirmSubmit(page: Page): Promise<void> {
    await page.getByTestId('submission-submit').click();
    await page.getByTestId('submit-confirm-ok').click();
  }

  /** Waits until the autosave reports "已保存 hh:mm:ss" and returns the version shown. */
  async function waitSaved(page: Page): Promise<number> {
    await expect.poll(() => page.getByTestId('save-status').textContent(), { timeout: 15_000 }).toMatch(/^已保存 \d\d:\d\d:\d\d$/);
    const v = (await page.getByTestId('submission-version').textContent()) ?? '';
    return Number(/第 (\d+) 版/.exec(v)?.[1]);
  }

  it('reporter fills and submits, office returns, reporter fixes through a conflict and resubmits, office approves', async () => {
    const rep = await signIn(reporter);
    let office: Awaited<ReturnType<typeof signIn>> | null = null;
    const shot = async (p: Page, name: string) => screenshot(p, name);
    try {
      // 1. The reporter lands on its due reports and tasks.
      await rep.page.waitForURL(/\/reporting\/my$/);
      const row = rep.page.getByTestId('my-due').locator('tr', { hasText: period });
      await row.getByTestId('due-status').filter({ hasText: '未填报' }).waitFor();
      await rep.page.getByTestId('my-tasks').getByText('推进光纤到户改造').waitFor();
      await shot(rep.page, 'reporting-1-my');

      // 2. Open this month's report: last month's approved values sit beside the fields.
      await row.getByTestId('due-open').click();
      await rep.page.waitForURL(/\/reporting\/submissions\/\d+$/);
      const submissionId = Number(/submissions\/(\d+)/.exec(rep.page.url())?.[1]);
      await rep.page.getByTestId('submission-title').filter({ hasText: '海北州宽带月报' }).waitFor();
      expect(await rep.page.getByTestId(`prev-${users.code}-632221`).textContent()).toBe('1,000');
      expect(await rep.page.getByTestId(`prev-${households.code}-632224`).textContent()).toBe('3,300');

      // 3. A rule across fields is checked on the saved draft and shown beside the cell at once.
      await rep.page.locator(`#v-${users.code}-632221`).fill('1800');
      await rep.page.locator(`#v-${households.code}-632221`).fill('1000');
      await waitSaved(rep.page);
      await rep.page.getByTestId(`msg-${users.code}-632221`).filter({ hasText: '1.5倍' }).waitFor();
      await shot(rep.page, 'reporting-2a-rule-inline');

      // Fill every cell; the draft saves itself and the version moves on.
      const values: Record<string, [number, number]> = { '632221': [1800, 3050], '632222': [1150, 3120], '632223': [1230, 3210], '632224': [1320, 3350] };
      for (const [code, [u, h]] of Object.entries(values)) {
        await rep.page.locator(`#v-${users.code}-${code}`).fill(String(u));
        await rep.page.locator(`#v-${households.code}-${code}`).fill(String(h));
      }
      // A jump of 80 % over last month is flagged at once, beside the field.
      await rep.page.getByTestId(`msg-${users.code}-632221`).filter({ hasText: '较上期变化' }).waitFor();
      const v1 = await waitSaved(rep.page);
      expect(v1).toBeGreaterThan(1);
      const draft = await getSubmission(db, adminUser, submissionId);
      expect(draft.values.find((c) => c.elementId === users.id && c.divisionCode === '632221')?.value).toBe(1800);

      // Progress on the task it leads.
      await rep.page.getByRole('tab', { name: /任务进展/ }).click();
      await rep.page.locator(`#p-status-${taskId}`).click();
      await rep.page.locator('.ant-select-item-option', { hasText: '推进中' }).click();
      await rep.page.locator(`#p-percent-${taskId}`).fill('45');
      await rep.page.locator(`#p-narrative-${taskId}`).fill('门源县、祁连县完成光纤改造 1.2 万户。');
      await rep.page.locator(`#p-problems-${taskId}`).fill('海晏县部分牧区需协调电力配套。');
      await waitSaved(rep.page);
      // Evidence for the task: a real PNG (a picture of this page), listed under the entry once stored.
      const photo = await rep.page.screenshot();
      await rep.page.getByTestId(`progress-${taskId}`).locator('input[type=file]').setInputFiles({ name: '光纤入户现场.png', mimeType: 'image/png', buffer: photo });
      await rep.page.getByTestId(`progress-${taskId}`).getByTestId('evidence-link').filter({ hasText: '光纤入户现场.png' }).waitFor();
      await shot(rep.page, 'reporting-2-progress-autosaved');
      await rep.page.getByRole('tab', { name: /数据/ }).click();
      await shot(rep.page, 'reporting-3-form-autosaved');

      // 4. Submitting asks first: cancelled, nothing is sent; confirmed, the server refuses the
      // unexplained jump with its list.
      await rep.page.getByTestId('submission-submit').click();
      await rep.page.getByTestId('submit-confirm').filter({ hasText: '审核完成前不能再修改' }).waitFor();
      await shot(rep.page, 'reporting-4a-submit-confirm');
      await rep.page.getByTestId('submit-confirm-cancel').click();
      await rep.page.getByTestId('submit-confirm').waitFor({ state: 'detached' });
      expect((await getSubmission(db, adminUser, submissionId)).status).toBe('draft');
      await confirmSubmit(rep.page);
      const issues = rep.page.getByTestId('submit-issues');
      await issues.filter({ hasText: '门源回族自治县' }).waitFor();
      await shot(rep.page, 'reporting-4-submit-refused');
      expect((await getSubmission(db, adminUser, submissionId)).status).toBe('draft');

      // 5. Explain it and submit.
      await rep.page.locator(`#c-${users.code}-632221`).fill('新建光纤小区集中开通');
      await waitSaved(rep.page);
      await confirmSubmit(rep.page);
      await rep.page.getByTestId('submission-status').filter({ hasText: '已提交' }).waitFor();
      await shot(rep.page, 'reporting-5-submitted');
      const afterSubmit = await getSubmission(db, adminUser, submissionId);
      expect(afterSubmit).toMatchObject({ status: 'submitted', revision: 1 });
      expect(afterSubmit.progress.find((p) => p.itemId === taskId)).toMatchObject({ status: 'in_progress', percent: 45 });

      // 6. Another unit's report: the 403 page, nothing of its content.
      await rep.page.goto(`${base}/reporting/submissions/${otherSubmissionId}`);
      await rep.page.getByText('无权查看此报表').waitFor();
      expect(await rep.page.getByTestId('values-table').count()).toBe(0);
      await shot(rep.page, 'reporting-6-forbidden');

      // 7. The office finds it in the review queue and returns it with a reason.
      office = await signIn(admin);
      await office.page.getByTestId('main-menu').getByText('报表审核', { exact: true }).click();
      await office.page.waitForURL(/\/reporting\/review$/);
      const queued = office.page.getByTestId('review-queue').locator('tr', { hasText: '海北州工业和信息化局' });
      await queued.waitFor();
      await shot(office.page, 'reporting-7-review-queue');
      await queued.getByTestId('queue-open').click();
      await office.page.waitForURL(new RegExp(`/reporting/submissions/${submissionId}$`));
      // Read-only for the office: the values show, no inputs to change them.
      await office.page.getByTestId('review-actions').waitFor();
      expect(await office.page.locator(`input#v-${users.code}-632221`).count()).toBe(0);
      expect(await office.page.locator(`#v-${users.code}-632221`).textContent()).toBe('1,800');
      expect(await office.page.locator(`#c-${users.code}-632221`).textContent()).toBe('新建光纤小区集中开通');
      // The evidence opens for the office too (same scope as the report).
      await office.page.getByRole('tab', { name: /任务进展/ }).click();
      const evidence = office.page.getByTestId(`progress-${taskId}`).getByTestId('evidence-link').filter({ hasText: '光纤入户现场.png' });
      const download = await office.page.request.get(`${base}${await evidence.getAttribute('href')}`);
      expect(download.status()).toBe(200);
      expect(download.headers()['content-type']).toBe('image/png');
      expect((await download.body()).subarray(0, 4).toString('latin1')).toBe('\x89PNG');
      await office.page.getByRole('tab', { name: /数据/ }).click();
      await office.page.getByTestId('review-return').click();
      // An empty reason is refused in the dialog.
      await office.page.getByTestId('review-return-confirm').click();
      await office.page.locator('.ant-modal').getByText('请填写此项').waitFor();
      await office.page.locator('#return-reason').fill('祁连县家庭户数与统计年鉴不符，请核实后重报');
      expect((await clickForResponse(office.page, office.page.getByTestId('review-return-confirm'), `/submissions/${submissionId}/return`)).status()).toBe(200);
      await office.page.getByTestId('submission-status').filter({ hasText: '已退回' }).waitFor();
      await shot(office.page, 'reporting-8-returned');

      // 8. The reporter is told: the return notice, with its reason, waits in its inbox.
      await rep.page.goto(`${base}/inbox`);
      const notice = rep.page.getByTestId('inbox-item').filter({ hasText: '【退回】海北州宽带月报' });
      await notice.filter({ hasText: '祁连县家庭户数与统计年鉴不符，请核实后重报' }).waitFor();
      await shot(rep.page, 'reporting-8a-return-notice');
      // It sees it returned, with the reason, among its reports too.
      await rep.page.goto(`${base}/reporting/my`);
      const back = rep.page.getByTestId('my-due').locator('tr', { hasText: period });
      await back.getByTestId('due-status').filter({ hasText: '已退回' }).waitFor();
      await back.getByText('祁连县家庭户数与统计年鉴不符').waitFor();
      await back.getByTestId('due-open').click();
      await rep.page.getByTestId('returned-banner').filter({ hasText: '祁连县家庭户数' }).waitFor();
      const before = await getSubmission(db, adminUser, submissionId);

      // An Excel upload with a word where a number belongs: refused per cell, nothing stored.
      const template = await rep.page.request.get(`${base}/api/reporting/submissions/${submissionId}/template.xlsx`);
      expect(template.status()).toBe(200);
      const wb = new ExcelJS.Workbook();
      await wb.xlsx.load(Buffer.from(await template.body()) as unknown as ArrayBuffer);
      const sheet = wb.getWorksheet('数据');
      let badCell = '';
      sheet?.eachRow((r, n) => {
        if (r.getCell(1).text === '632223' && r.getCell(3).text === households.code) {
          r.getCell(7).value = '三千二百';
          badCell = `数据!G${n}`;
        }
      });
      expect(badCell).not.toBe('');
      const bad = join(mkdtempSync(join(tmpdir(), 'luoshi-e2e-')), '海北州宽带月报.xlsx');
      writeFileSync(bad, Buffer.from(await wb.xlsx.writeBuffer()));
      await rep.page.locator('.ant-upload input[type=file][accept=".xlsx"]').setInputFiles(bad);
      const uploadErrors = rep.page.getByTestId('upload-errors');
      await uploadErrors.getByText(badCell, { exact: true }).waitFor();
      await shot(rep.page, 'reporting-9-upload-errors');
      expect((await getSubmission(db, adminUser, submissionId)).version).toBe(before.version);

      // The same workbook corrected (海晏县 家庭户数 3210 → 3260) goes in whole.
      sheet?.eachRow((r) => {
        if (r.getCell(1).text === '632223' && r.getCell(3).text === households.code) r.getCell(7).value = 3260;
      });
      const good = join(mkdtempSync(join(tmpdir(), 'luoshi-e2e-')), '海北州宽带月报-改.xlsx');
      writeFileSync(good, Buffer.from(await wb.xlsx.writeBuffer()));
      await rep.page.locator('.ant-upload input[type=file][accept=".xlsx"]').setInputFiles(good);
      await rep.page.getByText(/已导入 \d+ 个数值/).waitFor();
      await expect.poll(() => rep.page.locator(`#v-${households.code}-632223`).inputValue()).toBe('3260');
      expect(await rep.page.getByTestId('upload-errors').count()).toBe(0);
      const uploaded = await getSubmission(db, adminUser, submissionId);
      expect(uploaded.version).toBeGreaterThan(before.version);
      expect(uploaded.values.find((c) => c.elementId === households.id && c.divisionCode === '632223')?.value).toBe(3260);

      // Meanwhile someone else saves this draft: the reporter's next save is stale.
      await saveDraft(db, SYSTEM, adminUser, submissionId, { version: uploaded.version, values: [{ elementId: households.id, divisionCode: '632222', value: 3100 }] });
      await rep.page.locator(`#v-${households.code}-632222`).fill('3180');
      const modal = rep.page.getByTestId('conflict-modal');
      await modal.waitFor({ timeout: 15_000 });
      expect(await modal.getByTestId('conflict-theirs').first().textContent()).toBe('3,100');
      expect(await modal.getByTestId('conflict-yours').first().textContent()).toBe('3,180');
      await shot(rep.page, 'reporting-10-conflict');
      // A deliberate overwrite: confirmed, then saved against the version that won.
      await rep.page.getByTestId('conflict-keep-mine').click();
      await rep.page.locator('.ant-popconfirm').getByRole('button', { name: /确\s*定/ }).click();
      await waitSaved(rep.page);
      expect((await getSubmission(db, adminUser, submissionId)).values.find((c) => c.elementId === households.id && c.divisionCode === '632222')?.value).toBe(3180);

      // 9. Resubmit.
      await confirmSubmit(rep.page);
      await rep.page.getByTestId('submission-status').filter({ hasText: '已提交' }).waitFor();
      await shot(rep.page, 'reporting-11-resubmitted');

      // 10. The office compares the two revisions and approves.
      await office.page.reload();
      await office.page.getByTestId('review-actions').waitFor();
      await office.page.getByTestId('diff-compare').click();
      const diff = office.page.getByTestId('diff-table');
      await diff.getByText('祁连县 · 家庭户数').waitFor();
      expect(await diff.textContent()).toContain('3180');
      await office.page.getByTestId('review-approve').click();
      const answer = await clickForResponse(office.page, office.page.getByTestId('review-approve-confirm'), `/submissions/${submissionId}/approve`);
      expect(`${answer.status()} ${answer.status() === 200 ? '' : await answer.text()}`).toBe('200 ');
      await office.page.getByTestId('submission-status').filter({ hasText: '已通过' }).waitFor();
      await shot(office.page, 'reporting-12-approved');

      const done = await getSubmission(db, adminUser, submissionId);
      expect(done).toMatchObject({ status: 'approved', revision: 2 });
      const stored = await db.kysely.selectFrom('data_values').select(['value']).where('submission_id', '=', submissionId).where('element_id', '=', households.id).execute();
      expect(stored.map((r) => r.value).sort()).toEqual([3050, 3180, 3260, 3350]);

      // 11. Completeness: this report counted; the unsent investment report listed as late, with a reminder.
      await office.page.getByTestId('main-menu').getByText('完成与及时率', { exact: true }).click();
      // A report is owed once its due date has passed (decision 0300), and the broadband reports fall
      // due 10 days after their month: as of the end of next month both are owed, next month's not yet.
      await office.page.getByTestId('comp-asof').fill(monthsAhead(1).end);
      // By unit: 3 reports expected of it (two monthly broadband reports, one investment report), 2 in, 1 missing.
      // (Whether last month's counts as on time depends on today's date, so on time/late are not fixed here.)
      const byUnit = office.page.getByTestId('comp-by-unit').locator('tr', { hasText: '海北州工业和信息化局' });
      await byUnit.waitFor();
      await expect.poll(async () => (await byUnit.locator('td').allTextContents())[1], { timeout: 15_000 }).toBe('3');
      const [, expected, submittedN, onTime, lateN, missing, rateText] = await byUnit.locator('td').allTextContents();
      expect([expected, submittedN, missing, rateText]).toEqual(['3', '2', '1', '66.7%']);
      expect(Number(onTime) + Number(lateN)).toBe(2);
      await office.page.getByRole('tab', { name: '明细' }).click();
      await office.page.getByTestId('completeness-table').locator('tr', { hasText: '海北州宽带月报' }).filter({ hasText: period }).getByTestId('comp-state').filter({ hasText: '按时' }).waitFor();
      const lateRow = office.page.getByTestId('late-list').locator('tr', { hasText: '海北州网络投资月报' });
      await lateRow.filter({ hasText: '海北州工业和信息化局' }).waitFor();
      await lateRow.getByTestId('late-remind').click();
      // It says what went out where: the inbox, and plainly that no e-mail or robot is configured.
      const delivery = office.page.getByTestId('delivery-report');
      await delivery.getByText('已向 海北州工业和信息化局 发送催报').waitFor();
      expect(await delivery.getByTestId('delivery-inbox').textContent()).toContain('已发送');
      expect(await delivery.getByTestId('delivery-email').textContent()).toContain('未配置');
      expect(await delivery.getByTestId('delivery-webhook').textContent()).toContain('未配置');
      await delivery.getByTestId('delivery-no-external').waitFor();
      await shot(office.page, 'reporting-13-completeness-reminded');

      // 12. The reporter's bell counts the notices (last month's approval, the return, this
      // approval, the reminder); the inbox shows the reminder first and marks them read.
      await rep.page.goto(`${base}/reporting/my`);
      await expect.poll(() => rep.page.getByTestId('inbox-count').textContent(), { timeout: 10_000 }).toContain('4');
      await rep.page.getByTestId('inbox-bell').click();
      await rep.page.waitForURL(/\/inbox$/);
      const message = rep.page.getByTestId('inbox-item').first();
      await message.waitFor();
      expect(await message.textContent()).toContain('海北州网络投资月报');
      await shot(rep.page, 'reporting-14-inbox');
      for (let n = 4; n > 0; n--) {
        await rep.page.getByTestId('inbox-mark-read').first().click();
        await expect.poll(() => rep.page.getByTestId('inbox-mark-read').count()).toBe(n - 1);
      }
      await expect.poll(async () => (await rep.page.getByTestId('inbox-count').textContent())?.trim() ?? '').toBe('');

      // 13. The same form in English.
      await rep.page.goto(`${base}/reporting/submissions/${submissionId}`);
      await rep.page.getByTestId('lang-switch').click();
      await rep.page.getByRole('tab', { name: 'Figures' }).waitFor();
      await rep.page.getByTestId('submission-status').filter({ hasText: 'Approved' }).waitFor();
      await shot(rep.page, 'reporting-15-english');

      expect(rep.problems).toEqual([]);
      expect(office.problems).toEqual([]);
    } catch (e) {
      await screenshot(rep.page, 'reporting-failure-reporter').catch(() => {});
      if (office) await screenshot(office.page, 'reporting-failure-office').catch(() => {});
      throw e;
    } finally {
      await rep.ctx.close();
      await office?.ctx.close();
    }
  }, 180_000);
  it('a form with hundreds of cells renders only what is on screen, filters, and still autosaves', async () => {
    // 300 townships under 门源 × 2 elements = 600 cells for one county bureau.
    const towns = Array.from({ length: 300 }, (_, i) => ({
      code: `632221${String(i + 1).padStart(3, '0')}`,
      name: `门源乡镇${i + 1}号`,
      level: 4,
      parent_code: '632221',
      full_name: `青海省海北藏族自治州门源回族自治县门源乡镇${i + 1}号`,
    }));
    await db.kysely.insertInto('divisions').values(towns).execute();
    const bureau = await db.kysely.insertInto('units').values({ name: '门源县农牧局', division_code: '632221', kind: 'department' }).returning('id').executeTakeFirstOrThrow();
    const who = await createUser(db, { role: 'reporter', unitId: Number(bureau.id), username: 'e2e-rep-towns' });
    const herds = await createDataElement(db, SYSTEM, { code: 'herd_households', name: '牧户数', valueType: 'integer', unit: '户', periodType: 'M', temporal: 'stock', spatial: 'sum', divisionLevel: 4, min: 0 });
    const covered = await createDataElement(db, SYSTEM, { code: 'covered_households', name: '已通宽带牧户数', valueType: 'integer', unit: '户', periodType: 'M', temporal: 'stock', spatial: 'sum', divisionLevel: 4, min: 0 });
    const form = await createForm(db, SYSTEM, {
      code: 'MY-TOWN-M', name: '门源县乡镇宽带月报', periodType: 'M', dueRule: { kind: 'offset', days: 10 }, graceDays: 60,
      startsOn: monthsAgo(0).start, endsOn: monthsAhead(1).end, includesProgress: false,
      elements: [{ elementId: herds.id, required: false }, { elementId: covered.id, required: false }],
      assignments: [{ unitId: Number(bureau.id), divisionCode: '632221' }], rules: [],
    });
    const sub = await openSubmission(db, SYSTEM, { id: who.id, role: 'reporter', unitId: Number(bureau.id), divisionCode: null }, { formId: form.id, unitId: Number(bureau.id), period });

    const { ctx, page, problems } = await signIn(who);
    try {
      await page.goto(`${base}/reporting/submissions/${sub.id}`);
      const table = page.getByTestId('values-table');
      await table.locator(`#v-${herds.code}-632221001`).waitFor();
      const rendered = await table.locator('input[id^="v-"]').count();
      expect(rendered).toBeGreaterThan(0);
      expect(rendered).toBeLessThan(100);
      await screenshot(page, 'reporting-16-many-rows');

      // Filtering by a township finds it among the 600 cells; its value saves like any other.
      await table.getByPlaceholder('筛选区划或数据元').fill('门源乡镇250号');
      await table.locator(`#v-${covered.code}-632221250`).fill('87');
      await waitSaved(page);
      const saved = await getSubmission(db, adminUser, sub.id);
      expect(saved.values).toHaveLength(600);
      expect(saved.values.find((c) => c.elementId === covered.id && c.divisionCode === '632221250')?.value).toBe(87);
      expect(problems).toEqual([]);
    } catch (e) {
      await screenshot(page, 'reporting-failure-many-rows').catch(() => {});
      throw e;
    } finally {
      await ctx.close();
    }
  }, 120_000);
  it('the office defines a data element (a repeated code refused in the dialog) and unlocks a locked period', async () => {
    const { ctx, page, problems } = await signIn(admin);
    try {
      await page.getByTestId('main-menu').getByText('数据元', { exact: true }).click();
      await page.getByTestId('elements-table').getByText('固定宽带家庭用户数').waitFor();
      const create = async (code: string, name: string) => {
        await page.getByTestId('element-create').click();
        await page.locator('.ant-modal #code').fill(code);
        await page.locator('.ant-modal #name').fill(name);
        await page.locator('.ant-modal #unit').fill('个');
        await page.locator('.ant-modal #jumpPercent').fill('80');
        await page.locator('.ant-modal .ant-btn-primary').click();
      };
      await create('new_4g_sites', '新建4G基站数');
      await page.getByTestId('elements-table').locator('tr', { hasText: '新建4G基站数' }).filter({ hasText: '80%' }).waitFor();
      const stored = await db.kysely.selectFrom('data_elements').select(['unit', 'max_jump_share', 'division_level']).where('code', '=', 'new_4g_sites').executeTakeFirstOrThrow();
      expect(stored).toEqual({ unit: '个', max_jump_share: 0.8, division_level: 3 });
      await create('new_4g_sites', '新建4G基站数（重复）');
      await page.locator('.ant-modal .ant-alert-error').waitFor();
      // The server names the field: the message sits under 代码.
      await page.locator('.ant-modal .ant-form-item-explain-error').filter({ hasText: 'new_4g_sites' }).waitFor();
      await screenshot(page, 'reporting-17-element-duplicate');
      expect(await db.kysely.selectFrom('data_elements').select('id').where('code', '=', 'new_4g_sites').execute()).toHaveLength(1);

      // A form whose periods are all locked: the office unlocks one for every unit, with a reason.
      const old = await createForm(db, SYSTEM, {
        code: 'HB-OLD-M', name: '海北州旧月报', periodType: 'M', dueRule: { kind: 'offset', days: 0 }, graceDays: 0,
        startsOn: monthsAgo(4).start, endsOn: monthsAgo(3).end, includesProgress: false,
        elements: [{ elementId: users.id, required: true }], assignments: [{ unitId, divisionCode: '6322' }], rules: [],
      });
      await page.locator('.ant-modal .ant-btn').filter({ hasText: /取\s*消/ }).click();
      await page.locator('.ant-modal').waitFor({ state: 'hidden' });
      await page.getByTestId('main-menu').getByText('报表', { exact: true }).click();
      const formRow = page.getByTestId('forms-table').locator('tr', { hasText: 'HB-OLD-M' });
      await formRow.locator('.ant-table-row-expand-icon').click();
      const firstLocked = page.getByTestId('period-unlock').first();
      await firstLocked.waitFor();
      await firstLocked.click();
      const until = monthsAhead(1).end;
      await page.locator('.ant-modal input[type=date]').fill(until);
      await page.locator('.ant-modal textarea').fill('补报历史数据');
      await page.locator('.ant-modal .ant-btn-primary').click();
      await page.getByText(`${monthsAgo(4).code} 已解锁`).waitFor();
      const unlock = await db.kysely.selectFrom('period_unlocks').select(['unit_id', 'period', 'reason']).where('form_id', '=', old.id).executeTakeFirstOrThrow();
      expect(unlock).toEqual({ unit_id: null, period: monthsAgo(4).code, reason: '补报历史数据' });
      await screenshot(page, 'reporting-18-forms-unlocked');
      expect(problems).toEqual([]);
    } catch (e) {
      await screenshot(page, 'reporting-failure-elements').catch(() => {});
      throw e;
    } finally {
      await ctx.close();
    }
  }, 60_000);
});
