/**
 * The briefing as PDF: the HTML page printed by headless Chromium, so the PDF keeps a text layer
 * (searchable, copyable) and embeds the fonts as subset TrueType.
 *
 * One browser is kept warm and reused for every print (a cold start costs seconds per document);
 * it closes itself after a minute without work. Fonts come from the system and, when
 * LUOSHI_FONTS_DIR is set, from that folder too (an office's licensed 仿宋_GB2312 / 方正小标宋):
 * Chromium reads them through a fontconfig file that adds the folder to the system's.
 */
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { Browser } from 'playwright-core';
import { AppError } from '../platform/errors.ts';
import type { BriefingData } from './briefing-data.ts';
import type { ComposeOptions } from './briefing-document.ts';
import { renderBriefingHtml } from './briefing-html.ts';
import { repairCjkTextLayer } from './pdf-tounicode.ts';

export const DEFAULT_CHROMIUM = '/usr/bin/chromium';

const FLAGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync'];

/** How long the warm browser waits for the next print before it closes. */
const IDLE_MS = 60_000;

export interface PdfOptions {
  chromiumPath?: string;
  /** extra fonts (TrueType .ttf/.ttc) for the print (LUOSHI_FONTS_DIR) */
  fontsDir?: string;
}

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

/** A fontconfig file that adds `dir` to the system's fonts (Chromium finds fonts through it). */
function fontconfigFor(dir: string): string {
  const abs = resolve(dir);
  if (!existsSync(abs)) throw new AppError('validation_failed', `LUOSHI_FONTS_DIR does not exist: ${abs}`, { fields: [{ field: 'LUOSHI_FONTS_DIR', reason: 'no such folder' }] });
  const home = join(tmpdir(), `luoshi-fonts-${createHash('sha256').update(abs).digest('hex').slice(0, 12)}`);
  mkdirSync(join(home, 'cache'), { recursive: true });
  const file = join(home, 'fonts.conf');
  const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;');
  writeFileSync(
    file,
    `<?xml version="1.0"?>\n<!DOCTYPE fontconfig SYSTEM "fonts.dtd">\n<fontconfig>\n  <include ignore_missing="yes">/etc/fonts/fonts.conf</include>\n  <dir>${esc(abs)}</dir>\n  <cachedir>${esc(join(home, 'cache'))}</cachedir>\n</fontconfig>\n`,
  );
  return file;
}

interface Warm {
  key: string;
  browser: Promise<Browser>;
  timer?: NodeJS.Timeout;
}
let warm: Warm | null = null;

async function browserFor(chromiumPath: string, fontsDir: string | undefined): Promise<Browser> {
  const key = `${chromiumPath}\0${fontsDir ?? ''}`;
  if (warm && warm.key !== key) await closePdfBrowser();
  if (warm) {
    const b = await warm.browser.catch(() => null);
    if (b?.isConnected()) return b;
    warm = null;
  }
  const { chromium } = await import('playwright-core');
  const env: Record<string, string> = Object.fromEntries(Object.entries(process.env).filter((e): e is [string, string] => e[1] !== undefined));
  if (fontsDir) env.FONTCONFIG_FILE = fontconfigFor(fontsDir);
  const launching = chromium.launch({ executablePath: chromiumPath, args: FLAGS, env });
  warm = { key, browser: launching };
  const b = await launching;
  b.on('disconnected', () => {
    if (warm?.browser === launching) warm = null;
  });
  return b;
}

/** Closes the warm browser (tests, shutdown); the next print starts a new one. */
export async function closePdfBrowser(): Promise<void> {
  const w = warm;
  warm = null;
  if (!w) return;
  if (w.timer) clearTimeout(w.timer);
  const b = await w.browser.catch(() => null);
  await b?.close().catch(() => undefined);
}

function armIdleClose(): void {
  if (!warm) return;
  if (warm.timer) clearTimeout(warm.timer);
  warm.timer = setTimeout(() => void closePdfBrowser(), IDLE_MS);
  warm.timer.unref(); // an idle browser never keeps the process alive
}

// One print at a time: a print takes a core for a moment; requests queue instead of starving the server.
let queue: Promise<unknown> = Promise.resolve();

/** Prints an HTML page to A4 PDF bytes (margins and page numbers come from the page's @page rules). */
export function htmlToPdf(html: string, opts: PdfOptions = {}): Promise<Buffer> {
  const chromiumPath = opts.chromiumPath ?? DEFAULT_CHROMIUM;
  assertChromium(chromiumPath);
  const fontsDir = opts.fontsDir || undefined;
  const run = queue.then(() => printPdf(html, chromiumPath, fontsDir));
  queue = run.catch(() => undefined);
  return run;
}

async function printPdf(html: string, chromiumPath: string, fontsDir: string | undefined): Promise<Buffer> {
  const browser = await browserFor(chromiumPath, fontsDir);
  if (warm?.timer) clearTimeout(warm.timer);
  const context = await browser.newContext({ javaScriptEnabled: false });
  try {
    const page = await context.newPage();
    // No network: the page is self-contained, and a briefing must not fetch anything.
    await page.route('**/*', (route) => route.abort());
    await page.setContent(html, { waitUntil: 'load' });
    await page.emulateMedia({ media: 'print' });
    const pdf = await page.pdf({ format: 'A4', printBackground: true, preferCSSPageSize: true });
    return repairCjkTextLayer(Buffer.from(pdf));
  } finally {
    await context.close().catch(() => undefined);
    armIdleClose();
  }
}

/** Renders BriefingData as PDF bytes. */
export async function renderBriefingPdf(data: BriefingData, opts: ComposeOptions & PdfOptions = {}): Promise<Buffer> {
  assertChromium(opts.chromiumPath);
  return htmlToPdf(renderBriefingHtml(data, opts), opts);
}
