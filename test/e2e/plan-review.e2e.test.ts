import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SYSTEM } from '../../src/platform/audit.ts';
import type { Db } from '../../src/platform/db/database.ts';
import { createUnit } from '../../src/divisions/unit.service.ts';
import { createUser } from '../app.ts';
import { TIANHE_DIVISIONS, TIANHE_PLAN } from '../tracking-plan.ts';
import { browserAvailable, screenshot, signIn, startWebStack, type WebStack } from './browser.ts';

const enabled = browserAvailable();

/** Selects the text `needle` in the source pane as a reader would, and lets the page see the mouseup. */
async function selectSource(page: Page, needle: string): Promise<void> {
  const found = await page.evaluate((n) => {
    const box = document.querySelector('[data-testid=plan-source]');
    if (!box) return false;
    const walker = document.createTreeWalker(box, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      const i = node.textContent?.indexOf(n) ?? -1;
      if (i < 0) continue;
      const r = document.createRange();
      r.setStart(node, i);
      r.setEnd(node, i + n.length);
      const s = window.getSelection()!;
      s.removeAllRanges();
      s.addRange(r);
      box.dispatchEvent(new MouseEvent('mouseup', { bubbles: true }));
      return true;
    }
    return false;
  }, needle);
  expect(found).toBe(true);
}

