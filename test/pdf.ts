/** The text of every page of a PDF, read through pdfjs-dist (what a search or a copy would see). */
export async function pdfText(bytes: Uint8Array): Promise<string> {
  const pdfjs = await import('pdfjs-dist/legacy/build/pdf.mjs');
  const doc = await pdfjs.getDocument({ data: new Uint8Array(bytes), isEvalSupported: false, disableFontFace: true, useSystemFonts: false, verbosity: 0 }).promise;
  let text = '';
  for (let i = 1; i <= doc.numPages; i++) {
    const content = await (await doc.getPage(i)).getTextContent();
    text += (content.items as { str?: string }[]).map((x) => x.str ?? '').join('') + '\n';
  }
  await doc.destroy();
  return text;
}

export interface PdfLine {
  page: number;
  y: number;
  x: number;
  text: string;
}

/** The text lines of every page (runs on the same baseline joined, left to right), with positions. */
export async function pdfLines(bytes: Uint8Array): Promise<{ lines: PdfLine[]; pages: number; width: number }> {
  const pdfjs = await import('pdfjs-dist/legacy/build/pdf.mjs');
  const doc = await pdfjs.getDocument({ data: new Uint8Array(bytes), isEvalSupported: false, disableFontFace: true, useSystemFonts: false, verbosity: 0 }).promise;
  const lines: PdfLine[] = [];
  let width = 0;
  for (let i = 1; i <= doc.numPages; i++) {
    const page = await doc.getPage(i);
    width = page.view[2];
    const items = (await page.getTextContent()).items as { str?: string; transform?: number[] }[];
    const rows = new Map<number, { x: number; str: string }[]>();
    for (const it of items) {
      if (!it.str || !it.transform) continue;
      const y = Math.round(it.transform[5]);
      rows.set(y, [...(rows.get(y) ?? []), { x: it.transform[4], str: it.str }]);
    }
    for (const [y, parts] of [...rows].sort((a, b) => b[0] - a[0])) {
      parts.sort((a, b) => a.x - b.x);
      lines.push({ page: i, y, x: parts[0].x, text: parts.map((p) => p.str).join('') });
    }
  }
  const pages = doc.numPages;
  await doc.destroy();
  return { lines, pages, width };
}
