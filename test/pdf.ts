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
