/**
 * Recovers paragraph breaks in run-together text (copied out of a web page or a PDF): a heading
 * marker (一、 （一） 1. （1） 专栏N 附件) written in the middle of a line starts a new paragraph
 * when it continues a numbering sequence or opens one whose next number follows. Ordinal
 * continuity is what tells "（二）加强…" from "统一、规范" or "1.5%". Text that already has its
 * breaks is left as it is, apart from run-in markers that continue a sequence.
 */

import { isUnitLabel } from './units.ts';

const CN = '[一二三四五六七八九十]{1,3}';
// One alternative per kind; the lookbehind keeps numbers inside numbers ("2.1", "第3.") out.
const CANDIDATE = new RegExp(
  [
    `(专栏\\s*(?:${CN}|\\d{1,2}))(?=[\\s:：\\u4e00-\\u9fa5“])`,
    `(?<![\\u4e00-\\u9fa5])(${CN})、(?=[\\u4e00-\\u9fa5“《])`,
    `[（(](${CN})[)）](?=[\\u4e00-\\u9fa5“《])`,
    `(?<![\\d.．A-Za-z第\\-—~～/])(\\d{1,2})(?:[、．]|\\.(?!\\d))(?=[\\u4e00-\\u9fa5“《])`,
    `[（(](\\d{1,2})[)）](?=[\\u4e00-\\u9fa5“《])`,
    `(附件\\s*\\d{0,2}\\s*[:：]?)(?=[\\u4e00-\\u9fa5《])`,
  ].join('|'),
  'g',
);

type Kind = 'box' | 'cn' | 'paren-cn' | 'num' | 'paren-num' | 'annex';
const KINDS: Kind[] = ['box', 'cn', 'paren-cn', 'num', 'paren-num', 'annex'];

interface Cand {
  pos: number;
  kind: Kind;
  num: number;
  lineStart: boolean;
  /** Preceded by a sentence end, a closing bracket or a line start. */
  boundary: boolean;
}

const DIGITS: Record<string, number> = { 一: 1, 二: 2, 三: 3, 四: 4, 五: 5, 六: 6, 七: 7, 八: 8, 九: 9 };
function cnNumber(s: string): number {
  if (s === '十') return 10;
  if (s.length === 1) return DIGITS[s] ?? NaN;
  if (s[0] === '十') return 10 + (DIGITS[s[1]] ?? NaN);
  if (s[1] === '十') return (DIGITS[s[0]] ?? NaN) * 10 + (s[2] ? (DIGITS[s[2]] ?? NaN) : 0);
  return NaN;
}

const BOUNDARY_BEFORE = /[。；;：:！？!?）)〕】」”\s]/;

export function candidates(text: string): Cand[] {
  const out: Cand[] = [];
  CANDIDATE.lastIndex = 0;
  let m: RegExpExecArray | null;
  while ((m = CANDIDATE.exec(text))) {
    const g = m.slice(1);
    const k = g.findIndex((x) => x !== undefined);
    const kind = KINDS[k];
    let num = 0;
    if (kind === 'box') num = 0;
    else if (kind === 'annex') num = 0;
    else if (kind === 'cn' || kind === 'paren-cn') num = cnNumber(g[k]!);
    else num = Number(g[k]);
    if (!Number.isFinite(num)) continue;
    const prev = text[m.index - 1];
    out.push({ pos: m.index, kind, num, lineStart: prev === undefined || prev === '\n', boundary: prev === undefined || BOUNDARY_BEFORE.test(prev) });
  }
  return out;
}

/** Positions where a run-in heading starts, by ordinal continuity. */
export function runInHeadings(text: string): number[] {
  const cs = candidates(text);
  // The next number of every open list, one entry per list: a list nested in a 专栏 (一、…八、) and
  // the document's own 一、二、 each wait for their own 三、.
  const expected = new Map<Kind, number[]>();
  for (const k of KINDS) expected.set(k, []);
  const seen = new Set<number>();
  const accept = (c: Cand) => {
    const e = expected.get(c.kind)!;
    const at = e.indexOf(c.num);
    if (at >= 0) e.splice(at, 1);
    e.push(c.num + 1);
    if (c.kind === 'cn') seen.add(c.num);
  };
  const out: number[] = [];
  for (let i = 0; i < cs.length; i++) {
    const c = cs[i];
    if (c.lineStart) {
      if (c.kind !== 'box' && c.kind !== 'annex') accept(c);
      continue;
    }
    let ok = false;
    if (c.kind === 'box') ok = c.boundary || /[\u4e00-\u9fa5]/.test(text[c.pos - 1] ?? '');
    else if (c.kind === 'annex') {
      // "附件：…任务清单" or "附件 …" opening the annex, not "见附件" in prose.
      ok = c.boundary && !/[见如按详]$/.test(text.slice(Math.max(0, c.pos - 1), c.pos));
    } else if (expected.get(c.kind)!.includes(c.num) && c.num > 1) ok = c.kind !== 'cn' || c.boundary || headingFollows(text, c.pos);
    // "。三、保障措施（一）…": a section heading that opens its own sub-list continues the
    // document's numbering even when a nested 一、…八、 list took its number meanwhile.
    else if (c.kind === 'cn' && c.boundary && seen.has(c.num - 1) && opensSubList(text, c.pos)) ok = true;
    else if (c.num === 1) {
      // A list opens only if its second item follows before the list of the same kind would end.
      const limit = c.pos + 6000;
      for (let j = i + 1; j < cs.length && cs[j].pos < limit; j++) {
        if (cs[j].kind === c.kind && cs[j].num === 2) {
          ok = c.kind !== 'cn' || c.boundary;
          break;
        }
        if (cs[j].kind === c.kind && cs[j].num === 1) break;
      }
    }
    if (!ok) continue;
    if (c.kind !== 'box' && c.kind !== 'annex') accept(c);
    out.push(c.pos);
  }
  return out;
}

