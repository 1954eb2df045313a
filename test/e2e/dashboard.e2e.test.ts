import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildDemoReports } from '../../src/demo/demo-reports.ts';
import { DEMO_ADDED_TARGETS, readExamplePlan } from '../../src/demo/example-plans.ts';
import { loadDivisions } from '../../src/divisions/division.loader.ts';
import { resolveUnitName } from '../../src/divisions/unit.service.ts';
import { SYSTEM } from '../../src/platform/audit.ts';
import { activatePlan, addItem, getPlan, importPlanText } from '../../src/plans/plan.service.ts';
import type { Db } from '../../src/platform/db/database.ts';
import { createUser } from '../app.ts';
import { browserAvailable, openSession, screenshot, startWebStack, type WebStack } from './browser.ts';
import { drawnShare, eventually, waitRendered } from './charts.ts';

const enabled = browserAvailable();
const PLAN_FILE = '000_a21303be5ef81ba7.txt';

interface StatusReport {
  targets: { itemId: number; linked: boolean; status: string }[];
  tasks: unknown[];
  milestones: unknown[];
  summary: { targets: Record<string, number> };
}

/**
 * The dashboards over data made by the real services: 青海's divisions, 海北州's 2014 plan (北政办
 * 〔2014〕11号) imported with the targets the office adds and activated, and the demo's two years of
 * reports (replayed through open → save → submit → approve, county statistics, targets linked).
 */
