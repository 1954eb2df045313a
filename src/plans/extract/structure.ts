/**
 * The heading tree of a plan: 一、 (一) 1. (1) ① ——— 专栏N and "X局：" unit paragraphs. Numbering
 * decides nesting: a marker continues the innermost list of its kind whose last number it follows,
 * and a list that restarts at 1 nests under the current node (专栏五's 一、二、… inside 二、). Run-in
 * headings ("…。4.拓展…", "…。———工程:") are split off when they continue such a list.
 */
import type { Span } from './types.ts';
import { chineseNumber } from './text.ts';
import { isUnitLabel } from './units.ts';

export type NodeKind = 'root' | 'annex' | 'cn' | 'paren-cn' | 'num' | 'paren-num' | 'circled' | 'bullet' | 'box' | 'lead';

export interface Node {
  kind: NodeKind;
  marker: string;
  num: number;
  /** Span of the marker plus heading line. */
  start: number;
  /** Where the heading text starts (after the marker). */
  headStart: number;
  /** Paragraph spans belonging to this node, the first being the heading line remainder. */
  paras: Span[];
  children: Node[];
  parent: Node | null;
  /** Index of the node's first segment in document order. */
  order: number;
  /** For 'lead' nodes: the unit label before the colon. */
  label?: string;
}

export interface Segment {
  start: number;
  end: number;
  node: Node;
  /** True for the segment that opened the node (its heading). */
  isHead: boolean;
}

export interface Structure {
  root: Node;
  nodes: Node[];
  segments: Segment[];
}

interface MarkerMatch {
  kind: NodeKind;
  num: number;
  length: number;
  marker: string;
}

const CN_NUM = '[一二三四五六七八九十]{1,3}';
const MARKERS: [NodeKind, RegExp][] = [
  // An annex (附件：任务分解表, 考评指标) stands beside the main text, not inside its last section.
  ['annex', /^附件\s*(\d{0,2})\s*[:：]?(?=\S)/],
  ['box', new RegExp(`^专栏\\s*(${CN_NUM}|\\d{1,2})\\s*[:：]?`)],
  ['cn', new RegExp(`^(${CN_NUM})\\s*[、.．]`)],
  ['paren-cn', new RegExp(`^[（(]\\s*(${CN_NUM})\\s*[)）]\\s*[、.．]?`)],
  ['num', /^(\d{1,2})\s*(?:[、．]|\.(?!\d))/],
  ['paren-num', /^[（(]\s*(\d{1,2})\s*[)）]\s*[、.．]?/],
  ['circled', /^([①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳])/],
  ['bullet', /^(?:—{2,}|－{2,}|-{3,}|[■●◆•▲])\s*/],
];

export function matchMarker(s: string): MarkerMatch | null {
  for (const [kind, re] of MARKERS) {
    const m = re.exec(s);
    if (!m) continue;
    let num = 0;
    if (kind === 'circled') num = '①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳'.indexOf(m[1]) + 1;
    else if (kind === 'annex') num = Number(m[1] || 0);
    else if (kind !== 'bullet') num = chineseNumber(m[1]);
    if (Number.isNaN(num)) continue;
    // A heading needs text after the marker ("1." alone or "3G" is not a heading).
    if (kind !== 'box' && m[0].length >= s.length) continue;
    return { kind, num, length: m[0].length, marker: m[0].replace(/\s+/g, '') };
  }
  return null;
}

interface Frame {
  kind: NodeKind;
  last: number;
  node: Node;
}

/** Node kinds that close when a structural marker of another kind arrives. */
const WEAK: NodeKind[] = ['bullet', 'lead'];