/**
 * Inserts a line break before every run-in heading, before labelled unit lines and after the title
 * when it runs into the body, so that the line-based parsers see the document's paragraphs.
 */
export function restoreBreaks(text: string): string {
  // The title run into the body: it ends with the kind of document it is (方案, 意见 …), maybe a period.
  const nl = text.indexOf('\n');
  if ((nl < 0 ? text.length : nl) > 120) {
    const t = /^[^。；，\n]{6,100}?(?:实施方案|工作方案|行动方案|方案|实施意见|意见|行动计划|计划|工作要点|要点|政策措施|措施|办法|规划|通知)(?:[（(][^（()）]{4,16}[)）])?(?=[\u4e00-\u9fa5（(])/.exec(text);
    if (t) text = text.slice(0, t[0].length) + '\n' + text.slice(t[0].length);
  }
  const at = new Set(runInHeadings(text));
  // "牵头单位：…" written as its own line in the original, outside any bracket.
  for (const m of text.matchAll(/(?<=[。；;])\s*(?=(?:牵头单位|责任单位|牵头部门|责任部门|配合单位)[:：])/g)) {
    const p = m.index! + m[0].length;
    if (!insideBracket(text, p)) at.add(p);
  }
  // A unit paragraph ("西宁市：围绕…", "州教育局：…") written after the previous one's last sentence.
  for (const m of text.matchAll(/(?<=[。；;）)])([\u4e00-\u9fa5、]{2,20})[:：](?=[\u4e00-\u9fa5])/g)) {
    if (/(?:局|委|厅|办|中心|公司|政府|部门|市|州|县|区|旗|单位|集团|院|所|会|队|行|处|室|站|社|馆|组|关|企业)$/.test(m[1]) && isUnitLabel(m[1])) at.add(m.index!);
  }
  // "——目标" bullets of a goal list or 专栏 after a sentence end.
  for (const m of text.matchAll(/(?<=[。；;：:])\s*(?=(?:—{2,}|－{2,})[\u4e00-\u9fa5“])/g)) at.add(m.index! + m[0].length);
  // A dated label that heads a dash list ("。总目标(2016年)——建成…") is a paragraph of its own.
  for (const m of text.matchAll(/(?<=[。；;])[\u4e00-\u9fa5]{2,12}[（(](?:19|20)\d{2}\s*年?[)）](?=—{2,}|－{2,})/g)) {
    at.add(m.index!);
    at.add(m.index! + m[0].length);
  }
  // The closing sentence "本方案自2022年10月8日起施行" after the last item's unit bracket.
  for (const m of text.matchAll(/(?<=[)）〕])(?=本(?:方案|意见|措施|政策措施|办法|计划|通知|细则)自)/g)) at.add(m.index!);
  // Three dashes are a bullet wherever they stand ("专栏一：…重点工程———众创空间构建工程：…").
  for (const m of text.matchAll(/(?<=[\u4e00-\u9fa5”）)])(?:—{3,}|－{3,})(?=[\u4e00-\u9fa5“])/g)) at.add(m.index!);
  if (!at.size) return text;
  const sorted = [...at].sort((a, b) => a - b);
  let out = '';
  let last = 0;
  for (const p of sorted) {
    if (p <= last && last !== 0) continue;
    let e = p;
    while (e > last && text[e - 1] === ' ') e--;
    out += text.slice(last, e);
    if (out.length && !out.endsWith('\n')) out += '\n';
    last = p;
  }
  return out + text.slice(last);
}

/** "三、保障措施（一）加强…": a short heading and the first item of its own sub-list. */
function opensSubList(text: string, pos: number): boolean {
  return /^[一二三四五六七八九十]{1,3}、[\u4e00-\u9fa5“”]{2,14}[（(]一[)）][\u4e00-\u9fa5]/.test(text.slice(pos, pos + 24));
}

/** "三、保障措施（一）…": a short heading and then a sub-marker or a full stop. */
function headingFollows(text: string, pos: number): boolean {
  return /^[一二三四五六七八九十]{1,3}、[\u4e00-\u9fa5“”]{2,14}(?:[。（(]|[一二三四五六七八九十]{1,2}、|\d{1,2}[.．、])/.test(text.slice(pos, pos + 24));
}

function insideBracket(text: string, p: number): boolean {
  let depth = 0;
  for (let i = p - 1; i >= 0 && i > p - 300; i--) {
    const c = text[i];
    if (c === '\n') break;
    if (c === '）' || c === ')' || c === '〕' || c === '】') depth++;
    else if (c === '（' || c === '(' || c === '〔' || c === '【') {
      if (depth === 0) return true;
      depth--;
    }
  }
  return false;
}
