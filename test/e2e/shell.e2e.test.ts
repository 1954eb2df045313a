import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createUser } from '../app.ts';
import { browserAvailable, screenshot, startWebStack, type WebStack } from './browser.ts';

const enabled = browserAvailable();

// The web shell end to end: the real server (in-process, PGlite in memory) serving the built app
// to Debian's Chromium. Admin signs in, creates a unit through the UI and sees it listed; a
// reporter sees no administration menu.
describe.skipIf(!enabled)('web shell (browser)', () => {
  let stack: WebStack;
  let browser: Browser;
  let base: string;
  let admin: { username: string; password: string };
  let reporter: { username: string; password: string };

  beforeAll(async () => {
    stack = await startWebStack(async (d) => {
      admin = await createUser(d, { role: 'admin', username: 'e2e-admin' });
      reporter = await createUser(d, { role: 'reporter', username: 'e2e-reporter' }); // also seeds division 11 北京市
    });
    ({ browser, base } = stack);
  });

  afterAll(async () => {
    await stack?.close();
  });

  async function signIn(page: Page, who: { username: string; password: string }) {
    await page.goto(`${base}/`);
    await page.waitForURL(/\/login$/);
    await page.locator('#login-username').fill(who.username);
    await page.locator('#login-password').fill(who.password);
    await page.getByTestId('login-submit').click();
    await page.getByTestId('main-menu').waitFor();
  }

  it('admin creates a unit; a reporter sees no admin menu', async () => {
    const page = await browser.newPage({ locale: 'zh-CN', viewport: { width: 1280, height: 800 } });
    const problems: string[] = [];
    page.on('pageerror', (e) => problems.push(`pageerror: ${e.message}`));
    try {
      // Wrong password: a Chinese error, no session.
      await page.goto(`${base}/login`);
      await page.locator('#login-username').fill(admin.username);
      await page.locator('#login-password').fill('wrong-password');
      await page.getByTestId('login-submit').click();
      await expect.poll(() => page.getByTestId('login-error').textContent()).toContain('用户名或密码错误');

      await signIn(page, admin);
      const menu = page.getByTestId('main-menu');
      for (const item of ['首页', '行政区划', '单位', '用户', '审计日志']) await menu.getByText(item, { exact: true }).waitFor();
      await screenshot(page, 'shell-admin-home');

      // Create a unit through the drawer form; its name carries markup that must render as text.
      const name = '发展和改革委员会<b>测试</b>';
      await menu.getByText('单位', { exact: true }).click();
      await page.waitForURL(/\/units$/);
      await page.getByTestId('unit-create').click();
      await page.locator('#unit-name').fill(name);
      await page.locator('#unit-division').click();
      await page.keyboard.type('北京');
      await page.locator('.ant-select-item-option', { hasText: '北京市' }).first().click();
      await page.getByTestId('unit-save').click();
      const row = page.getByTestId('units-table').locator('tr', { hasText: name });
      await row.waitFor();
      expect(await row.locator('b').count()).toBe(0);
      await screenshot(page, 'shell-admin-units');

      await page.getByTestId('logout').click();
      await page.waitForURL(/\/login$/);

      // The reporter: the ordinary menu only; the admin pages are refused.
      await signIn(page, reporter);
      await menu.getByText('单位', { exact: true }).waitFor();
      expect(await menu.getByText('用户', { exact: true }).count()).toBe(0);
      expect(await menu.getByText('审计日志', { exact: true }).count()).toBe(0);
      await page.goto(`${base}/users`);
      await page.getByText('没有权限访问此页面').waitFor();
      await screenshot(page, 'shell-reporter-home');
      expect(problems).toEqual([]);
    } catch (e) {
      await screenshot(page, 'shell-failure').catch(() => {});
      throw e;
    } finally {
      await page.close();
    }
  });
});