export function parseStructure(text: string): Structure {
  const root: Node = { kind: 'root', marker: '', num: 0, start: 0, headStart: 0, paras: [], children: [], parent: null, order: 0 };
  const nodes: Node[] = [];
  const segments: Segment[] = [];
  let stack: Frame[] = [];
  let lead: Node | null = null;

  const top = () => (stack.length ? stack[stack.length - 1].node : root);
  const newNode = (kind: NodeKind, marker: string, num: number, start: number, headStart: number, parent: Node): Node => {
    const n: Node = { kind, marker, num, start, headStart, paras: [], children: [], parent, order: segments.length };
    parent.children.push(n);
    nodes.push(n);
    return n;
  };

  /** Where the marker goes; null when it would not continue or open a list (run-in check). */
  const place = (mm: MarkerMatch, dryRun: boolean): { parentIdx: number; replace: boolean } | null => {
    let frames = stack;
    if (!WEAK.includes(mm.kind)) frames = frames.filter((f) => !WEAK.includes(f.kind));
    if (mm.kind === 'bullet') {
      for (let i = stack.length - 1; i >= 0; i--) if (stack[i].kind === 'bullet') return { parentIdx: i, replace: true };
      return { parentIdx: -1, replace: false };
    }
    if (mm.kind === 'annex') return { parentIdx: -1, replace: false };
    if (mm.kind === 'box') {
      for (let i = stack.length - 1; i >= 0; i--) if (stack[i].kind === 'box') return { parentIdx: i, replace: true };
      // A box closes the numbered items before it and sits beside them.
      let i = stack.length - 1;
      while (i >= 0 && ['num', 'paren-num', 'circled', 'bullet', 'lead'].includes(stack[i].kind)) i--;
      return { parentIdx: i, replace: false, ...{ popTo: i } } as { parentIdx: number; replace: boolean };
    }
    for (let i = frames.length - 1; i >= 0; i--) {
      const f = frames[i];
      if (f.kind === mm.kind && f.last + 1 === mm.num) return { parentIdx: stack.indexOf(f), replace: true };
    }
    if (mm.num === 1) return { parentIdx: -1, replace: false };
    if (dryRun) return null;
    for (let i = frames.length - 1; i >= 0; i--) if (frames[i].kind === mm.kind) return { parentIdx: stack.indexOf(frames[i]), replace: true };
    return { parentIdx: -1, replace: false };
  };

  const open = (mm: MarkerMatch, start: number) => {
    const p = place(mm, false)!;
    lead = null;
    if (p.replace) {
      stack = stack.slice(0, p.parentIdx + 1);
      const parent = p.parentIdx > 0 ? stack[p.parentIdx - 1].node : root;
      const node = newNode(mm.kind, mm.marker, mm.num, start, start + mm.length, parent);
      stack[p.parentIdx] = { kind: mm.kind, last: mm.num, node };
      return node;
    }
    if (mm.kind === 'annex') stack = [];
    if (mm.kind === 'box') stack = stack.slice(0, p.parentIdx + 1);
    else if (!WEAK.includes(mm.kind)) while (stack.length && WEAK.includes(stack[stack.length - 1].kind)) stack.pop();
    const node = newNode(mm.kind, mm.marker, mm.num, start, start + mm.length, top());
    stack.push({ kind: mm.kind, last: mm.num, node });
    return node;
  };

  const RUN_IN = /[。；;！？](?=\s*(?:—{2,}|专栏|[（(]?[一二三四五六七八九十\d]{1,3}\s*[)）、.．]))/g;

  let pos = 0;
  for (const line of text.split('\n')) {
    const lineStart = pos;
    pos += line.length + 1;
    if (!line.trim()) continue;
    let segStart = lineStart;
    const lineEnd = lineStart + line.length;
    while (segStart < lineEnd) {
      const segText = text.slice(segStart, lineEnd);
      const mm = matchMarker(segText);
      let node: Node;
      let isHead = false;
      if (mm) {
        node = open(mm, segStart);
        isHead = true;
      } else {
        const label = /^([^，,。；;：:\n]{2,40}?)[：:]/.exec(segText);
        if (label && isUnitLabel(label[1])) {
          // Unit paragraphs ("州教育局：…") are siblings: close the previous one first.
          if (lead) stack = stack.filter((f) => f.node !== lead);
          while (stack.length && stack[stack.length - 1].kind === 'bullet') stack.pop();
          node = newNode('lead', label[1], 0, segStart, segStart + label[0].length, top());
          node.label = label[1];
          lead = node;
          stack.push({ kind: 'lead', last: 0, node });
          isHead = true;
        } else node = lead ?? top();
      }
      // Find where a run-in heading splits this segment.
      let segEnd = lineEnd;
      RUN_IN.lastIndex = 0;
      const body = text.slice(segStart, lineEnd);
      let m: RegExpExecArray | null;
      const from = mm ? mm.length : 0;
      while ((m = RUN_IN.exec(body))) {
        if (m.index < from) continue;
        const at = m.index + 1;
        const next = matchMarker(body.slice(at).replace(/^\s+/, ''));
        if (!next) continue;
        if (next.kind === 'bullet' || place(next, true)) {
          segEnd = segStart + at;
          break;
        }
      }
      const headStart = isHead ? node.headStart : segStart;
      node.paras.push([headStart, segEnd]);
      segments.push({ start: segStart, end: segEnd, node, isHead });
      segStart = segEnd;
      while (segStart < lineEnd && text[segStart] === ' ') segStart++;
    }
  }
  return { root, nodes, segments };
}

/** The node's path of markers, e.g. "二、(一)1.". */
export function sectionPath(n: Node): string {
  const parts: string[] = [];
  for (let p: Node | null = n; p && p.kind !== 'root'; p = p.parent) {
    if (p.kind === 'lead' || p.kind === 'bullet') continue;
    parts.unshift(p.marker.replace(/[:：]$/, ''));
  }
  return parts.join('');
}

export function topSection(n: Node): Node | null {
  let p: Node | null = n;
  while (p && p.parent && p.parent.kind !== 'root') p = p.parent;
  return p && p.kind !== 'root' ? p : null;
}

/** Own text of a node: heading remainder and continuation paragraphs, without children. */
export function nodeText(text: string, n: Node): string {
  return n.paras.map(([s, e]) => text.slice(s, e)).join('\n');
}
