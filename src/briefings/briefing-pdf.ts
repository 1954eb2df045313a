/**
 * The briefing as PDF: the HTML page printed by headless Chromium, so the PDF keeps a text layer
 * (searchable, copyable) and the fonts installed on the server.
 */
import { existsSync } from 'node:fs';
import { AppError } from '../platform/errors.ts';
import type { BriefingData } from './briefing-data.ts';
import type { ComposeOptions } from './briefing-document.ts';
import { renderBriefingHtml } from './briefing-html.ts';
import { repairCjkTextLayer } from './pdf-tounicode.ts';

export const DEFAULT_CHROMIUM = '/usr/bin/chromium';

const FLAGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync'];

/** The PDF renderer needs a browser: its absence is a clear refusal, not a crash. */
export function assertChromium(path = DEFAULT_CHROMIUM): void {
  if (!existsSync(path)) {
    throw new AppError(
      'unsupported_media_type',
      `PDF 输出需要 Chromium，但未找到 ${path}（apt-get install -y chromium fonts-noto-cjk），可改用 .docx / PDF output needs Chromium at ${path}: install it (apt-get install -y chromium fonts-noto-cjk) or use .docx`,
      { fields: [{ field: 'format', reason: `Chromium not found at ${path}` }] },
    );
  }
}

// One browser at a time: each print starts Chromium (~150 MB, a core for a second); requests for
// PDFs queue instead of starving the server.
let queue: Promise<unknown> = Promise.resolve();

/** Prints an HTML page to A4 PDF bytes (margins come from the page's @page rule). */
export function htmlToPdf(html: string, chromiumPath = DEFAULT_CHROMIUM): Promise<Buffer> {
  assertChromium(chromiumPath);
  const run = queue.then(() => printPdf(html, chromiumPath));
  queue = run.catch(() => undefined);
  return run;
}

async function printPdf(html: string, chromiumPath: string): Promise<Buffer> {
  const { chromium } = await import('playwright-core');
  const browser = await chromium.launch({ executablePath: chromiumPath, args: FLAGS });
  try {
    const page = await browser.newPage();
    // No network: the page is self-contained, and a briefing must not fetch anything.
    await page.route('**/*', (route) => route.abort());
    await page.setContent(html, { waitUntil: 'load' });
    await page.emulateMedia({ media: 'print' });
    const pdf = await page.pdf({ format: 'A4', printBackground: true, preferCSSPageSize: true, displayHeaderFooter: true, headerTemplate: '<span></span>', footerTemplate: FOOTER });
    return repairCjkTextLayer(Buffer.from(pdf));
  } finally {
    await browser.close();
  }
}

// Page number "— N —" in the bottom margin, as GB/T 9704 places it.
const FOOTER = `<div style="width:100%;text-align:center;font-size:14pt;font-family:'宋体','SimSun','Noto Serif CJK SC','Noto Sans CJK SC',serif;margin-bottom:14mm">— <span class="pageNumber"></span> —</div>`;

/** Renders BriefingData as PDF bytes. */
export async function renderBriefingPdf(data: BriefingData, opts: ComposeOptions & { chromiumPath?: string } = {}): Promise<Buffer> {
  assertChromium(opts.chromiumPath);
  return htmlToPdf(renderBriefingHtml(data, opts), opts.chromiumPath);
}
