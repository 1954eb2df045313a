/**
 * The briefing as a printable HTML page (the source of the PDF): the same laid-out structure as
 * the .docx, the same GB/T 9704 page geometry through @page, every text escaped.
 */
import type { BriefingData } from './briefing-data.ts';
import { type BriefingDocument, composeBriefing, type ComposeOptions, type DocTable } from './briefing-document.ts';
import { FONTS, redHeadSize, SIZES } from './briefing-docx.ts';

const ESC: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/** Escapes text for HTML element content and attribute values. */
export function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => ESC[c]);
}

const family = (names: readonly string[]) => [...names.map((n) => `"${n}"`), 'serif'].join(', ');

function tableHtml(t: DocTable): string {
  const total = t.widths.reduce((a, b) => a + b, 0);
  const cols = t.widths.map((w) => `<col style="width:${((w / total) * 100).toFixed(2)}%">`).join('');
  const head = t.columns.map((c) => `<th>${escapeHtml(c)}</th>`).join('');
  const body = t.rows
    .map((r) => `<tr>${r.map((v, i) => `<td class="${i === 0 || t.numeric.includes(i) ? 'c' : ''}">${v.split('\n').map(escapeHtml).join('<br>')}</td>`).join('')}</tr>`)
    .join('\n');
  return `<p class="caption">${escapeHtml(t.caption)}</p>\n<table><colgroup>${cols}</colgroup><thead><tr>${head}</tr></thead><tbody>\n${body}\n</tbody></table>`;
}

/** A complete HTML page of a laid-out briefing. */
export function briefingHtml(doc: BriefingDocument): string {
  const parts: string[] = [];
  if (doc.redHead) parts.push(`<div class="redhead" style="font-size:${redHeadSize(doc.redHead)}pt">${escapeHtml(doc.redHead)}</div>`);
  parts.push(`<div class="docno${doc.redHead ? ' ruled' : ''}">${escapeHtml(doc.docNumber)}</div>`);
  parts.push(`<h1>${escapeHtml(doc.title)}</h1>`);
  parts.push(`<p class="addressee">${escapeHtml(doc.addressee)}</p>`);
  for (const s of doc.sections) {
    parts.push(`<h2>${escapeHtml(s.heading)}</h2>`);
    for (const b of s.blocks) parts.push(b.type === 'paragraph' ? `<p>${escapeHtml(b.text)}</p>` : tableHtml(b.table));
  }
  parts.push(`<div class="signature"><div>${escapeHtml(doc.signature)}</div><div>${escapeHtml(doc.date)}</div></div>`);
  parts.push(`<p class="provenance">${escapeHtml(doc.provenance)}</p>`);
  return `<!doctype html>
<html lang="zh-CN">
<head>
<meta charset="utf-8">
<title>${escapeHtml(doc.title)}</title>
<style>
@page { size: A4; margin: 37mm 26mm 35mm 28mm; }
html, body { margin: 0; padding: 0; }
body { font-family: ${family(FONTS.fangsong)}; font-size: ${SIZES.sanhao}pt; line-height: 28pt; color: #000; text-align: justify; }
.redhead { font-family: ${family(FONTS.xiaobiaosong)}; color: #f00; text-align: center; line-height: 1.3; white-space: nowrap; margin-bottom: 56pt; }
.docno { text-align: center; padding-bottom: 4mm; margin-bottom: 28pt; }
.docno.ruled { border-bottom: 1.5pt solid #f00; }
h1 { font-family: ${family(FONTS.xiaobiaosong)}; font-size: ${SIZES.erhao}pt; font-weight: normal; line-height: 35pt; text-align: center; margin: 0 0 28pt; }
h2 { font-family: ${family(FONTS.heiti)}; font-size: ${SIZES.sanhao}pt; font-weight: normal; margin: 0; text-indent: 2em; page-break-after: avoid; }
p { margin: 0; text-indent: 2em; }
p.addressee { text-indent: 0; }
p.caption { font-family: ${family(FONTS.heiti)}; font-size: ${SIZES.sihao}pt; text-align: center; text-indent: 0; margin-top: 8pt; }
table { width: 100%; border-collapse: collapse; table-layout: fixed; font-size: ${SIZES.xiaosi}pt; line-height: 16pt; margin-bottom: 14pt; }
thead { display: table-header-group; }
tr { page-break-inside: avoid; }
th { font-family: ${family(FONTS.heiti)}; font-weight: normal; }
th, td { border: 0.75pt solid #000; padding: 2pt 3pt; vertical-align: middle; word-break: break-all; text-align: left; }
td.c, th { text-align: center; }
.signature { margin-top: 56pt; text-align: right; padding-right: 4em; }
.signature div { display: block; }
p.provenance { font-size: ${SIZES.wuhao}pt; line-height: 15pt; text-indent: 0; margin-top: 28pt; color: #333; }
</style>
</head>
<body>
${parts.join('\n')}
</body>
</html>
`;
}

/** Renders BriefingData as an HTML page. */
export function renderBriefingHtml(data: BriefingData, opts: ComposeOptions = {}): string {
  return briefingHtml(composeBriefing(data, opts));
}
