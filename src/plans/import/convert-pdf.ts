/** PDF text layer via pdfjs-dist (legacy build, which runs in Node without a DOM). */
import { AppError } from '../../platform/errors.ts';
import { unprocessable } from './errors.ts';
import { layoutText, type PdfItem } from './pdf-layout.ts';

/** Fewer visible characters than this per page means the pages are images. */
const MIN_CHARS_PER_PAGE = 20;

interface TextItemLike {
  str?: string;
  hasEOL?: boolean;
  transform?: number[];
  width?: number;
  height?: number;
}

export async function convertPdf(bytes: Uint8Array): Promise<string> {
  const pdfjs = await import('pdfjs-dist/legacy/build/pdf.mjs');
  let doc;
  try {
    // pdfjs takes ownership of the buffer it is given, so it gets a copy.
    doc = await pdfjs.getDocument({ data: new Uint8Array(bytes), isEvalSupported: false, disableFontFace: true, useSystemFonts: false, verbosity: 0 }).promise;
  } catch (e) {
    throw unprocessable('无法读取该 PDF 文件（文件可能已损坏或加密）', `cannot read the PDF (corrupt or encrypted): ${(e as Error).message}`);
  }
  try {
    const pages: PdfItem[][] = [];
    for (let i = 1; i <= doc.numPages; i++) {
      const page = await doc.getPage(i);
      const content = await page.getTextContent();
      const items: PdfItem[] = [];
      for (const item of content.items as TextItemLike[]) {
        if (typeof item.str !== 'string' || !item.transform) continue;
        const [a, b, , , e, f] = item.transform;
        items.push({ str: item.str, x: e, y: f, width: item.width ?? 0, size: Math.hypot(a, b) || item.height || 10 });
      }
      pages.push(items);
      page.cleanup();
    }
    // Wrapped lines joined, running headers/footers and page numbers removed.
    const text = layoutText(pages);
    const visible = text.replace(/\s/g, '').length;
    if (visible < MIN_CHARS_PER_PAGE * Math.max(1, Math.min(doc.numPages, 3))) {
      throw unprocessable(
        '该 PDF 几乎没有可提取的文字，似乎是扫描件，需要先进行 OCR 文字识别',
        'the PDF has (almost) no text layer; it seems to be scanned and needs OCR first',
        { pages: doc.numPages, characters: visible },
      );
    }
    return text;
  } catch (e) {
    if (e instanceof AppError) throw e;
    throw unprocessable('无法读取该 PDF 文件的文字', `cannot read the PDF text: ${(e as Error).message}`);
  } finally {
    await doc.destroy();
  }
}
