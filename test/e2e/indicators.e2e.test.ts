import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadDivisions } from '../../src/divisions/division.loader.ts';
import { bulkLoadValues, bulkRow } from '../../src/indicators/bulk-load.ts';
import { createIndicator } from '../../src/indicators/indicator.service.ts';
import type { Db, Engine } from '../../src/platform/db/database.ts';
import { createDataElement } from '../../src/reporting/data-element.service.ts';
import { createUser } from '../app.ts';
import { browserAvailable, openSession, screenshot, startWebStack, webEngines, type WebStack } from './browser.ts';

const enabled = browserAvailable();
const MONTHS = ['2015M01', '2015M02', '2015M03', '2015M04', '2015M05', '2015M06'];

interface Cell {
  value: number | null;
  numerator: number | null;
  denominator: number | null;
  contributors: number;
}

/**
 * The pivot page over values loaded by the real services: 青海's divisions, two data elements and
 * the ratio indicator 固定宽带家庭普及率 over them, six months of county values in 西宁 and 海北.
 */
// The pivot's ratio of sums, drill-down and export are SQL the two engines must agree on: this file
// also runs on PostgreSQL when TEST_DATABASE_URL is set (its seed is small, so CI pays ~1 minute).
describe.skipIf(!enabled).each(webEngines())('indicator pivot on %s (browser)', (engine: Engine) => {
  let stack: WebStack;
  let db: Db;
  let base: string;
  let admin: { id: number; username: string; password: string };
  let indicatorId: number;
  /** county → month → [users, households] */
  const seeded = new Map<string, Map<string, [number, number]>>();

  /** 青海's divisions, the admin, the two elements and the indicator, six months of county values. */
  async function seed(d: Db): Promise<void> {
    db = d;
    await loadDivisions(db, { provinces: ['63'] });
    admin = await createUser(db, { role: 'admin', username: 'e2e-ind-admin' });
    const actor = { id: admin.id, name: admin.username };
    const element = (code: string, name: string) =>
      createDataElement(db, actor, { code, name, valueType: 'integer', unit: '户', min: 0, max: null, periodType: 'M', temporal: 'stock', spatial: 'sum', weightElementId: null, divisionLevel: 3, maxJumpShare: null, description: null });
    const users = await element('E2E_FBB_USERS', '固定宽带家庭用户数');
    const households = await element('E2E_HOUSEHOLDS', '家庭户数');
    indicatorId = (
      await createIndicator(db, actor, { code: 'E2E_FBB_RATE', name: '固定宽带家庭普及率', unit: '%', direction: 'higher', numeratorElementId: users.id, denominatorElementId: households.id, factor: 100 })
    ).id;
    const counties = await db.kysely
      .selectFrom('divisions')
      .select('code')
      .where('level', '=', 3)
      .where((eb) => eb.or([eb('code', 'like', '6322%'), eb('code', 'like', '6301%')]))
      .orderBy('code')
      .execute();
    const chosen = [...counties.filter((c) => c.code.startsWith('6301')).slice(0, 2), ...counties.filter((c) => c.code.startsWith('6322')).slice(0, 3)].map((c) => c.code);
    const rows = [];
    for (const [i, code] of chosen.entries()) {
      const byMonth = new Map<string, [number, number]>();
      for (const [m, period] of MONTHS.entries()) {
        // Unequal household counts, so a ratio of sums differs from an average of ratios.
        const h = 2000 * (i + 1) ** 2 + m * 5;
        const u = Math.round(h * (0.2 + 0.25 * (i % 3))) + m * 40;
        byMonth.set(period, [u, h]);
        rows.push(bulkRow({ elementId: users.id, divisionCode: code, period, value: u }), bulkRow({ elementId: households.id, divisionCode: code, period, value: h }));
      }
      seeded.set(code, byMonth);
    }
    await bulkLoadValues(db, [rows]);
  }

  beforeAll(async () => {
    stack = await startWebStack(seed, {}, { engine });
    ({ base } = stack);
  }, 240_000);

  afterAll(async () => {
    await stack?.close();
  });

  async function apiCell(page: Page, division: string, period: string): Promise<Cell> {
    const res = await page.request.get(`${base}/api/indicators/${indicatorId}/values?divisions=${division}&periods=${period}`);
    expect(res.status()).toBe(200);
    const { items } = (await res.json()) as { items: Cell[] };
    return items[0];
  }

  const shown = async (page: Page, division: string, period: string) => {
    const cell = page.getByTestId(`pivot-cell-${division}-${period}`);
    await cell.waitFor();
    return { value: await cell.getAttribute('data-value'), text: (await cell.textContent())?.trim() };
  };

  it('lists the indicator, pivots it by division and month, drills down, swaps axes and exports XLSX with codes as text', async () => {
    const { ctx, page, problems } = await openSession(stack.browser, base, admin, { viewport: { width: 1440, height: 1000 } });
    try {
      await page.getByTestId('main-menu').getByText('指标', { exact: true }).click();
      await page.waitForURL(/\/indicators$/);
      const row = page.getByTestId('indicator-row-E2E_FBB_RATE');
      await row.getByText('固定宽带家庭用户数 / 家庭户数 × 100').waitFor();
      await row.getByText('越高越好').waitFor();
      await row.locator('.ant-table-row-expand-icon').click();
      await page.getByTestId(`indicator-versions-${indicatorId}`).getByText('v1', { exact: true }).waitFor();

      // The pivot opens on the provinces over the 12 months that end with the latest data.
      await page.getByTestId('indicator-pivot-E2E_FBB_RATE').click();
      await page.waitForURL(/from=2014M07&to=2015M06/);
      const province = await apiCell(page, '63', '2015M06');
      expect(province.value).not.toBeNull();
      expect(Number((await shown(page, '63', '2015M06')).value)).toBe(province.value);
      expect((await shown(page, '63', '2014M12')).text).toBe('—');

      // A click on 青海 shows its prefectures; 海北's June is the ratio of the summed counties.
      await page.getByTestId('pivot-row-63').locator('td').first().click();
      await page.waitForURL(/parent=63/);
      const haibeiJune = [...seeded].filter(([c]) => c.startsWith('6322')).map(([, m]) => m.get('2015M06')!);
      const ratioOfSums = (haibeiJune.reduce((s, [u]) => s + u, 0) / haibeiJune.reduce((s, [, h]) => s + h, 0)) * 100;
      const averageOfRatios = (haibeiJune.reduce((s, [u, h]) => s + u / h, 0) / haibeiJune.length) * 100;
      expect(Math.abs(ratioOfSums - averageOfRatios)).toBeGreaterThan(0.5);
      const haibei = await apiCell(page, '6322', '2015M06');
      expect(haibei.value).toBeCloseTo(ratioOfSums, 6);
      const cell = await shown(page, '6322', '2015M06');
      expect(Number(cell.value)).toBe(haibei.value);
      expect(cell.text).toBe(`${new Intl.NumberFormat('zh-CN', { maximumFractionDigits: 2 }).format(haibei.value!)}%`);
      expect((await shown(page, '6323', '2015M06')).text).toBe('—');
      // The tooltip gives the figures behind the value and how many counties reported.
      const pivot = (await (await page.request.get(`${base}/api/indicators/${indicatorId}/pivot?parent=63&periods=2015M06`)).json()) as { divisions: { code: string; expected?: number }[] };
      const expected = pivot.divisions.find((d) => d.code === '6322')!.expected!;
      expect(expected).toBeGreaterThan(3);
      await page.getByTestId('pivot-cell-6322-2015M06').hover();
      await page.locator('.ant-tooltip').getByText(`3 / ${expected} 已报送`).waitFor();
      await page.locator('.ant-tooltip').getByText(/分子 .* \/ 分母 /).waitFor();

      // Periods as rows: the same figure, now in the 2015M06 row under 海北's column.
      await page.getByTestId('pivot-rows').getByText('期别为行').click();
      await page.waitForURL(/rows=periods/);
      await page.getByTestId('pivot-row-2015M06').waitFor();
      expect(Number((await shown(page, '6322', '2015M06')).value)).toBe(haibei.value);
      await page.getByRole('columnheader').getByTestId('pivot-col-6322').waitFor();

      // Back to divisions as rows, and into 海北: its counties, each its own ratio.
      await page.getByTestId('pivot-rows').getByText('区划为行').click();
      await page.waitForURL(/rows=divisions/);
      await page.getByTestId('pivot-row-6322').locator('td').first().click();
      await page.waitForURL(/parent=6322/);
      const [county, months] = [...seeded].find(([c]) => c.startsWith('6322'))!;
      const [u, h] = months.get('2015M03')!;
      expect(Number((await shown(page, county, '2015M03')).value)).toBeCloseTo((u / h) * 100, 6);
      await screenshot(page, 'indicators-pivot');

      // The Excel export of this view: codes are text cells, figures are the API's numbers.
      const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('pivot-export-xlsx').click()]);
      const file = join(mkdtempSync(join(tmpdir(), 'luoshi-pivot-')), download.suggestedFilename());
      await download.saveAs(file);
      expect(download.suggestedFilename()).toBe('E2E_FBB_RATE-2014M07-2015M06.xlsx');
      const wb = new ExcelJS.Workbook();
      await wb.xlsx.readFile(file);
      const ws = wb.worksheets[0];
      expect(ws.getRow(1).getCell(3).value).toBe('2014M07');
      let countyRow = 0;
      for (let r = 2; ws.getRow(r).getCell(2).value; r++) if (ws.getRow(r).getCell(1).value === county) countyRow = r;
      expect(countyRow, `${county} in the export`).toBeGreaterThan(0);
      const countyCell = ws.getRow(countyRow).getCell(1);
      expect(countyCell.type).toBe(ExcelJS.ValueType.String);
      expect(typeof countyCell.value).toBe('string');
      // Columns: code, name, 2014M07 … so 2015M03 is the 11th.
      const march = ws.getRow(countyRow).getCell(11).value as number;
      expect(march).toBeCloseTo((u / h) * 100, 6);
      const csvHref = await page.getByTestId('pivot-export-csv').getAttribute('href');
      expect(csvHref).toContain('format=csv');
      expect(csvHref).toContain('parent=6322');

      // Quarters: the default range is the 8 quarters up to the latest with data; a stock figure's
      // quarter is its last month.
      await page.getByTestId('pivot-type').getByText('季', { exact: true }).click();
      await page.waitForURL(/type=Q.*from=2013Q3&to=2015Q2|from=2013Q3&to=2015Q2.*type=Q/);
      expect(Number((await shown(page, county, '2015Q2')).value)).toBeCloseTo((months.get('2015M06')![0] / months.get('2015M06')![1]) * 100, 6);

      // Chosen divisions: the current parent, then 西宁 added through the division search.
      await page.getByTestId('pivot-scope').getByText('指定区划').click();
      await page.waitForURL(/divisions=6322/);
      await page.getByTestId('pivot-row-6322').waitFor();
      await page.getByTestId('pivot-division-list').getByTestId('division-select').click();
      await page.keyboard.type('西宁市');
      await page.locator('.ant-select-item-option', { hasText: '（6301）' }).click();
      await page.waitForURL(/divisions=6322%2C6301|divisions=6322,6301/);
      const xining = await apiCell(page, '6301', '2015Q2');
      expect(xining.value).not.toBeNull();
      expect(Number((await shown(page, '6301', '2015Q2')).value)).toBe(xining.value);
      expect(problems).toEqual([]);
    } catch (e) {
      await screenshot(page, 'indicators-pivot-failure').catch(() => {});
      if (problems.length) (e as Error).message += `\npage errors: ${problems.join('\n')}`;
      throw e;
    } finally {
      await ctx.close();
    }
  }, 180_000);

  it('a viewer starts at its own division, cannot go above it, and is refused a division outside it', async () => {
    const viewer = await createUser(db, { role: 'viewer', divisionCode: '6322', username: 'e2e-ind-viewer' });
    const { ctx, page, problems } = await openSession(stack.browser, base, viewer, { viewport: { width: 1440, height: 1000 } });
    try {
      await page.goto(`${base}/indicators/${indicatorId}/pivot`);
      await page.waitForURL(/from=2014M07&to=2015M06/);
      const [county, months] = [...seeded].find(([c]) => c.startsWith('6322'))!;
      const [u, h] = months.get('2015M06')!;
      expect(Number((await shown(page, county, '2015M06')).value)).toBeCloseTo((u / h) * 100, 6);
      expect(await page.getByTestId('pivot-up').isDisabled()).toBe(true);
      await page.goto(`${base}/indicators/${indicatorId}/pivot?parent=63&from=2015M01&to=2015M06`);
      await page.getByTestId('pivot-error').waitFor();
      expect(await page.getByTestId('pivot-row-6322').count()).toBe(0);
      // The refusal is a 403 the page shows, not a server error.
      expect(problems).toEqual([]);
    } catch (e) {
      await screenshot(page, 'indicators-pivot-viewer-failure').catch(() => {});
      throw e;
    } finally {
      await ctx.close();
    }
  }, 120_000);
});
