import { existsSync } from 'node:fs';
import mammoth from 'mammoth';
import { describe, expect, it } from 'vitest';
import { buildBriefingData, target } from './briefing-data.fixture.ts';
import { composeBriefing } from './briefing-document.ts';
import { renderBriefingDocx } from './briefing-docx.ts';
import { escapeHtml, renderBriefingHtml } from './briefing-html.ts';
import { DEFAULT_CHROMIUM, renderBriefingPdf } from './briefing-pdf.ts';
import { pdfText } from '../../test/pdf.ts';

describe('briefing layout', () => {
  it('numbers the body sections 一、二、… and carries the 文号 and red head', () => {
    const doc = composeBriefing(buildBriefingData());
    expect(doc.sections.map((s) => s.heading)).toEqual(['一、总体进展', '二、目标指标完成情况', '三、报送情况', '四、进展滞后的单位和任务', '五、本期主要数据', '六、下一步工作要求']);
    expect(doc.redHead).toBe('海北州人民政府办公室');
    expect(composeBriefing(buildBriefingData(), { redHead: false }).redHead).toBeNull();
    expect(doc.addressee).toBe('各县人民政府，青海湖农场，州政府各部门：');
    expect(doc.provenance).toContain('/api/plans/7/status?period=2014Q2');
    expect(doc.provenance).toContain('/api/reporting/completeness?planId=7&period=2014Q2');
  });
});

describe('briefing .docx', () => {
  it('opens in mammoth with the title, the sections, the targets table and its numbers', async () => {
    const bytes = await renderBriefingDocx(buildBriefingData());
    expect(bytes.subarray(0, 2).toString()).toBe('PK');
    const { value: html } = await mammoth.convertToHtml({ buffer: bytes });
    const { value: text } = await mammoth.extractRawText({ buffer: bytes });
    expect(text).toContain('海北州人民政府办公室');
    expect(text).toContain('北政办〔2014〕X号');
    expect(text).toContain('关于《海北州建设宽带青海促进信息消费工作2014年实施方案》2014年第二季度工作推进情况的通报');
    const headings = ['一、总体进展', '二、目标指标完成情况', '三、报送情况', '四、进展滞后的单位和任务', '五、本期主要数据', '六、下一步工作要求'];
    let at = -1;
    for (const h of headings) {
      const i = text.indexOf(h);
      expect(i, h).toBeGreaterThan(at);
      at = i;
    }
    // Tables with the header row and one row per target / unit.
    const tables = html.match(/<table>[\s\S]*?<\/table>/g) ?? [];
    expect(tables.length).toBe(3);
    const [targetsTable = '', unitsTable = ''] = tables;
    expect(targetsTable).toContain('<p>基期值</p>');
    expect((targetsTable.match(/<tr>/g) ?? []).length).toBe(1 + 5);
    expect(targetsTable).toMatch(/<td><p>3G\/4G用户普及率<\/p><\/td>[\s\S]*?<td><p>30\.2<\/p><p>2014Q2<\/p><\/td>[\s\S]*?<td><p>需加快<\/p><\/td>/);
    expect(unitsTable).toMatch(/<td><p>州卫生局<\/p><\/td><td><p>3<\/p><\/td><td><p>3<\/p><\/td><td><p>2<\/p><\/td><td><p>1<\/p><\/td><td><p>0<\/p><\/td><td><p>66\.7%<\/p><\/td>/);
    expect(text).toContain('按时报送率75.0%');
    expect(text).toContain('2014年7月15日');
  });

  it('leaves out the red head on request', async () => {
    const { value: text } = await mammoth.extractRawText({ buffer: await renderBriefingDocx(buildBriefingData(), { redHead: false }) });
    expect(text.trimStart().startsWith('北政办〔2014〕X号')).toBe(true);
  });

  it('writes the GB/T 9704 page: A4, 37/35/28/26 mm margins, red issuer line, 仿宋 三号 body', async () => {
    const bytes = await renderBriefingDocx(buildBriefingData());
    const { default: JSZip } = await import('jszip');
    const xml = await (await JSZip.loadAsync(bytes)).file('word/document.xml')!.async('string');
    expect(xml).toMatch(/<w:pgSz w:w="11906" w:h="16838"/);
    expect(xml).toMatch(/<w:pgMar w:top="2098" w:right="1474" w:bottom="1984" w:left="1587"/);
    expect(xml).toMatch(/<w:color w:val="FF0000"\/>/);
    expect(xml).toMatch(/w:eastAsia="方正小标宋简体"/);
    expect(xml).toMatch(/w:eastAsia="仿宋_GB2312"/);
    expect(xml).toMatch(/<w:sz w:val="32"\/>/); // 三号 = 16 pt
    expect(xml).toMatch(/<w:sz w:val="44"\/>/); // 二号 = 22 pt title
    expect(xml).toMatch(/<w:footerReference w:type="default"[^>]*\/><w:footerReference w:type="even"|<w:footerReference w:type="even"[^>]*\/><w:footerReference w:type="default"/);
    const settings = await (await JSZip.loadAsync(bytes)).file('word/settings.xml')!.async('string');
    expect(settings).toContain('<w:evenAndOddHeaders/>');
  });
});

describe('briefing HTML', () => {
  it('escapes every text from the data', () => {
    const d = buildBriefingData({ targets: [target(1, '<script>alert("x")</script>&', 'on_track', 1, 2)] });
    const html = renderBriefingHtml({ ...d, issuer: '<b>办</b>' });
    expect(html).not.toContain('<script>alert');
    expect(html).toContain('&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;&amp;');
    expect(html).not.toContain('<b>办</b>');
    expect(escapeHtml(`a&b<c>"d"'e'`)).toBe('a&amp;b&lt;c&gt;&quot;d&quot;&#39;e&#39;');
  });
});

describe.skipIf(!existsSync(DEFAULT_CHROMIUM))('briefing PDF (Chromium)', () => {
  it('prints A4 with a text layer holding the title and the numbers', async () => {
    const bytes = await renderBriefingPdf(buildBriefingData());
    expect(bytes.subarray(0, 5).toString()).toBe('%PDF-');
    const text = (await pdfText(bytes)).replace(/\s+/g, '');
    expect(text).toContain('工作推进情况的通报');
    expect(text).toContain('关于《海北州建设宽带青海促进信息消费工作2014年实施方案》2014年第二季度工作推进情况的通报');
    expect(text).toContain('按时报送率75.0%');
    expect(text).toContain('海北州人民政府办公室');
    expect(text).not.toMatch(/[\u2E80-\u2FDF]/); // no Kangxi radicals standing in for 人, 工, 方 …
    const pdfjs = await import('pdfjs-dist/legacy/build/pdf.mjs');
    const doc = await pdfjs.getDocument({ data: new Uint8Array(bytes), verbosity: 0 }).promise;
    const [, , w, h] = (await doc.getPage(1)).view;
    expect([Math.round(w), Math.round(h)]).toEqual([595, 842]); // A4 in points
    await doc.destroy();
  }, 60_000);
});

describe('briefing PDF without Chromium', () => {
  it('refuses with a clear message naming what to install', async () => {
    await expect(renderBriefingPdf(buildBriefingData(), { chromiumPath: '/nonexistent/chromium' })).rejects.toMatchObject({
      code: 'unsupported_media_type',
      message: expect.stringMatching(/Chromium.*\/nonexistent\/chromium.*apt-get install -y chromium/),
    });
  });
});
