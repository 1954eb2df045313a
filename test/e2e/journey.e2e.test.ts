import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { today } from '../../src/kernel/clock.ts';
import { createUser } from '../app.ts';
import { browserAvailable, openSession, pickOption, screenshot, startWebStack, type WebStack } from './browser.ts';

const enabled = browserAvailable();

/**
 * An office's own plan from document to live tracking, in the browser alone (issue 11's path): on
 * an empty installation with one admin account, the office loads its prefecture, imports a plan it
 * wrote (not a seed), filters and bulk-accepts its tasks, merges a unit named twice, fixes the
 * metadata and whatever the checklist asks, activates, links the target to an indicator it creates
 * from it, builds the form from the plan's duty, creates the reporter's account; the reporter
 * changes its password, fills and submits; the office approves; the dashboard shows the target
 * with a value and a status. The test makes no API call of its own: every step is a click or a key.
 */
const Y = Number(today().slice(0, 4));
const PLAN = `广州市番禺区人民政府办公室关于印发番禺区加快光纤宽带网络建设工作方案的通知

番府办〔${Y}〕8号

各镇人民政府、街道办事处，区政府各部门：
　　《番禺区加快光纤宽带网络建设工作方案》已经区人民政府同意，现印发给你们，请认真贯彻执行。

广州市番禺区人民政府办公室
${Y}年1月15日

番禺区加快光纤宽带网络建设工作方案

一、工作目标
　　到${Y + 2}年，全区光纤入户率达到90%以上。

二、主要任务
　　（一）推进光纤到户改造。加快老旧小区和城中村光纤改造。（牵头单位：区工信局；责任单位：番禺区人民政府、各镇街）
　　（二）扩大公共场所无线覆盖。在主要公共场所部署免费无线局域网。（牵头单位：番禺区；责任单位：区工信局）
　　（三）推进政务外网升级。完成区级政务外网扩容。（牵头单位：区政务服务数据管理局）

三、保障措施
　　（一）加强统筹协调。区工信局负责统筹推进各项工作。
　　（二）建立报送制度。区工信局每月向区人民政府报送光纤入户情况。
`;