// Review at scale and activation as a checklist, in the browser: a plan the test writes (its period
// only in the text, a duty saying only 定期, 天河区 and 天河区人民政府 as two units) is imported, filtered,
// bulk-accepted, its duplicate unit merged, its metadata edited, its duties fixed from the checklist, and activated.
describe.skipIf(!enabled)('plan review at scale (browser)', () => {
  let stack: WebStack;
  let db: Db;
  let browser: Browser;
  let base: string;
  let admin: { username: string; password: string };
  let planFile: string;

  beforeAll(async () => {
    stack = await startWebStack(async (d) => {
      db = d;
      await db.kysely.insertInto('divisions').values(TIANHE_DIVISIONS).execute();
      await createUnit(db, SYSTEM, { name: '天河区科工信局', divisionCode: '440106', kind: 'department', aliases: [] });
      admin = await createUser(db, { role: 'admin', username: 'e2e-review-admin' });
      planFile = join(mkdtempSync(join(tmpdir(), 'luoshi-review-')), '天河区智慧城市工作方案.txt');
      writeFileSync(planFile, TIANHE_PLAN);
    });
    ({ browser, base } = stack);
  });

  afterAll(async () => {
    await stack?.close();
  });

  it('imports, filters, bulk-accepts, merges a unit, edits metadata, fixes the checklist and activates', async () => {
    const page = await browser.newPage({ locale: 'zh-CN', viewport: { width: 1500, height: 1000 } });
    const problems: string[] = [];
    page.on('pageerror', (e) => problems.push(`pageerror: ${e.message}`));
    const entry = (code: string) => page.locator(`[data-testid=check-entry][data-code=${code}]`);
    const modal = page.locator('.ant-modal:visible');
    try {
      await signIn(page, base, admin);
      await page.goto(`${base}/plans`);
      await page.getByTestId('plan-import').click();
      await page.locator('.ant-modal input[type=file]').setInputFiles(planFile);
      await page.locator('#plan-division').click();
      await page.keyboard.type('天河');
      await page.locator('.ant-select-item-option', { hasText: '440106' }).first().click();
      await page.getByTestId('plan-import-submit').click();
      await page.waitForURL(/\/plans\/\d+\/review$/);
      await page.getByTestId('plan-title').filter({ hasText: '智慧城市' }).waitFor();

      // The checklist says up front what activation needs; activation is not offered yet.
      await entry('duty_no_frequency').waitFor();
      expect(await entry('duty_no_frequency').getAttribute('data-severity')).toBe('blocking');
      // The period is read from the text (到2018年), so no missing period end is reported.
      await expect.poll(() => page.getByTestId('plan-period').textContent()).toBe('2016–2018');
      expect(await entry('no_period_end').count()).toBe(0);
      await entry('proposed_units').waitFor();
      expect(await page.getByTestId('plan-activate').isDisabled()).toBe(true);

      // Filter the tasks, then accept them all in one step.
      await page.getByRole('tab', { name: /^任务/ }).click();
      const tasks = page.getByTestId('items-task').getByTestId('plan-item');
      await expect.poll(() => tasks.count()).toBe(3);
      await page.getByTestId('filter-q').locator('input').fill('光纤');
      await expect.poll(() => tasks.count()).toBe(1);
      expect(await page.getByTestId('shown-count').textContent()).toContain('显示 1 / 3 项');
      await page.getByTestId('filter-q').locator('input').fill('');
      await expect.poll(() => tasks.count()).toBe(3);
      await page.getByTestId('select-all').click();
      await expect.poll(() => page.getByTestId('shown-count').textContent()).toContain('已选 3 项');
      await page.getByTestId('bulk-accept').click();
      await expect.poll(async () => (await tasks.getByTestId('item-status').allTextContents()).join(',')).toBe('已接受,已接受,已接受');
      await screenshot(page, 'plan-review-bulk');

      // 天河区 is 天河区人民政府: merge the proposal into its twin from the suggestions.
      await page.getByTestId('plan-units').click();
      const tianhe = page.locator('[data-testid=proposed-unit][data-unit-name="天河区"]');
      await tianhe.waitFor();
      const suggestion = tianhe.getByTestId('merge-suggestion').first();
      expect(await suggestion.textContent()).toContain('天河区人民政府');
      await suggestion.click();
      await expect.poll(() => tianhe.count()).toBe(0);
      await screenshot(page, 'plan-review-units');
      await page.locator('.ant-drawer-close').click();
      const wireless = tasks.filter({ hasText: '建设公共无线网络' });
      await expect.poll(async () => (await wireless.getByTestId('item-unit').allTextContents()).join(',')).toContain('天河区人民政府');
      expect((await wireless.getByTestId('item-unit').allTextContents()).join(',')).not.toMatch(/(^|,)天河区(,|$|（)/);

      // A hand-added item from text selected in the source keeps its span.
      await selectSource(page, '成立区智慧城市建设领导小组');
      await page.getByTestId('item-from-selection').click();
      expect(await modal.locator('#title').inputValue()).toBe('成立区智慧城市建设领导小组');
      // Its lead unit comes from the registry picker, so it links to the unit instead of proposing a new one.
      await page.getByTestId('picker-leadUnits').locator('.ant-select').click();
      await page.keyboard.type('科工信');
      await page.locator('.ant-select-item-option', { hasText: '天河区科工信局' }).click();
      expect(await modal.locator('#leadUnits').inputValue()).toBe('天河区科工信局');
      await page.getByTestId('item-save').click();
      const added = tasks.filter({ hasText: '成立区智慧城市建设领导小组' });
      await added.waitFor();
      expect(await added.getByTestId('item-status').textContent()).toBe('新增');
      expect(await added.getByTestId('item-unit').allTextContents()).toEqual(['天河区科工信局']);
      await added.click();
      await expect.poll(() => page.getByTestId('source-mark').textContent()).toBe('成立区智慧城市建设领导小组');

      // Metadata: the period end read from the text is shown for editing; the title is corrected.
      await page.getByTestId('plan-meta-edit').click();
      expect(await modal.locator('#meta-periodEnd').inputValue()).toBe('2018');
      await modal.locator('#meta-title').fill('天河区推进智慧城市建设工作方案');
      await page.getByTestId('meta-save').click();
      await expect.poll(() => page.getByTestId('plan-period').textContent()).toBe('2016–2018');
      await page.getByTestId('plan-title').filter({ hasText: /^天河区推进智慧城市建设工作方案$/ }).waitFor();

      // The 定期 duty: a frequency and "每月5日前" as a rule.
      await entry('duty_no_frequency').getByTestId('check-fix').click();
      await modal.locator('#frequency').click();
      await page.locator('.ant-select-item-option').filter({ hasText: /^每月$/ }).click();
      await modal.getByText('下期第 N 日（如“每月5日前”）').click();
      await modal.locator('#dueDay').fill('5');
      await page.getByTestId('item-save').click();
      await expect.poll(() => entry('duty_no_frequency').count()).toBe(0);

      // The quarterly duty: dates per labelled period, one before its period ends refused in place.
      await page.getByRole('tab', { name: /^报送要求/ }).click();
      const quarterly = page.getByTestId('items-reporting').getByTestId('plan-item').filter({ hasText: '每季度' });
      await quarterly.getByTestId('item-edit').click();
      await modal.getByText('按期指定日期').click();
      await modal.getByText('第一季度 报送截止').waitFor();
      await modal.locator('#due_0').fill('03-20');
      await page.getByTestId('item-save').click();
      await modal.locator('.ant-form-item-explain-error', { hasText: '须晚于第一季度结束（03-31）' }).waitFor();
      await modal.locator('#due_0').fill('04-10');
      await modal.locator('#due_1').fill('07-10');
      await modal.locator('#due_2').fill('10-10');
      await modal.locator('#due_3').fill('01-10');
      await page.getByTestId('item-save').click();
      await modal.waitFor({ state: 'detached' });

      // Nothing blocks now: activation lists the warnings it goes ahead with.
      await page.getByTestId('checklist-ready').waitFor();
      await screenshot(page, 'plan-review-checklist');
      await page.getByTestId('plan-activate').click();
      const warnings = page.getByTestId('activate-warnings');
      await warnings.waitFor();
      expect(await warnings.textContent()).toContain('待确认单位');
      await page.getByTestId('plan-activate-confirm').click();
      await page.waitForURL(/\/plans\/\d+$/);
      await page.getByTestId('plan-status').filter({ hasText: '执行中' }).waitFor();
      await page.getByTestId('plan-calendar').getByText('2016-04-05').first().waitFor();
      await page.getByTestId('plan-calendar').getByText('2016-04-10').first().waitFor();
      await screenshot(page, 'plan-review-activated');
      expect(problems).toEqual([]);
    } catch (e) {
      await screenshot(page, 'plan-review-failure').catch(() => {});
      throw e;
    } finally {
      await page.close();
    }
  }, 180_000);
});
