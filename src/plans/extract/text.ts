/** Sentence and clause boundaries of official Chinese prose. */

export const SENTENCE_END = /[。；;！？!?\n]/;
export const CLAUSE_END = /[。；;！？!?\n，,：:]/;

/** Start of the sentence containing position `pos` (exclusive boundary). */
export function sentenceStart(text: string, pos: number, floor = 0): number {
  for (let i = pos - 1; i >= floor; i--) if (SENTENCE_END.test(text[i])) return i + 1;
  return floor;
}
export function sentenceEnd(text: string, pos: number, ceil = text.length): number {
  for (let i = pos; i < ceil; i++) if (SENTENCE_END.test(text[i])) return i;
  return ceil;
}
export function clauseStart(text: string, pos: number, floor = 0): number {
  for (let i = pos - 1; i >= floor; i--) if (CLAUSE_END.test(text[i]) && !insideParens(text, i, floor)) return i + 1;
  return floor;
}
export function clauseEnd(text: string, pos: number, ceil = text.length): number {
  for (let i = pos; i < ceil; i++) if (CLAUSE_END.test(text[i]) && !insideParens(text, i, Math.max(0, pos - 200))) return i;
  return ceil;
}

/** True when position i sits inside (…) / （…） opened after `floor`. */
export function insideParens(text: string, i: number, floor: number): boolean {
  let depth = 0;
  for (let k = i - 1; k >= floor; k--) {
    const c = text[k];
    if (c === ')' || c === '）') depth++;
    else if (c === '(' || c === '（') {
      if (depth === 0) return true;
      depth--;
    } else if (c === '\n') break;
  }
  return false;
}

/** True when position i sits inside “…” or 《…》 on the same paragraph. */
export function insideQuotes(text: string, i: number, floor: number): boolean {
  let open = 0, book = 0;
  for (let k = floor; k < i; k++) {
    const c = text[k];
    if (c === '“') open++;
    else if (c === '”') open = Math.max(0, open - 1);
    else if (c === '《') book++;
    else if (c === '》') book = Math.max(0, book - 1);
  }
  return open > 0 || book > 0;
}

/** Splits on 、 (and optionally ，) outside parentheses. */
export function splitList(s: string, seps = '、'): string[] {
  const out: string[] = [];
  let depth = 0, start = 0;
  for (let i = 0; i < s.length; i++) {
    const ch = s[i];
    if (ch === '(' || ch === '（' || ch === '〔' || ch === '[') depth++;
    else if (ch === ')' || ch === '）' || ch === '〕' || ch === ']') depth = depth > 0 ? depth - 1 : 0;
    else if (depth === 0 && seps.includes(ch)) {
      out.push(s.slice(start, i));
      start = i + 1;
    }
  }
  out.push(s.slice(start));
  return out.map((x) => x.trim()).filter(Boolean);
}

export const stripSpaces = (s: string) => s.replace(/\s+/g, '');

function bigrams(s: string): Map<string, number> {
  const t = s.replace(/\s+/g, '');
  const m = new Map<string, number>();
  if (t.length === 1) m.set(t, 1);
  for (let i = 0; i + 1 < t.length; i++) m.set(t.slice(i, i + 2), (m.get(t.slice(i, i + 2)) ?? 0) + 1);
  return m;
}
/** Dice coefficient over character bigrams, used to spot duplicated items. */
export function dice(a: string, b: string): number {
  const A = bigrams(a), B = bigrams(b);
  let na = 0, nb = 0, both = 0;
  for (const v of A.values()) na += v;
  for (const v of B.values()) nb += v;
  if (na + nb === 0) return 1;
  for (const [g, v] of A) both += Math.min(v, B.get(g) ?? 0);
  return (2 * both) / (na + nb);
}

const CN_DIGITS: Record<string, number> = { 零: 0, 〇: 0, 一: 1, 二: 2, 两: 2, 三: 3, 四: 4, 五: 5, 六: 6, 七: 7, 八: 8, 九: 9 };
const CN_UNITS: Record<string, number> = { 十: 10, 百: 100, 千: 1000, 万: 10000 };
/** 一 → 1, 十二 → 12, 二十三 → 23, 三百 → 300. Returns NaN for anything else. */
export function chineseNumber(s: string): number {
  if (/^\d+(\.\d+)?$/.test(s)) return Number(s);
  let total = 0, cur = 0;
  if (!s) return NaN;
  for (const ch of s) {
    if (ch in CN_DIGITS) cur = CN_DIGITS[ch];
    else if (ch in CN_UNITS) {
      total += (cur || 1) * CN_UNITS[ch];
      cur = 0;
    } else return NaN;
  }
  return total + cur;
}