describe.skipIf(!enabled)('from the office’s own plan to live tracking (browser)', () => {
  let stack: WebStack;
  let browser: Browser;
  let base: string;
  let admin: { username: string; password: string };
  let planFile: string;
  const reporter = { username: 'panyu-gxj', password: 'Temporary-pass-91', newPassword: 'Panyu-fiber-2026' };

  beforeAll(async () => {
    planFile = join(mkdtempSync(join(tmpdir(), 'luoshi-journey-')), '番禺区加快光纤宽带网络建设工作方案.txt');
    writeFileSync(planFile, PLAN);
    // An empty installation: startWebStack's database is freshly migrated with no content, and the
    // one thing made outside the browser is the first admin account (the first run prints it).
    stack = await startWebStack(async (db) => {
      admin = await createUser(db, { role: 'admin', username: 'e2e-journey-admin' });
    });
    ({ browser, base } = stack);
  }, 240_000);

  afterAll(async () => {
    await stack?.close();
  });

  /** A context of its own, signed in: the office and the reporter side by side. */
  const session = (who: { username: string; password: string }) => openSession(browser, base, who, { viewport: { width: 1440, height: 960 } });

  const pick = pickOption;

  it('loads, imports, reviews, activates, links, builds a form; the reporter reports; the dashboard judges the target', async () => {
    const office = await session(admin);
    const page = office.page;
    let rep: Awaited<ReturnType<typeof session>> | null = null;
    const modal = page.locator('.ant-modal:visible');
    const entry = (code: string) => page.locator(`[data-testid=check-entry][data-code=${code}]`);
    try {
      // 1. The prefecture, loaded while the server runs.
      await page.goto(`${base}/divisions`);
      await page.getByTestId('division-load-choose').click();
      await page.keyboard.type('广州');
      await page.locator('.ant-select-tree-node-content-wrapper', { hasText: '广州市' }).first().click();
      await page.keyboard.press('Escape');
      await page.getByTestId('division-load-start').click();
      await page.getByTestId('division-load-progress').getByText(/已加载 广州市/).waitFor({ timeout: 120_000 });

      // 2. The plan, imported from the office's own file.
      await page.goto(`${base}/plans`);
      await page.getByTestId('plan-import').click();
      await page.locator('.ant-modal input[type=file]').setInputFiles(planFile);
      await page.locator('#plan-division').click();
      await page.keyboard.type('番禺');
      await page.locator('.ant-select-item-option', { hasText: '440113' }).first().click();
      await page.getByTestId('plan-import-submit').click();
      await page.waitForURL(/\/plans\/\d+\/review$/);
      const planId = Number(/\/plans\/(\d+)\/review$/.exec(page.url())![1]);
      await page.getByTestId('plan-title').filter({ hasText: '光纤宽带' }).waitFor();

      // 3. Tasks filtered, then all accepted at once; the target too.
      await page.getByRole('tab', { name: /^任务/ }).click();
      const tasks = page.getByTestId('items-task').getByTestId('plan-item');
      await expect.poll(() => tasks.count()).toBeGreaterThanOrEqual(3);
      const all = await tasks.count();
      await page.getByTestId('filter-q').locator('input').fill('光纤');
      await expect.poll(() => tasks.count()).toBeLessThan(all);
      await page.getByTestId('filter-q').locator('input').fill('');
      await expect.poll(() => tasks.count()).toBe(all);
      await page.getByTestId('select-all').click();
      await page.getByTestId('bulk-accept').click();
      await expect.poll(async () => (await tasks.getByTestId('item-status').allTextContents()).every((s) => s === '已接受')).toBe(true);
      await page.getByRole('tab', { name: /^指标目标/ }).click();
      const targets = page.getByTestId('items-target').getByTestId('plan-item');
      await targets.filter({ hasText: '光纤入户率' }).first().waitFor();
      await page.getByTestId('select-all').click();
      await page.getByTestId('bulk-accept').click();

      // 4. 番禺区 is 番禺区人民政府: merged from the suggestion; 区工信局 confirmed as a unit of the registry.
      await page.getByTestId('plan-units').click();
      const panyu = page.locator('[data-testid=proposed-unit][data-unit-name="番禺区"]');
      await panyu.waitFor();
      await panyu.getByTestId('merge-suggestion').filter({ hasText: '番禺区人民政府' }).first().click();
      await expect.poll(() => panyu.count()).toBe(0);
      const gxj = page.locator('[data-testid=proposed-unit][data-unit-name="区工信局"]');
      await gxj.getByTestId('confirm-unit').click();
      await expect.poll(() => gxj.count()).toBe(0);
      await page.locator('.ant-drawer-close').click();

      // 5. Metadata and whatever else the checklist asks, fixed in place; then activation.
      if (await entry('no_period_end').count()) {
        await entry('no_period_end').getByTestId('check-fix').first().click();
        await modal.locator('#meta-periodEnd').fill(String(Y + 2));
        await page.getByTestId('meta-save').click();
        await expect.poll(() => entry('no_period_end').count()).toBe(0);
      }
      if (await entry('duty_no_frequency').count()) {
        await entry('duty_no_frequency').getByTestId('check-fix').first().click();
        await modal.locator('#frequency').click();
        await page.locator('.ant-select-item-option').filter({ hasText: /^每月$/ }).click();
        await modal.getByText('下期第 N 日（如“每月5日前”）').click();
        await modal.locator('#dueDay').fill('10');
        await page.getByTestId('item-save').click();
        await expect.poll(() => entry('duty_no_frequency').count()).toBe(0);
      }
      await page.getByTestId('checklist-ready').waitFor();
      await page.getByTestId('plan-activate').click();
      await page.getByTestId('plan-activate-confirm').click();
      await page.waitForURL(new RegExp(`/plans/${planId}$`));
      await page.getByTestId('plan-status').filter({ hasText: '执行中' }).waitFor();
      await screenshot(page, 'journey-1-activated');

      // 6. The target linked to an indicator made from it: 光纤入户用户数 ÷ 家庭户数 × 100, per county, monthly.
      const panel = page.getByTestId('target-links');
      await panel.scrollIntoViewIfNeeded();
      const actions = panel.locator('[data-testid^=tl-actions-]').first();
      await actions.getByTestId('tl-create').click();
      const create = page.locator('.ant-modal', { hasText: '按目标新建指标' });
      await create.locator('#tl-code').fill('PY_FTTH');
      await create.locator('#tl-name').fill('光纤入户率');
      await create.locator('#tl-num-code').fill('py_ftth_users');
      await create.locator('#tl-num-name').fill('光纤入户用户数');
      await create.locator('#tl-num-unit').fill('户');
      await create.getByTestId('tl-den-mode').getByText('新建数据项').click();
      await create.locator('#tl-den-code').fill('py_households');
      await create.locator('#tl-den-name').fill('家庭户数');
      await create.locator('#tl-den-unit').fill('户');
      await pick(page, '#tl-level', '', '县（区）', '县（区）');
      await pick(page, '#tl-frequency', '', '判断频度：月', '判断频度：月');
      // The plan states no baseline: the office knows last year's figure.
      await create.locator('#tl-base-at').fill(String(Y - 1));
      await create.locator('#tl-base-value').fill('60');
      await page.getByTestId('tl-create-ok').click();
      await panel.getByTestId('tl-linked').filter({ hasText: '光纤入户率' }).getByTestId('tl-linked-frequency').filter({ hasText: '判断频度：月' }).waitFor();

      // 7. The form, built from the plan's monthly duty: both elements, 区工信局 for 番禺区.
      await page.getByTestId('duty-build-form').first().click();
      await page.waitForURL(/\/reporting\/forms\?plan=\d+&duty=\d+/);
      const builder = page.getByTestId('form-builder');
      await page.locator('#fb-code').fill('PY-FTTH-M');
      await pick(page, '#fb-add-element', '光纤入户用户数', '光纤入户用户数');
      await pick(page, '#fb-add-element', '家庭户数', '家庭户数');
      await pick(page, '#fb-unit', '工信局', '区工信局', '区工信局');
      await pick(page, '#fb-division', '番禺', '440113');
      await builder.getByTestId('fb-add-assignment').click();
      await builder.getByTestId('fb-preview').getByTestId('values-table').getByText('光纤入户用户数').waitFor();
      await builder.getByTestId('fb-save').click();
      await page.getByTestId('forms-table').getByText('PY-FTTH-M').waitFor();

      // 8. The reporter's account, for 区工信局.
      await page.goto(`${base}/users`);
      await page.getByRole('button', { name: '新建用户' }).click();
      const drawer = page.locator('.ant-drawer:visible');
      await drawer.locator('#username').fill(reporter.username);
      await drawer.locator('#displayName').fill('区工信局 信息科');
      await pick(page, '.ant-drawer:visible #role', '', '填报员', '填报员');
      await pick(page, '.ant-drawer:visible #unitId', '工信局', '区工信局', '区工信局');
      await drawer.locator('#password').fill(reporter.password);
      await drawer.getByRole('button', { name: /保\s*存/ }).click();
      await page.getByText(reporter.username).first().waitFor();

      // 9. The reporter: a new password first, then the due report, filled and submitted.
      rep = await session(reporter);
      const pw = rep.page.locator('.ant-modal:visible');
      await pw.locator('#oldPassword').fill(reporter.password);
      await pw.locator('#newPassword').fill(reporter.newPassword);
      await pw.locator('#confirm').fill(reporter.newPassword);
      await pw.locator('.ant-btn-primary').click();
      await pw.waitFor({ state: 'detached' });
      await rep.page.goto(`${base}/reporting/my`);
      const due = rep.page.getByTestId('my-due').locator('tr', { hasText: 'PY-FTTH-M' }).or(rep.page.getByTestId('my-due').locator('tr', { hasText: '光纤入户' }));
      await due.first().getByTestId('due-open').click();
      await rep.page.getByTestId('values-table').waitFor();
      await rep.page.locator('input[id^="v-py_ftth_users-"]').first().fill('72000');
      await rep.page.locator('input[id^="v-py_households-"]').first().fill('100000');
      await rep.page.getByTestId('save-status').filter({ hasText: /已保存/ }).waitFor({ timeout: 30_000 });
      await rep.page.getByTestId('submission-submit').click();
      await rep.page.getByTestId('submit-confirm-ok').click();
      await rep.page.getByTestId('submission-status').filter({ hasText: /已提交|待审核/ }).waitFor();
      await screenshot(rep.page, 'journey-2-submitted');

      // 10. The office approves it from the review queue.
      await page.goto(`${base}/reporting/review`);
      await page.getByTestId('review-queue').locator('tr', { hasText: '区工信局' }).getByTestId('queue-open').click();
      await page.getByTestId('review-approve').click();
      await page.getByTestId('review-approve-confirm').click();
      await page.getByTestId('submission-status').filter({ hasText: '已通过' }).waitFor();

      // 11. The target is alive on the dashboard: a value and a status.
      // Under a loaded machine the first read can come before the approval's answer reached every
      // reader; a leader who opens the dashboard again sees it, and so does this check (bounded).
      const card = page.getByTestId('trajectory-card').filter({ hasText: '光纤入户率' });
      await expect
        .poll(
          async () => {
            await page.goto(`${base}/plans/${planId}/dashboard`);
            await card.waitFor();
            await card.getByText(/最新 72/).waitFor({ timeout: 5_000 }).catch(() => undefined);
            return (await card.textContent()) ?? '';
          },
          { timeout: 60_000, interval: 2_000 },
        )
        .toMatch(/最新 72（\d{4}M\d{2}）/);
      const tag = (await card.locator('.ant-card-extra').textContent()) ?? '';
      expect(tag).not.toBe('');
      expect(tag).not.toContain('无数据');
      await screenshot(page, 'journey-3-dashboard');
      expect(office.problems).toEqual([]);
      expect(rep.problems).toEqual([]);
    } catch (e) {
      await screenshot(page, 'journey-failure-office').catch(() => {});
      if (rep) await screenshot(rep.page, 'journey-failure-reporter').catch(() => {});
      throw e;
    } finally {
      await office.ctx.close();
      await rep?.ctx.close();
    }
  }, 600_000);
});
