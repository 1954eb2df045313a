import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createUser } from '../app.ts';
import { divisions } from '../factories.ts';
import { browserAvailable, openSession, ROOT, screenshot, startWebStack, type WebStack } from './browser.ts';

const enabled = browserAvailable();
const PLAN_FILE = join(ROOT, 'examples', 'plans', '000_a21303be5ef81ba7.txt');

// The plans pages end to end: the admin imports a plan, reviews it against its source text
// (highlighting, deleting an item), activates it and sees the overview with the reporting calendar.
describe.skipIf(!enabled)('plans (browser)', () => {
  let stack: WebStack;
  let base: string;
  let admin: { username: string; password: string };

  beforeAll(async () => {
    stack = await startWebStack(async (db) => {
      await divisions(db, [
        { code: '63', name: '青海省', level: 1, parent_code: null, full_name: '青海省' },
        { code: '6322', name: '海北藏族自治州', level: 2, parent_code: '63', full_name: '青海省海北藏族自治州' },
      ]);
      admin = await createUser(db, { role: 'admin', username: 'e2e-plans-admin' });
    });
    ({ base } = stack);
  });

  afterAll(async () => {
    await stack?.close();
  });

  it('admin imports, reviews and activates a plan', async () => {
    const { ctx, page, problems } = await openSession(stack.browser, base, admin);
    try {
      const menu = page.getByTestId('main-menu');
      await menu.getByText('方案', { exact: true }).click();
      await page.waitForURL(/\/plans$/);

      // Import: the file and the division 6322.
      await page.getByTestId('plan-import').click();
      await page.locator('.ant-modal input[type=file]').setInputFiles(PLAN_FILE);
      await page.locator('#plan-division').click();
      await page.keyboard.type('海北');
      await page.locator('.ant-select-item-option', { hasText: '6322' }).first().click();
      await page.getByTestId('plan-import-submit').click();
      await page.waitForURL(/\/plans\/\d+\/review$/);
      await page.getByTestId('plan-title').filter({ hasText: '宽带' }).waitFor();

      // A task highlights its span in the source text.
      await page.getByRole('tab', { name: /^任务/ }).click();
      const tasks = page.getByTestId('items-task').locator('.ant-list-item');
      await tasks.first().waitFor();
      await tasks.first().click();
      const mark = page.getByTestId('source-mark');
      await mark.waitFor({ state: 'visible' });
      expect((await mark.textContent())?.length ?? 0).toBeGreaterThan(0);
      await screenshot(page, 'plans-review');

      // Delete one item: it shows as deleted, struck through.
      const victim = tasks.nth(1);
      await victim.getByTestId('item-delete').click();
      await expect.poll(() => victim.getByTestId('item-status').textContent()).toBe('已删除');
      expect(await victim.locator('del').count()).toBeGreaterThan(0);

      // Accept one item and edit another's title through the form.
      await tasks.nth(2).getByTestId('item-accept').click();
      await expect.poll(() => tasks.nth(2).getByTestId('item-status').textContent()).toBe('已接受');
      await tasks.nth(3).getByTestId('item-edit').click();
      await page.locator('.ant-modal #title').fill('各县各部门成立组织机构');
      await page.locator('.ant-modal .ant-btn-primary').click();
      await expect.poll(() => tasks.nth(3).getByTestId('item-label').textContent()).toBe('各县各部门成立组织机构');
      expect(await tasks.nth(3).getByTestId('item-status').textContent()).toBe('已编辑');

      // Activate with confirmation → overview.
      await page.getByTestId('plan-activate').click();
      await page.getByTestId('plan-activate-confirm').click();
      await page.waitForURL(/\/plans\/\d+$/);
      await page.getByTestId('plan-status').filter({ hasText: '执行中' }).waitFor();
      await page.getByTestId('plan-calendar').getByText('2014-04-08').first().waitFor();
      await screenshot(page, 'plans-overview');
      expect(problems).toEqual([]);
    } catch (e) {
      await screenshot(page, 'plans-failure').catch(() => {});
      throw e;
    } finally {
      await ctx.close();
    }
  }, 60_000);
});
