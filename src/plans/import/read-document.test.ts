import JSZip from 'jszip';
import { describe, expect, it } from 'vitest';
import { AppError } from '../../platform/errors.ts';
import { extractPlanFromFile, MAX_DOCUMENT_BYTES, readDocument } from './read-document.ts';
import { decodeText } from './convert-txt.ts';
import { htmlToText } from './convert-html.ts';
import { buildPdf, textPdf } from './test-pdf.ts';

const utf8 = (s: string) => new TextEncoder().encode(s);

async function rejection(p: Promise<unknown>): Promise<AppError> {
  try {
    await p;
  } catch (e) {
    expect(e).toBeInstanceOf(AppError);
    expect((e as AppError).message.length).toBeGreaterThan(5);
    return e as AppError;
  }
  throw new Error('expected a rejection');
}

const PLAN = ['关于推进示例工作的实施方案', '一、主要任务', '1.建设示例平台。到2016年，全市覆盖率达到90%。（牵头单位：市工信局）'];

async function docx(paragraphs: string[]): Promise<Uint8Array> {
  const zip = new JSZip();
  zip.file('[Content_Types].xml', '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>');
  zip.file('_rels/.rels', '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/></Relationships>');
  const body = paragraphs.map((p) => `<w:p><w:r><w:t xml:space="preserve">${p}</w:t></w:r></w:p>`).join('');
  zip.file('word/document.xml', `<?xml version="1.0" encoding="UTF-8"?><w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>${body}</w:body></w:document>`);
  return zip.generateAsync({ type: 'uint8array', compression: 'DEFLATE' });
}

describe('readDocument', () => {
  it('reads UTF-8 text and strips the BOM; falls back to GB18030', async () => {
    const r = await readDocument(utf8('\uFEFF关于示例的实施方案'), 'plan.txt');
    expect(r).toEqual({ text: '关于示例的实施方案', format: 'txt' });
    expect(decodeText(new Uint8Array([0xd6, 0xd0, 0xce, 0xc4]))).toBe('中文');
  });
  it('refuses an empty file', async () => {
    expect((await rejection(readDocument(new Uint8Array(0), 'a.txt'))).code).toBe('unprocessable');
  });
  it('refuses binary junk', async () => {
    const junk = new Uint8Array(4096).map((_, i) => (i * 7919 + 13) % 256);
    expect((await rejection(readDocument(junk, 'a.txt'))).code).toBe('unprocessable');
    const controls = utf8('\u0001\u0002\u0003\u0004\u0005\u0006abc\u0007\u0008\u000e\u000f');
    expect((await rejection(readDocument(controls, 'a.txt'))).code).toBe('unprocessable');
  });
  it('refuses more than 50 MB, and accepts the limit itself as a size', async () => {
    const e = await rejection(readDocument(new Uint8Array(MAX_DOCUMENT_BYTES + 1), 'a.txt'));
    expect(e.code).toBe('payload_too_large');
    expect(MAX_DOCUMENT_BYTES).toBe(50 * 1024 * 1024);
  });
  it('refuses unknown extensions', async () => {
    expect((await rejection(readDocument(utf8('x'), 'plan.xls'))).code).toBe('unsupported_media_type');
  });
  it('reads a .docx', async () => {
    const r = await readDocument(await docx(PLAN), 'plan.docx');
    expect(r.format).toBe('docx');
    expect(r.text).toContain('关于推进示例工作的实施方案');
    const plan = await extractPlanFromFile(await docx(PLAN), 'plan.docx');
    expect(plan.tasks[0]).toMatchObject({ title: '建设示例平台', leadUnits: ['市工信局'] });
  });
  it('refuses a corrupt .docx', async () => {
    expect((await rejection(readDocument(utf8('PK\u0003\u0004 not really a zip'), 'a.docx'))).code).toBe('unprocessable');
    const good = await docx(PLAN);
    expect((await rejection(readDocument(good.slice(0, good.length - 30), 'a.docx'))).code).toBe('unprocessable');
  });
  it('refuses a zip bomb before inflating it', async () => {
    const zip = new JSZip();
    zip.file('word/document.xml', new Uint8Array(8 * 1024 * 1024));
    const bomb = await zip.generateAsync({ type: 'uint8array', compression: 'DEFLATE', compressionOptions: { level: 9 } });
    const e = await rejection(readDocument(bomb, 'bomb.docx'));
    expect(e.code).toBe('unprocessable');
    expect(e.message).toMatch(/zip bomb/);
  });
  it('refuses a zip whose directory claims more than 200 MB', async () => {
    const good = new Uint8Array(await docx(PLAN));
    const dv = new DataView(good.buffer);
    for (let i = good.length - 22; i >= 0; i--) {
      if (dv.getUint32(i, true) !== 0x06054b50) continue;
      const cd = dv.getUint32(i + 16, true);
      dv.setUint32(cd + 24, 250 * 1024 * 1024, true);
      break;
    }
    expect((await rejection(readDocument(good, 'big.docx'))).message).toMatch(/zip bomb/);
  });
  it('reads a PDF text layer', async () => {
    const r = await readDocument(textPdf(['Implementation plan for rural broadband', 'Target: 90% coverage by 2016']), 'plan.pdf');
    expect(r.format).toBe('pdf');
    expect(r.text).toContain('Implementation plan for rural broadband');
    expect(r.text).toContain('90% coverage');
  });
  it('refuses a PDF without text as needing OCR', async () => {
    const e = await rejection(readDocument(buildPdf(null), 'scan.pdf'));
    expect(e.code).toBe('unprocessable');
    expect(e.message).toMatch(/OCR/);
  });
  it('refuses a corrupt PDF', async () => {
    expect((await rejection(readDocument(utf8('%PDF-1.4 garbage'), 'x.pdf'))).code).toBe('unprocessable');
  });
  it('reads HTML without navigation, scripts and footers and decodes entities', async () => {
    const html = `<html><head><title>t</title><script>var x = "一、假";</script></head><body>
      <div class="nav-bar"><a>首页</a> &gt; <a>政策</a></div>
      <div class="breadcrumb">当前位置</div>
      <div id="content"><p>关于推进示例工作的实施方案</p><p>一、主要任务</p><p>1.建设平台&nbsp;&ldquo;一网通办&rdquo;&#65292;到2016年覆盖率达到90&#37;。</p></div>
      <footer>版权所有</footer><div class="share">分享到</div></body></html>`;
    const r = await readDocument(utf8(html), 'plan.html');
    expect(r.format).toBe('html');
    expect(r.text).toContain('“一网通办”，到2016年覆盖率达到90%');
    for (const junk of ['首页', '当前位置', '版权所有', '分享到', 'var x']) expect(r.text).not.toContain(junk);
    expect(htmlToText('<p>a &amp; b</p><br>c')).toBe('a & b\nc');
  });
  it('refuses text in which no plan is recognisable', async () => {
    const e = await rejection(extractPlanFromFile(utf8('今天天气很好，我们去公园散步。'), 'note.txt'));
    expect(e.code).toBe('unprocessable');
    expect(e.message).toMatch(/no recognisable plan/);
  });
});
