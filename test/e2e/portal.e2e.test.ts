import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { monitoredProvince, planWithItems } from '../../src/indicators/status.test-fixtures.ts';
import { saveTargetLink } from '../../src/indicators/target-links.service.ts';
import { SYSTEM } from '../../src/platform/audit.ts';
import type { Db } from '../../src/platform/db/database.ts';
import { publish } from '../../src/publishing/publication.service.ts';
import { createUser } from '../app.ts';
import { broadbandIndex } from '../reporting-fixtures.ts';
import { browserAvailable, openSession, screenshot, startWebStack, type WebStack } from './browser.ts';
import { drawnShare, waitRendered } from './charts.ts';

const enabled = browserAvailable();
const SHOWN = '湖南省宽带中国公开方案';
const HIDDEN = '内部草拟未公开方案';

const target = (indicator: string, value: number, baseline: number) => ({ indicator, scope: null, value, unit: '%', comparator: '>=', deadline: '2015', baseline: { value: baseline, date: '2013' } });

// The open-data portal end to end, signed out: it opens without login, lists the published plan
// and never the unpublished one (not in the list, not by its URL), draws the targets' trajectories
// and serves indicators by division and the index with its method.
describe.skipIf(!enabled)('open-data portal (browser)', () => {
  let stack: WebStack;
  let db: Db;
  let base: string;
  let shownId: number;
  let hiddenId: number;
  let indicatorCode: string;

  beforeAll(async () => {
    stack = await startWebStack(async (d) => {
      db = d;
      const f = await monitoredProvince(db);
      indicatorCode = f.codes.fixed;
      const shown = await planWithItems(db, [
        { key: 'fixed', kind: 'target', data: target('固定宽带家庭普及率', 50, 40) },
        { key: 'villages', kind: 'target', data: target('行政村通宽带比例', 98, 95) },
      ], { title: SHOWN });
      const hidden = await planWithItems(db, [{ key: 'fixed', kind: 'target', data: target('固定宽带家庭普及率', 60, 40) }], { title: HIDDEN });
      shownId = shown.planId;
      hiddenId = hidden.planId;
      await saveTargetLink(db, SYSTEM, shown.planId, shown.ids.fixed, { indicatorId: f.indicators.fixed });
      await saveTargetLink(db, SYSTEM, shown.planId, shown.ids.villages, { indicatorId: f.indicators.villages });
      await saveTargetLink(db, SYSTEM, hidden.planId, hidden.ids.fixed, { indicatorId: f.indicators.fixed });
      await broadbandIndex(db, 'BBI_E2E', f.codes, { description: '按国际电信联盟 IDI 方法编制的宽带发展综合指数', sources: ['ITU, Measuring the Information Society'] });
      await publish(db, SYSTEM, 'plan', String(shown.planId), {});
      await publish(db, SYSTEM, 'indicator', f.codes.fixed, { lowestLevel: 3 });
      await publish(db, SYSTEM, 'index', 'BBI_E2E', { lowestLevel: 2 });
    });
    ({ base } = stack);
  });

  afterAll(async () => {
    await stack?.close();
  });

  async function withPage(fn: (page: Page, problems: string[]) => Promise<void>) {
    // A fresh context: no session cookie, nothing signed in.
    const { ctx, page, problems } = await openSession(stack.browser, base, null);
    try {
      await fn(page, problems);
      expect(problems).toEqual([]);
    } finally {
      await ctx.close();
    }
  }

  it('opens without login and shows the published plan, never the unpublished one', async () => {
    await withPage(async (page) => {
      const seen: string[] = [];
      page.on('response', (r) => {
        if (r.url().includes('/api/')) seen.push(`${r.status()} ${new URL(r.url()).pathname}`);
      });
      await page.goto(`${base}/open`);
      const list = page.getByTestId('portal-plans');
      await list.getByText(SHOWN).waitFor();
      expect(page.url()).toBe(`${base}/open`);
      expect(await page.getByTestId('portal').textContent()).not.toContain(HIDDEN);
      expect(await list.getByTestId('portal-plan-link').count()).toBe(1);
      await expect.poll(() => page.getByTestId('downloads').locator('a').count()).toBe(3);
      await screenshot(page, 'portal-plans');
      // Nothing on the page needed a session: the only 401 is the session probe.
      expect(seen.filter((s) => s.startsWith('401') && !s.endsWith('/api/auth/me'))).toEqual([]);

      await list.getByText(SHOWN).click();
      await page.waitForURL(new RegExp(`/open/plans/${shownId}$`));
      await page.getByTestId('portal-plan-title').filter({ hasText: SHOWN }).waitFor();
      const targets = page.getByTestId('portal-targets');
      await targets.getByText('固定宽带家庭普及率').waitFor();
      await expect.poll(() => targets.getByTestId('target-status').count()).toBe(2);
      const chart = page.getByTestId('portal-trajectory').first();
      await waitRendered(page, chart.locator('[role=img]'));
      expect(await drawnShare(chart.locator('[role=img]'))).toBeGreaterThan(0.005);
      await screenshot(page, 'portal-plan');

      // The unpublished plan by its URL: not found, its title nowhere.
      await page.goto(`${base}/open/plans/${hiddenId}`);
      await page.getByTestId('portal-plan-missing').waitFor();
      expect(await page.content()).not.toContain(HIDDEN);
      await screenshot(page, 'portal-plan-unpublished');
    });
  });

  it('shows indicators by division with drill-down, the index with its method, and switches to English', async () => {
    await withPage(async (page) => {
      await page.goto(`${base}/open/indicators/${indicatorCode}`);
      const values = page.getByTestId('portal-values');
      await values.getByText('湖南省').first().waitFor();
      await values.getByText('湖南省').first().click();
      await values.getByText('长沙市').first().waitFor();
      await screenshot(page, 'portal-indicators');
      // Targets of published plans only.
      const body = await page.getByTestId('portal').textContent();
      expect(body).toContain(SHOWN);
      expect(body).not.toContain(HIDDEN);

      await page.getByTestId('portal-menu').getByText('发展指数').click();
      await page.getByTestId('portal-index-method').getByText('国际电信联盟').waitFor();
      await page.getByTestId('portal-index-values').getByText('湖南省').waitFor();
      await screenshot(page, 'portal-index');

      await page.getByTestId('lang-switch').click();
      await page.getByTestId('portal-menu').getByText('Plans', { exact: true }).click();
      await page.getByText('Published implementation plans').waitFor();
      await page.getByTestId('portal-plans').getByText(SHOWN).waitFor();
      await page.getByTestId('portal-menu').getByText('API', { exact: true }).click();
      await page.getByTestId('portal-api-docs').waitFor();
      await screenshot(page, 'portal-api-en');
    });
  });

  it('the office publishes a plan from its page and the portal shows it', async () => {
    const admin = await createUser(db, { role: 'admin', username: 'e2e-portal-admin' });
    await withPage(async (page) => {
      await page.goto(`${base}/login`);
      await page.locator('#login-username').fill(admin.username);
      await page.locator('#login-password').fill(admin.password);
      await page.getByTestId('login-submit').click();
      await page.getByTestId('main-menu').getByText('数据公开', { exact: true }).click();
      await page.waitForURL(/\/publishing$/);
      const row = page.getByTestId('publishing-plan').locator('tr', { hasText: HIDDEN });
      await row.getByTestId('publish').click();
      await row.getByText('已公开').waitFor();
      await screenshot(page, 'publishing-admin');
    });
    await withPage(async (page) => {
      await page.goto(`${base}/open`);
      await page.getByTestId('portal-plans').getByText(HIDDEN).waitFor();
      expect(await page.getByTestId('portal-plan-link').count()).toBe(2);
    });
  });
});
