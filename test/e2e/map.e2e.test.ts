import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadDivisions } from '../../src/divisions/division.loader.ts';
import type { Db } from '../../src/platform/db/database.ts';
import { createUser } from '../app.ts';
import { browserAvailable, screenshot, signIn as signInAs, startWebStack, type WebStack } from './browser.ts';
import { drawnShare, eventually, waitRendered } from './charts.ts';

const enabled = browserAvailable();

const QINGHAI_PREFECTURES = ['西宁市', '海东市', '海北藏族自治州', '黄南藏族自治州', '海南藏族自治州', '果洛藏族自治州', '玉树藏族自治州', '海西蒙古族藏族自治州'];
const HAIBEI_COUNTIES = ['门源回族自治县', '祁连县', '海晏县', '刚察县'];

// The choropleth on the division dashboard: 青海's prefectures from /api/maps/63, drawn on a
// canvas; a click on 海北 drills down to its counties; the breadcrumb goes back up.
describe.skipIf(!enabled)('map (browser)', () => {
  let stack: WebStack;
  let db: Db;
  let browser: Browser;
  let base: string;
  let leader: { username: string; password: string };
  let admin: { username: string; password: string };

  beforeAll(async () => {
    stack = await startWebStack(async (d) => {
      db = d;
      await loadDivisions(db, { provinces: ['63'] });
      leader = await createUser(db, { role: 'leader', username: 'e2e-map-leader' });
      admin = await createUser(db, { role: 'admin', username: 'e2e-map-admin' });
    });
    ({ browser, base } = stack);
  });

  afterAll(async () => {
    await stack?.close();
  });

  const signIn = (page: Page, who: { username: string; password: string }) => signInAs(page, base, who);

  const areaNames = (page: Page) => page.getByTestId('division-map-areas').locator('li button').evaluateAll((bs) => bs.map((b) => (b.textContent ?? '').split(':')[0]));

  it("draws 青海's 8 prefectures and drills down to 海北's counties by a click on the map", async () => {
    const page = await browser.newPage({ locale: 'zh-CN', viewport: { width: 1400, height: 1000 } });
    const problems: string[] = [];
    page.on('pageerror', (e) => problems.push(`pageerror: ${e.message}`));
    const mapRequests: string[] = [];
    page.on('request', (r) => r.url().includes('/api/maps/') && !r.url().endsWith('/meta') && mapRequests.push(new URL(r.url()).pathname));
    try {
      await signIn(page, leader);
      await page.getByTestId('main-menu').getByText('看板', { exact: true }).click();
      await page.waitForURL(/\/dashboard$/);
      await page.getByTestId('province-link').filter({ hasText: '青海省' }).click();
      await page.waitForURL(/\/divisions\/63\/dashboard/);

      const map = page.getByTestId('division-map');
      await map.waitFor();
      expect(await map.getAttribute('data-features')).toBe('8');
      const canvas = page.getByTestId('division-map-canvas');
      await waitRendered(page, canvas);
      expect(await drawnShare(canvas)).toBeGreaterThan(0.05);
      expect(await areaNames(page)).toEqual(QINGHAI_PREFECTURES);
      expect(await page.getByTestId('division-map-source').textContent()).toContain('未标注审图号');
      await screenshot(page, 'map-qinghai');

      // Aim at 海北's label point on the canvas and click there: ECharts resolves the area.
      const haibei = page.getByTestId('division-map-areas').locator('li[data-code="6322"]');
      await eventually(() => haibei.getAttribute('data-x')).not.toBeNull();
      const [x, y] = [Number(await haibei.getAttribute('data-x')), Number(await haibei.getAttribute('data-y'))];
      const box = await canvas.boundingBox();
      if (!box) throw new Error('map canvas has no box');
      await page.mouse.click(box.x + x, box.y + y);
      await page.waitForURL(/\/divisions\/6322\/dashboard/);
      await eventually(() => page.getByTestId('division-map').getAttribute('data-map-code')).toBe('6322');
      await eventually(() => page.getByTestId('division-map').getAttribute('data-features')).toBe('4');
      await waitRendered(page, page.getByTestId('division-map-canvas'));
      expect(await drawnShare(page.getByTestId('division-map-canvas'))).toBeGreaterThan(0.05);
      expect(await areaNames(page)).toEqual(HAIBEI_COUNTIES);
      expect(await page.getByTestId('division-breadcrumb').textContent()).toContain('青海省');
      await screenshot(page, 'map-haibei');

      // The text alternative drills down from the keyboard too. A county has no packaged
      // boundaries: the map says so and what to do.
      await page.getByTestId('division-map-areas').locator('li[data-code="632221"] button').focus();
      await page.keyboard.press('Enter');
      await page.waitForURL(/\/divisions\/632221\/dashboard/);
      await page.getByTestId('division-map-none').waitFor();
      expect(await page.getByTestId('division-map-none').textContent()).toContain('上传');

      // Back up through the breadcrumb: the province map again, from the browser's cache.
      await page.getByTestId('division-breadcrumb').getByText('青海省').click();
      await page.waitForURL(/\/divisions\/63\/dashboard/);
      await eventually(() => page.getByTestId('division-map').getAttribute('data-features')).toBe('8');
      expect(mapRequests.filter((p) => p === '/api/maps/63')).toHaveLength(1);
      expect(problems).toEqual([]);
    } catch (e) {
      await screenshot(page, 'map-failure').catch(() => {});
      if (problems.length) (e as Error).message += `\npage errors: ${problems.join('\n')}`;
      throw e;
    } finally {
      await page.close();
    }
  }, 90_000);
  it('an admin uploads an approved GeoJSON for 海北: refused with the field named when bad, then drawn with its 审图号', async () => {
    const page = await browser.newPage({ locale: 'zh-CN', viewport: { width: 1400, height: 1000 } });
    const problems: string[] = [];
    page.on('pageerror', (e) => problems.push(`pageerror: ${e.message}`));
    const dir = mkdtempSync(join(tmpdir(), 'luoshi-map-'));
    const square = (lng: number, lat: number) => ({ type: 'Polygon', coordinates: [[[lng, lat], [lng + 0.8, lat], [lng + 0.8, lat + 0.8], [lng, lat + 0.8], [lng, lat]]] });
    const good = join(dir, 'haibei-approved.geojson');
    writeFileSync(good, JSON.stringify({ type: 'FeatureCollection', features: [
      { type: 'Feature', properties: { adcode: 632221, name: '门源回族自治县' }, geometry: square(101, 37) },
      { type: 'Feature', properties: { code: '632222', name: '祁连县' }, geometry: square(99.5, 38) },
    ] }));
    const bad = join(dir, 'bad.geojson');
    writeFileSync(bad, JSON.stringify({ type: 'FeatureCollection', features: [{ type: 'Feature', properties: { name: '无代码' }, geometry: square(100, 37) }] }));
    try {
      await signIn(page, admin);
      await page.goto(`${base}/divisions/6322/dashboard`);
      await eventually(() => page.getByTestId('division-map').getAttribute('data-features')).toBe('4');

      await page.getByTestId('map-upload').click();
      await page.locator('#map-approval').fill('青S(2023)012号');
      await page.locator('.ant-modal input[type=file]').setInputFiles(bad);
      await page.locator('.ant-modal .ant-btn-primary').click();
      await page.getByTestId('map-upload-errors').waitFor();
      expect(await page.getByTestId('map-upload-errors').textContent()).toContain('body.geojson.features.0.properties.code');

      await page.locator('.ant-modal input[type=file]').setInputFiles(good);
      await page.locator('.ant-modal .ant-btn-primary').click();
      await eventually(() => page.getByTestId('division-map').getAttribute('data-features')).toBe('2');
      await waitRendered(page, page.getByTestId('division-map-canvas'));
      expect(await drawnShare(page.getByTestId('division-map-canvas'))).toBeGreaterThan(0.01);
      expect(await areaNames(page)).toEqual(['门源回族自治县', '祁连县']);
      await eventually(() => page.getByTestId('division-map-source').textContent()).toContain('青S(2023)012号');
      await screenshot(page, 'map-haibei-approved');
      expect(problems).toEqual([]);
    } catch (e) {
      await screenshot(page, 'map-upload-failure').catch(() => {});
      if (problems.length) (e as Error).message += `\npage errors: ${problems.join('\n')}`;
      throw e;
    } finally {
      await page.close();
    }
  }, 90_000);
});
