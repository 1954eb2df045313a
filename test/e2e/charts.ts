import { expect } from 'vitest';
import type { Locator, Page } from 'playwright-core';

/**
 * Share of the canvas pixels under `chart` that are drawn (not transparent and not white): an
 * ECharts canvas that rendered nothing (an unregistered chart type, an empty option) is blank.
 */
export async function drawnShare(chart: Locator): Promise<number> {
  return chart.evaluate((el) => {
    const canvases = [...el.querySelectorAll('canvas')];
    let drawn = 0;
    let total = 0;
    for (const c of canvases) {
      const ctx = c.getContext('2d');
      if (!ctx || c.width === 0 || c.height === 0) continue;
      const { data } = ctx.getImageData(0, 0, c.width, c.height);
      for (let i = 0; i < data.length; i += 16) {
        total++;
        const [r, g, b, a] = [data[i], data[i + 1], data[i + 2], data[i + 3]];
        if (a > 0 && !(r > 245 && g > 245 && b > 245)) drawn++;
      }
    }
    return total === 0 ? 0 : drawn / total;
  });
}

/** Waits until the chart under `chart` has finished drawing (EChart sets data-rendered). */
export async function waitRendered(page: Page, chart: Locator, timeout = 15_000): Promise<void> {
  await chart.locator('canvas').first().waitFor({ timeout });
  await page.waitForFunction((el) => el?.getAttribute('data-rendered') === 'true', await chart.elementHandle(), { timeout });
}

/** expect.poll with a patience fit for a loaded CI machine (vitest's default is 1 s). */
export const eventually = <T>(fn: () => T | Promise<T>) => expect.poll(fn, { timeout: 20_000, interval: 100 });
