/**
 * The briefing as a printable HTML page (the source of the PDF): the same laid-out structure as
 * the .docx, the same GB/T 9704 page geometry through @page, every text escaped.
 */
import type { BriefingData } from './briefing-data.ts';
import { type BriefingDocument, composeBriefing, type ComposeOptions, type DocBlock, type DocTable, titleLines } from './briefing-document.ts';
import { FONTS, redHeadSize, SIZES } from './briefing-docx.ts';

const ESC: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/** Escapes text for HTML element content and attribute values. */
export function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => ESC[c]);
}

// ASCII letters and digits in Times New Roman (Liberation Serif on Linux), as the .docx sets
// them; quotation marks and dashes stay full-width in the Chinese font (hence the unicode-range).
const family = (names: readonly string[]) => ['"LuoshiLatin"', ...names.map((n) => `"${n}"`), 'serif'].join(', ');
const LATIN_FACE = '@font-face { font-family: "LuoshiLatin"; src: local("Times New Roman"), local("Liberation Serif"); unicode-range: U+0020-007E; }';

function tableHtml(t: DocTable): string {
  const total = t.widths.reduce((a, b) => a + b, 0);
  const cols = t.widths.map((w) => `<col style="width:${((w / total) * 100).toFixed(2)}%">`).join('');
  const head = t.columns.map((c) => `<th>${escapeHtml(c)}</th>`).join('');
  const body = t.rows
    .map((r) => `<tr>${r.map((v, i) => `<td class="${i === 0 || t.numeric.includes(i) ? 'c' : ''}">${v.split('\n').map(escapeHtml).join('<br>')}</td>`).join('')}</tr>`)
    .join('\n');
  // The caption inside the table travels with its first rows: it never ends a page alone.
  return `<table><caption>${escapeHtml(t.caption)}</caption><colgroup>${cols}</colgroup><thead><tr>${head}</tr></thead><tbody>\n${body}\n</tbody></table>`;
}

const blockHtml = (b: DocBlock) => (b.type === 'paragraph' ? `<p>${escapeHtml(b.text)}</p>` : tableHtml(b.table));

