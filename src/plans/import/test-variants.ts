/**
 * Makes a plan text into the files users actually upload, with real generators: a PDF printed by
 * Chromium from HTML (CJK fonts from the system, running header and page-number footer, paragraphs
 * indented two characters and wrapped at the margin) and a .docx written by the `docx` package.
 */
import { Document, Packer, Paragraph, TextRun } from 'docx';
import type { Browser } from 'playwright-core';
import { normaliseText } from '../extract/normalise.ts';

export const CHROMIUM = '/usr/bin/chromium';
const FLAGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync'];

const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

/** Paragraphs as the extractor reads them (scraped text uses runs of spaces as breaks). */
const paragraphs = (text: string) => normaliseText(text).split('\n').filter((l) => l.trim());

export function planHtml(text: string): string {
  const paras = paragraphs(text);
  return `<!doctype html><html><head><meta charset="utf-8"><style>
    @page { size: A4; margin: 28mm 26mm 26mm 26mm; }
    body { font-family: "Noto Serif CJK SC", "Noto Sans CJK SC", serif; font-size: 16px; line-height: 1.7; }
    p { margin: 0; text-indent: 2em; text-align: justify; }
    p.title { text-indent: 0; text-align: center; font-size: 20px; margin-bottom: 1em; }
  </style></head><body>${paras.map((p, i) => `<p${i === 0 ? ' class="title"' : ''}>${esc(p)}</p>`).join('\n')}</body></html>`;
}

export class PdfPrinter {
  private browser: Promise<Browser> | null = null;

  async print(text: string): Promise<Uint8Array> {
    if (!this.browser) {
      const { chromium } = await import('playwright-core');
      this.browser = chromium.launch({ executablePath: CHROMIUM, args: FLAGS });
    }
    const browser = await this.browser;
    const context = await browser.newContext({ javaScriptEnabled: false });
    try {
      const page = await context.newPage();
      await page.route('**/*', (route) => route.abort());
      await page.setContent(planHtml(text), { waitUntil: 'load' });
      const title = esc(text.split('\n')[0].slice(0, 30));
      const pdf = await page.pdf({
        format: 'A4',
        displayHeaderFooter: true,
        headerTemplate: `<div style="font-size:9px;width:100%;text-align:center;font-family:'Noto Sans CJK SC'">${title}</div>`,
        footerTemplate: `<div style="font-size:10px;width:100%;text-align:center">- <span class="pageNumber"></span> -</div>`,
        margin: { top: '28mm', bottom: '26mm', left: '26mm', right: '26mm' },
      });
      return new Uint8Array(pdf);
    } finally {
      await context.close().catch(() => undefined);
    }
  }

  async close(): Promise<void> {
    const b = await this.browser?.catch(() => null);
    this.browser = null;
    await b?.close().catch(() => undefined);
  }
}

/** One Word paragraph per line of the text. */
export async function planDocx(text: string): Promise<Uint8Array> {
  const doc = new Document({
    sections: [{ children: paragraphs(text).map((l) => new Paragraph({ children: [new TextRun({ text: l, font: '仿宋_GB2312' })] })) }],
  });
  return new Uint8Array(await Packer.toBuffer(doc));
}
