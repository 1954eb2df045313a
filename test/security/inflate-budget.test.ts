import { deflateSync } from 'node:zlib';
import JSZip from 'jszip';
import { describe, expect, it } from 'vitest';
import { checkPdfInflation, checkZipInflation } from '../../src/plans/import/inflate-budget.ts';
import { readAndExtractIsolated } from '../../src/plans/import/convert-worker.ts';
import { textPdf } from '../../src/plans/import/test-pdf.ts';
import { docxLiar, flateBombPdf } from './bombs.ts';

const MB = 1024 * 1024;

describe('inflation budget', () => {
  it('lets ordinary PDFs and zips through and refuses what inflates past the budget', async () => {
    expect(() => checkPdfInflation(textPdf(['一、工作目标', '到2015年底，全州固定宽带家庭普及率达到50%。']))).not.toThrow();
    const pdf = await flateBombPdf(40);
    expect(() => checkPdfInflation(pdf, 64 * MB)).not.toThrow();
    expect(() => checkPdfInflation(pdf, 32 * MB)).toThrow(/inflates past/);

    const zip = new JSZip();
    zip.file('word/document.xml', '<w:document>公司投入5000万元</w:document>'.repeat(10_000));
    const docx = await zip.generateAsync({ type: 'uint8array', compression: 'DEFLATE' });
    expect(() => checkZipInflation(docx)).not.toThrow();
    // the directory says 1 MB; the entry inflates to 20 MB
    const liar = await docxLiar(20);
    expect(() => checkZipInflation(liar, 8 * MB)).toThrow(/inflates past/);
  });

  it('a deflate stream that lies about its /Length or is corrupt is measured, not trusted', () => {
    const data = deflateSync(Buffer.alloc(4 * MB, 0x20));
    const pdf = Buffer.concat([Buffer.from('%PDF-1.4\n4 0 obj\n<< /Length 10 /Filter /FlateDecode >>\nstream\n'), data, Buffer.from('\nendstream\nendobj\n')]);
    expect(() => checkPdfInflation(pdf, 2 * MB)).toThrow(/inflates past/);
    const junk = Buffer.concat([Buffer.from('%PDF-1.4\n4 0 obj\n<< /Filter /FlateDecode >>\nstream\n'), Buffer.from('not deflate'), Buffer.from('\nendstream\nendobj\n')]);
    expect(() => checkPdfInflation(junk, 2 * MB)).not.toThrow();
  });
});

describe('conversion worker', () => {
  it('converts and extracts a plan in a worker and returns 4xx errors as they were thrown', async () => {
    const text = '海北州推进宽带网络发展实施方案\n\n一、工作目标\n到2015年底，全州固定宽带家庭普及率达到50%。\n';
    const r = await readAndExtractIsolated(new TextEncoder().encode(text), 'plan.txt');
    expect(r.format).toBe('txt');
    expect(r.extracted.title).toBe('海北州推进宽带网络发展实施方案');
    const e = await readAndExtractIsolated(await flateBombPdf(200), 'bomb.pdf').catch((x: unknown) => x);
    expect(e).toMatchObject({ name: 'AppError', code: 'unprocessable' });
    await expect(readAndExtractIsolated(new Uint8Array([1]), 'x.exe')).rejects.toMatchObject({ code: 'unsupported_media_type' });
  }, 120_000);
});