describe.skipIf(!enabled)('dashboards (browser)', () => {
  let stack: WebStack;
  let base: string;
  let planId: number;
  let admin: { id: number; username: string; password: string };

  const seed = async (db: Db) => {
    await loadDivisions(db, { provinces: ['63'] });
    const { plan } = await importPlanText(db, SYSTEM, { text: readExamplePlan(PLAN_FILE), filename: PLAN_FILE, format: 'txt', divisionCode: '6322' });
    planId = plan.id;
    for (const t of DEMO_ADDED_TARGETS[PLAN_FILE] ?? []) await addItem(db, SYSTEM, planId, 'target', { ...t, scope: null, comparator: '>=', baseline: null }, null);
    await activatePlan(db, SYSTEM, planId, (await getPlan(db, planId)).version);
    const statsUnit = (await resolveUnitName(db, '州统计局', { divisionCode: '6322' })).unit;
    if (!statsUnit) throw new Error('the plan import proposed no 州统计局');
    admin = await createUser(db, { role: 'admin', username: 'e2e-dash-admin' });
    const reporter = await createUser(db, { role: 'reporter', unitId: statsUnit.id, username: 'e2e-dash-reporter' });
    await buildDemoReports(
      db,
      {
        admin: { id: admin.id, name: admin.username },
        adminUser: { id: admin.id, role: 'admin', unitId: null, divisionCode: null },
        reporter: { id: reporter.id, role: 'reporter', unitId: statsUnit.id, divisionCode: null },
        reporterUnitId: statsUnit.id,
      },
      () => {},
      ['63'],
    );
  };

  beforeAll(async () => {
    stack = await startWebStack(seed);
    ({ base } = stack);
  }, 240_000);

  afterAll(async () => {
    await stack?.close();
  });

  const session = (viewport: { width: number; height: number }) => openSession(stack.browser, base, admin, { viewport });

  async function expectDrawn(page: Page, testId: string): Promise<number> {
    const chart = page.getByTestId(testId).first();
    await waitRendered(page, chart);
    expect(await drawnShare(chart), `${testId} canvas is blank`).toBeGreaterThan(0.01);
    return Number(await chart.getAttribute('data-points'));
  }

  it('the plan dashboard draws targets by status, trajectories, lights, completeness and investment from the API data', async () => {
    const { ctx, page, problems } = await session({ width: 1440, height: 1000 });
    try {
      await page.getByTestId('main-menu').getByText('看板', { exact: true }).click();
      await page.waitForURL(/\/dashboard$/);
      await page.getByTestId('plan-dashboard-link').first().click();
      await page.waitForURL(new RegExp(`/plans/${planId}/dashboard`));
      await page.getByTestId('dashboard-title').filter({ hasText: '宽带' }).waitFor();

      // Choose the period through the picker; the page reloads every section for it.
      await page.getByTestId('dashboard-period').click();
      await page.keyboard.type('2014Q2');
      // The picker lists periods as people say them; typing the code still finds it.
      await page.locator('.ant-select-item-option', { hasText: '2014年第二季度' }).click();
      await page.waitForURL(/period=2014Q2/);
      const status = (await (await page.request.get(`${base}/api/plans/${planId}/status?period=2014Q2`)).json()) as StatusReport;
      const compl = (await (await page.request.get(`${base}/api/plans/${planId}/reporting?period=2014Q2`)).json()) as { byUnit: unknown[] };
      const invest = (await (await page.request.get(`${base}/api/plans/${planId}/investments?period=2014Q2`)).json()) as { items: unknown[] };
      expect(status.targets).toHaveLength(6);
      expect(status.targets.every((t) => t.linked)).toBe(true);

      // Targets by status: one donut slice per status that has targets.
      const slices = Object.values(status.summary.targets).filter((n) => n > 0).length;
      expect(slices).toBeGreaterThan(1);
      expect(await expectDrawn(page, 'status-donut')).toBe(slices);

      // A trajectory per target, each with its baseline-to-target path, actuals and projection.
      await eventually(() => page.getByTestId('trajectory-chart').count()).toBe(6);
      for (let i = 0; i < 6; i++) expect(await expectDrawn(page, `trajectory-chart`)).toBeGreaterThan(3);
      const drawnTrajectories = await page.getByTestId('trajectory-chart').evaluateAll((els) => els.filter((e) => e.getAttribute('data-rendered') === 'true').length);
      expect(drawnTrajectories).toBe(6);

      // Deadline lights (tasks and milestones), completeness by unit (3 stacks per unit),
      // investment planned vs done by unit (2 bars per unit).
      expect(status.tasks.length + status.milestones.length).toBeGreaterThan(0);
      expect(await expectDrawn(page, 'lights-bar')).toBe(6);
      expect(compl.byUnit.length).toBeGreaterThan(3);
      expect(await expectDrawn(page, 'completeness-bar')).toBe(3 * compl.byUnit.length);
      expect(invest.items.length).toBe(3);
      expect(await expectDrawn(page, 'investment-bar')).toBe(2 * invest.items.length);
      await screenshot(page, 'dashboard-plan');

      // In English the same dashboard speaks English and redraws its charts.
      await page.getByTestId('lang-switch').click();
      await page.getByTestId('targets-by-status').getByText('Targets by status').waitFor();
      await page.getByTestId('investment').getByText('Investment: planned vs done, by unit').waitFor();
      expect(await expectDrawn(page, 'status-donut')).toBe(slices);
      await page.getByTestId('lang-switch').click();
      expect(problems).toEqual([]);
    } catch (e) {
      await screenshot(page, 'dashboard-plan-failure').catch(() => {});
      if (problems.length) (e as Error).message += `\npage errors: ${problems.join('\n')}`;
      throw e;
    } finally {
      await ctx.close();
    }
  }, 120_000);

  it("the division dashboard ranks 青海's prefectures on an indicator, maps them, and drills down by a click on the ranking", async () => {
    const { ctx, page, problems } = await session({ width: 1440, height: 1100 });
    try {
      await page.goto(`${base}/divisions/63/dashboard`);
      await page.getByTestId('indicator-select').click();
      await page.keyboard.type('固定宽带家庭');
      await page.locator('.ant-select-item-option', { hasText: '固定宽带家庭普及率' }).click();
      await page.waitForURL(/indicator=/);
      const indicatorId = new URL(page.url()).searchParams.get('indicator');
      const ranking = (await (await page.request.get(`${base}/api/indicators/${indicatorId}/ranking?parent=63`)).json()) as { items: { divisionCode: string; value: number | null; rank: number | null }[] };
      expect(ranking.items).toHaveLength(8);
      const withValue = ranking.items.filter((r) => r.value !== null);
      expect(withValue.length).toBeGreaterThan(5);

      // One bar per prefecture with a value, best first, as the API ranks them.
      expect(await expectDrawn(page, 'ranking-bar-canvas')).toBe(withValue.length);
      const list = page.getByTestId('ranking-bar-list').locator('li');
      expect(await list.evaluateAll((ls) => ls.map((l) => l.getAttribute('data-code')))).toEqual(withValue.map((r) => r.divisionCode));
      // The map colours the same 8 prefectures by their values.
      await eventually(() => page.getByTestId('division-map').getAttribute('data-features')).toBe('8');
      expect(await expectDrawn(page, 'division-map-canvas')).toBe(8);
      await screenshot(page, 'dashboard-division-63');

      // The map by the 宽带发展指数 (default index BDI): each prefecture's score from /api/index.
      const index = (await (await page.request.get(`${base}/api/index/BDI?parent=63`)).json()) as { items: { divisionCode: string; score: number | null }[] };
      const scored = index.items.filter((r) => r.score !== null);
      expect(scored.length).toBeGreaterThan(5);
      await page.getByTestId('map-mode').getByText('发展指数').click();
      await page.waitForURL(/mode=index/);
      const areaText = (c: string) => page.getByTestId('division-map-areas').locator(`li[data-code="${c}"]`).textContent();
      await eventually(() => areaText(scored[0].divisionCode)).not.toContain('无数据');
      await waitRendered(page, page.getByTestId('division-map-canvas'));
      expect(await drawnShare(page.getByTestId('division-map-canvas'))).toBeGreaterThan(0.05);
      await screenshot(page, 'dashboard-division-63-index');
      await page.getByTestId('map-mode').getByText('按数值').click();

      // Click the top bar (the best prefecture): its dashboard opens with the same indicator.
      const top = list.first();
      const code = (await top.getAttribute('data-code')) as string;
      await eventually(() => top.getAttribute('data-x')).not.toBeNull();
      const box = await page.getByTestId('ranking-bar-canvas').boundingBox();
      if (!box) throw new Error('ranking canvas has no box');
      await page.mouse.click(box.x + Number(await top.getAttribute('data-x')), box.y + Number(await top.getAttribute('data-y')));
      await page.waitForURL(new RegExp(`/divisions/${code}/dashboard\\?indicator=${indicatorId}`));
      await eventually(() => page.getByTestId('division-map').getAttribute('data-map-code')).toBe(code);
      const counties = (await (await page.request.get(`${base}/api/indicators/${indicatorId}/ranking?parent=${code}`)).json()) as { items: { value: number | null }[] };
      expect(counties.items.filter((c) => c.value !== null).length).toBeGreaterThan(0);
      await eventually(() => page.getByTestId('ranking-bar-list').locator('li').count()).toBe(counties.items.filter((c) => c.value !== null).length);
      expect(await page.getByTestId('division-breadcrumb').textContent()).toContain('青海省');

      // 海北州's own targets (linked to it by the plan) with their status.
      await page.goto(`${base}/divisions/6322/dashboard?indicator=${indicatorId}`);
      await eventually(() => page.getByTestId('own-indicators').getByTestId('target-status').count()).toBe(6);
      await page.getByTestId('map-mode').getByText('按状态').click();
      await waitRendered(page, page.getByTestId('division-map-canvas'));
      await screenshot(page, 'dashboard-division-6322');
      expect(problems).toEqual([]);
    } catch (e) {
      await screenshot(page, 'dashboard-division-failure').catch(() => {});
      if (problems.length) (e as Error).message += `\npage errors: ${problems.join('\n')}`;
      throw e;
    } finally {
      await ctx.close();
    }
  }, 120_000);
});
