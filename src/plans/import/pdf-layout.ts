/**
 * Turns the positioned text items of PDF pages into paragraphs, as the document had them before it
 * was laid out: wrapped lines are joined again, and running headers, footers and page numbers go.
 *
 * Rules (what a reader of a Chinese government PDF relies on):
 * - a line that reaches the right margin continues on the next line, unless the next line is
 *   indented (a new paragraph starts two characters in) or the line ends a sentence and the next
 *   one opens with a heading marker;
 * - CJK text joins with nothing between the lines, Latin words with one space;
 * - a line repeated at the top or bottom of most pages is a running header or footer; a line that is
 *   only a page number ("- 3 -", "第3页", "3/12") is dropped.
 */

export interface PdfItem {
  str: string;
  x: number;
  y: number;
  width: number;
  /** Font size in page units. */
  size: number;
}

interface Line {
  text: string;
  x0: number;
  x1: number;
  y: number;
  size: number;
}

function linesOf(items: PdfItem[]): Line[] {
  const sorted = items.filter((i) => i.str.length > 0).sort((a, b) => b.y - a.y || a.x - b.x);
  const lines: { items: PdfItem[]; y: number }[] = [];
  for (const it of sorted) {
    const tol = Math.max(2, it.size * 0.4);
    const line = lines.find((l) => Math.abs(l.y - it.y) <= tol);
    if (line) line.items.push(it);
    else lines.push({ items: [it], y: it.y });
  }
  return lines
    .map((l) => {
      const its = l.items.sort((a, b) => a.x - b.x);
      let text = '';
      let end = -Infinity;
      for (const it of its) {
        // A wide gap inside a line is a column or cell boundary.
        if (text && it.x - end > it.size * 1.5 && !/\s$/.test(text)) text += '  ';
        else if (text && it.x - end > it.size * 0.2 && !/\s$/.test(text) && !/^\s/.test(it.str)) text += ' ';
        text += it.str;
        end = it.x + it.width;
      }
      const size = Math.max(...its.map((i) => i.size));
      return { text: text.replace(/\s+$/, ''), x0: its[0].x, x1: Math.max(...its.map((i) => i.x + i.width)), y: l.y, size };
    })
    .filter((l) => l.text.trim().length > 0)
    .sort((a, b) => b.y - a.y);
}

const PAGE_NUMBER = /^(?:[-—－–\s]*\d{1,4}[-—－–\s]*|第\s*\d{1,4}\s*页(?:\s*[,，/]?\s*共\s*\d{1,4}\s*页)?|\d{1,4}\s*\/\s*\d{1,4}|[Pp]age\s*\d+(?:\s*of\s*\d+)?)$/;
const SENTENCE_END = /[。；;！？!?：:]$/;
const HEADING_START = /^(?:[一二三四五六七八九十]{1,3}、|[（(][一二三四五六七八九十\d]{1,3}[)）]|\d{1,2}[.．、](?!\d)|[①-⑳]|专栏|附件)/;
const isLatin = (c: string) => /[A-Za-z0-9]/.test(c);

/** Header/footer lines: the same text (digits ignored) at the top or bottom of most pages. */
function runningLines(pages: Line[][]): Set<string> {
  const key = (s: string) => s.replace(/\d+/g, '#').replace(/\s+/g, '');
  const count = new Map<string, number>();
  for (const p of pages) {
    const edge = new Set([p[0], p[p.length - 1]].filter(Boolean).map((l) => key(l.text)));
    for (const k of edge) count.set(k, (count.get(k) ?? 0) + 1);
  }
  const out = new Set<string>();
  if (pages.length < 3) return out;
  for (const [k, n] of count) if (n >= Math.max(3, pages.length * 0.6)) out.add(k);
  return out;
}

export function layoutText(pagesItems: PdfItem[][]): string {
  const pages = pagesItems.map(linesOf);
  const running = runningLines(pages);
  const key = (s: string) => s.replace(/\d+/g, '#').replace(/\s+/g, '');
  const body: Line[][] = pages.map((p) =>
    p.filter((l, i) => {
      const edge = i < 2 || i >= p.length - 2;
      if (edge && PAGE_NUMBER.test(l.text.trim())) return false;
      if ((i === 0 || i === p.length - 1) && running.has(key(l.text))) return false;
      return true;
    }),
  );
  // The text block's margins, over the whole document (a short last page has no full line).
  const all = body.flat();
  if (!all.length) return '';
  const left = quantile(all.map((l) => l.x0), 0.1);
  const right = quantile(all.map((l) => l.x1), 0.9);
  const paras: string[] = [];
  let cur = '';
  let prev: Line | null = null;
  for (const l of all) {
    const text = l.text.trim();
    const indented = l.x0 > left + l.size * 1.2;
    const prevFull = prev != null && prev.x1 >= right - prev.size * 1.6;
    const join = prev != null && prevFull && !indented && !(SENTENCE_END.test(cur) && HEADING_START.test(text));
    if (join) {
      const a = cur[cur.length - 1] ?? '';
      cur += isLatin(a) && isLatin(text[0] ?? '') ? ' ' + text : text;
    } else {
      if (cur) paras.push(cur);
      cur = text;
    }
    prev = l;
  }
  if (cur) paras.push(cur);
  return paras.join('\n');
}

function quantile(xs: number[], q: number): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.max(0, Math.floor(q * (s.length - 1))))];
}
