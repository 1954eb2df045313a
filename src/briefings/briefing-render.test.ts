import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import mammoth from 'mammoth';
import { afterAll, describe, expect, it } from 'vitest';
import { buildBriefingData, target } from './briefing-data.fixture.ts';
import { composeBriefing, documentParagraphs } from './briefing-document.ts';
import { renderBriefingDocx } from './briefing-docx.ts';
import { escapeHtml, renderBriefingHtml } from './briefing-html.ts';
import { closePdfBrowser, DEFAULT_CHROMIUM, renderBriefingPdf } from './briefing-pdf.ts';
import { execFileSync } from 'node:child_process';
import { pdfLines, pdfText } from '../../test/pdf.ts';

const HEADINGS = ['一、总体进展', '二、目标指标完成情况', '三、各地区和单位推进情况', '四、投资完成情况', '五、报送情况', '六、好的做法', '七、存在问题', '八、下一步工作要求'];

describe('briefing layout', () => {
  it('opens with the basis sentence, numbers the sections and carries the 文号, red head and 版记', () => {
    const doc = composeBriefing(buildBriefingData());
    expect(doc.sections.map((s) => s.heading)).toEqual(HEADINGS);
    expect(doc.opening.text).toBe('根据《海北州建设宽带青海促进信息消费工作2014年实施方案》（北政办〔2014〕11号）要求，现将2014年第二季度全州工作推进情况通报如下：');
    expect(doc.redHead).toBe('海北州人民政府办公室');
    expect(composeBriefing(buildBriefingData(), { redHead: false }).redHead).toBeNull();
    expect(doc.addressee).toBe('各县人民政府，青海湖农场，州政府各部门：');
    expect(doc.record).toEqual({ cc: null, printedBy: '海北州人民政府办公室', printedOn: '2014年7月15日' });
    expect(doc.attachmentNotes).toEqual(['1．固定宽带家庭普及率排名情况（2014年第二季度）', '2．各单位推进情况排名', '3．未报送单位名单']);
    // Provenance is a separate 数据说明, not part of the notice.
    expect(doc.provenance).toContain('/api/plans/7/status?period=2014Q2');
  });

  it('compares with the previous period, ranks, reports investment and quotes the units', () => {
    const text = documentParagraphs(composeBriefing(buildBriefingData())).map((p) => p.text).join('\n');
    expect(text).toContain('与上期（2014年第一季度）相比，已达成的指标由0项增加到1项，进展滞后的指标由3项减少到2项，红灯任务由2项减少到1项，按时报送率提高16.7个百分点。');
    expect(text).toContain('排在前列的是门源回族自治县（41.2%）、海晏县（39%）；排在后面的是刚察县（33.1%）、祁连县（36.4%）');
    expect(text).toContain('方案计划投资14000万元，截至2014年7月15日已报完成2400万元，完成率17.1%。');
    expect(text).toContain('州政府电子政务中心：“完成平台一期部署，接入12个部门。”');
    expect(text).toContain('联通海北分公司：“基站选址受草场审批影响，需州政府协调。”');
    expect(text).toContain('上期（2014年第一季度）通报进展滞后的2个单位中，州广播电视局已整改到位，本期未再出现滞后；州教育局仍存在滞后');
    expect(text).toMatch(/（一）请联通海北分公司针对“完成农村牧区3G网络覆盖”逾期未完成的情况/);
    expect(text).toContain('请州教育局于通报印发后5个工作日内补报2014年第二季度进展情况');
  });

  it("takes the office's 文号, 抄送, contact and edits", () => {
    const doc = composeBriefing(buildBriefingData(), {
      issuance: { docNumber: '北政办〔2014〕23号', cc: ['州委办公室', '州人大常委会办公室'], contact: { name: '张三', phone: '0970-8642100' } },
      edits: { 'overview.comparison': null, 'ranking.units': '各单位推进总体平稳。' },
    });
    expect(doc.docNumber).toBe('北政办〔2014〕23号');
    expect(doc.record.cc).toBe('州委办公室、州人大常委会办公室');
    expect(doc.contact).toBe('（联系人：张三，电话：0970-8642100）');
    const paras = documentParagraphs(doc);
    expect(paras.find((p) => p.key === 'overview.comparison')).toBeUndefined();
    expect(paras.find((p) => p.key === 'ranking.units')?.text).toBe('各单位推进总体平稳。');
  });

  it('names an imported plan by what it is, not by its covering notice, and breaks the title at phrases', () => {
    const d = buildBriefingData();
    d.plan.title = '湖南省人民政府办公厅关于印发《湖南省“宽带中国”战略实施方案》的通知';
    const doc = composeBriefing(d);
    expect(doc.title).toBe('关于《湖南省“宽带中国”战略实施方案》2014年第二季度工作推进情况的通报');
    expect(doc.titleLines.join('')).toBe(doc.title);
    expect(doc.titleLines.every((l) => [...l].length <= 20)).toBe(true);
    expect(doc.titleLines[0].endsWith('》')).toBe(true);
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
    let at = -1;
    for (const h of HEADINGS) {
      const i = text.indexOf(h);
      expect(i, h).toBeGreaterThan(at);
      at = i;
    }
    // Tables with the header row and one row per target / unit.
    const tables = html.match(/<table>[\s\S]*?<\/table>/g) ?? [];
    // targets, investment, reporting, behind tasks; then the three annexes
    expect(tables.length).toBe(7);
    const [targetsTable = '', , unitsTable = ''] = tables;
    expect(targetsTable).toContain('<p>基期值</p>');
    expect((targetsTable.match(/<tr>/g) ?? []).length).toBe(1 + 5);
    expect(targetsTable).toMatch(/<td><p>3G\/4G用户普及率<\/p><\/td>[\s\S]*?<td><p>30\.2<\/p><p>2014Q2<\/p><\/td>[\s\S]*?<td><p>需加快<\/p><\/td>/);
    expect(unitsTable).toMatch(/<td><p>州卫生局<\/p><\/td><td><p>3<\/p><\/td><td><p>3<\/p><\/td><td><p>2<\/p><\/td><td><p>1<\/p><\/td><td><p>0<\/p><\/td><td><p>66\.7%<\/p><\/td>/);
    expect(text).toContain('按时报送率75.0%');
    expect(text).toContain('2014年7月15日');
    expect(text).toContain('根据《海北州建设宽带青海促进信息消费工作2014年实施方案》（北政办〔2014〕11号）要求');
    expect(text).toContain('2014年7月15日印发');
    expect(text).not.toContain('/api/');
    expect(text).not.toContain('数据说明');
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
  afterAll(() => closePdfBrowser());
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

  it('embeds real fonts, sets 28 characters a line, numbers pages as the .docx does and keeps the signature with the text', async () => {
    const bytes = await renderBriefingPdf(buildBriefingData());
    const dir = mkdtempSync(join(tmpdir(), 'luoshi-pdf-'));
    const file = join(dir, 'b.pdf');
    writeFileSync(file, bytes);
    // pdffonts (poppler-utils): every font embedded, none Type 3.
    const fonts = execFileSync('pdffonts', [file], { encoding: 'utf8' }).split('\n').slice(2).filter((l) => l.trim());
    expect(fonts.length).toBeGreaterThan(0);
    expect(fonts.filter((l) => /Type 3/.test(l))).toEqual([]);
    for (const l of fonts) expect(l, l).toMatch(/\byes\s+yes\s+yes\b/); // emb sub uni
    const { lines, pages, width } = await pdfLines(bytes);
    // A full body line of full-width characters holds 28 of them (lines with digits hold more).
    const body = lines.filter((l) => /^[\u4e00-\u9fff，、；：。（）“”《》]+$/.test(l.text));
    expect(Math.max(...body.map((l) => [...l.text].length))).toBe(28);
    // Page numbers: odd pages right, even pages left.
    for (let page = 1; page <= Math.min(pages, 2); page++) {
      const n = lines.find((l) => l.page === page && l.text.replace(/\s/g, '') === `—${page}—`);
      expect(n, `page number ${page}`).toBeDefined();
      if (page % 2 === 1) expect(n!.x).toBeGreaterThan(width / 2);
      else expect(n!.x).toBeLessThan(width / 2);
    }
    // The signature shares its page with the last measure of 下一步工作要求.
    const sig = lines.filter((l) => l.text.replace(/\s/g, '') === '海北州人民政府办公室').pop()!;
    const last = lines.find((l) => l.text.includes('按时、准确报送'));
    expect(last?.page).toBe(sig.page);
    // 版记 on the last page, and no provenance in the 公文.
    const all = lines.map((l) => l.text).join('');
    expect(all).toContain('2014年7月15日印发');
    expect(all).not.toContain('/api/');
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