/** A complete HTML page of a laid-out briefing. */
export function briefingHtml(doc: BriefingDocument): string {
  const parts: string[] = [];
  if (doc.redHead) parts.push(`<div class="redhead" style="font-size:${redHeadSize(doc.redHead)}pt">${escapeHtml(doc.redHead)}</div>`);
  parts.push(`<div class="docno${doc.redHead ? ' ruled' : ''}">${escapeHtml(doc.docNumber)}</div>`);
  parts.push(`<h1>${doc.titleLines.map(escapeHtml).join('<br>')}</h1>`);
  parts.push(`<p class="addressee">${escapeHtml(doc.addressee)}</p>`);
  if (doc.opening.text) parts.push(blockHtml(doc.opening));
  // The last paragraph stays on the page of the signature (GB/T 9704: 不得出现空白页署名).
  const sections = doc.sections.map((s) => ({ heading: s.heading, blocks: [...s.blocks] }));
  const lastSection = sections[sections.length - 1];
  const tail = lastSection && lastSection.blocks[lastSection.blocks.length - 1]?.type === 'paragraph' ? lastSection.blocks.pop()! : null;
  for (const s of sections) {
    parts.push(`<h2>${escapeHtml(s.heading)}</h2>`);
    for (const b of s.blocks) parts.push(blockHtml(b));
  }
  const closing: string[] = [];
  if (tail) closing.push(blockHtml(tail));
  if (doc.attachmentNotes.length) {
    closing.push(
      `<div class="annexnote">${doc.attachmentNotes.map((n, i) => `<p>${i === 0 ? '附件：' : '<span class="pad">附件：</span>'}${escapeHtml(n)}</p>`).join('')}</div>`,
    );
  }
  closing.push(`<div class="signature"><div>${escapeHtml(doc.signature)}</div><div>${escapeHtml(doc.date)}</div></div>`);
  if (doc.contact) closing.push(`<p class="contact">${escapeHtml(doc.contact)}</p>`);
  parts.push(`<div class="closing">${closing.join('\n')}</div>`);
  for (const a of doc.attachments) {
    parts.push(`<section class="annex"><p class="annexlabel">${escapeHtml(a.label)}</p><h1>${titleLines(a.title).map(escapeHtml).join('<br>')}</h1>${a.blocks.map(blockHtml).join('\n')}</section>`);
  }
  const r = doc.record;
  parts.push(
    `<div class="record">${r.cc ? `<p class="cc">抄送：${escapeHtml(r.cc)}。</p>` : ''}<p class="printed"><span>${escapeHtml(r.printedBy)}</span><span>${escapeHtml(r.printedOn)}印发</span></p></div>`,
  );
  return `<!doctype html>
<html lang="zh-CN">
<head>
<meta charset="utf-8">
<title>${escapeHtml(doc.title)}</title>
<style>
${LATIN_FACE}
/* GB/T 9704: A4, 天头 37 mm, 订口 28 mm, 版心 156 × 225 mm; page number "— N —" in 四号宋体
   7 mm below the text block, odd pages right and even pages left, one character in. */
@page { size: A4; margin: 37mm 26mm 35mm 28mm; }
@page :right { @bottom-right { content: "— " counter(page) " —"; font-family: ${family(FONTS.songti)}; font-size: ${SIZES.sihao}pt; vertical-align: top; padding-top: 7mm; padding-right: ${SIZES.sihao}pt; } }
@page :left { @bottom-left { content: "— " counter(page) " —"; font-family: ${family(FONTS.songti)}; font-size: ${SIZES.sihao}pt; vertical-align: top; padding-top: 7mm; padding-left: ${SIZES.sihao}pt; } }
html, body { margin: 0; padding: 0; }
/* 28 characters a line: the 156 mm block is 442.2 pt, so each 三号 (16 pt) character advances
   15.79 pt; 22 lines at a 28 pt pitch fill the 225 mm block. */
body { font-family: ${family(FONTS.fangsong)}; font-size: ${SIZES.sanhao}pt; letter-spacing: -0.22pt; line-height: 28pt; color: #000; text-align: justify; }
.redhead { font-family: ${family(FONTS.xiaobiaosong)}; color: #f00; text-align: center; line-height: 1.3; white-space: nowrap; margin-bottom: 56pt; letter-spacing: 0; }
.docno { text-align: center; padding-bottom: 4mm; margin-bottom: 28pt; }
.docno.ruled { border-bottom: 1.5pt solid #f00; }
h1 { font-family: ${family(FONTS.xiaobiaosong)}; font-size: ${SIZES.erhao}pt; font-weight: normal; line-height: 35pt; text-align: center; margin: 0 0 28pt; letter-spacing: 0; }
h2 { font-family: ${family(FONTS.heiti)}; font-size: ${SIZES.sanhao}pt; font-weight: normal; margin: 0; text-indent: 31.6pt; break-after: avoid; }
p { margin: 0; text-indent: 31.6pt; orphans: 2; widows: 2; }
p.addressee { text-indent: 0; }
table { width: 100%; border-collapse: collapse; table-layout: fixed; font-size: ${SIZES.xiaosi}pt; line-height: 16pt; margin: 8pt 0 14pt; letter-spacing: 0; }
caption { font-family: ${family(FONTS.heiti)}; font-size: ${SIZES.sihao}pt; line-height: 28pt; text-align: center; caption-side: top; }
thead { display: table-header-group; }
tr { break-inside: avoid; }
th { font-family: ${family(FONTS.heiti)}; font-weight: normal; }
th, td { border: 0.75pt solid #000; padding: 2pt 3pt; vertical-align: middle; word-break: break-all; text-align: left; }
td.c, th { text-align: center; }
.closing { break-inside: avoid; }
.annexnote { margin-top: 28pt; }
.annexnote p { text-indent: 31.6pt; }
.annexnote .pad { visibility: hidden; }
.signature { margin-top: 56pt; text-align: right; padding-right: 4em; }
.signature div { display: block; }
p.contact { text-indent: 31.6pt; }
.annex { break-before: page; }
p.annexlabel { font-family: ${family(FONTS.heiti)}; text-indent: 0; }
.annex h1 { margin-top: 28pt; }
/* 版记: 抄送 and 印发机关/日期 between rules (thick first and last, thin between), 四号. */
.record { break-inside: avoid; break-before: page; font-size: ${SIZES.sihao}pt; line-height: 26pt; border-top: 0.35mm solid #000; border-bottom: 0.35mm solid #000; margin-top: 56pt; letter-spacing: 0; }
.record p { text-indent: 0; padding: 0 ${SIZES.sihao}pt; }
.record p.cc { border-bottom: 0.25mm solid #000; }
.record p.printed { display: flex; justify-content: space-between; }
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
