/**
 * Tasks: numbered work items, 专栏 projects (——— bullets), unit paragraphs ("州教育局：…") and
 * run-in headed paragraphs inside a project. Only sections whose heading names work (任务, 工程,
 * 重点…) carry tasks; goals, principles and safeguards (保障措施, 政策措施) do not.
 */
import type { Task, Span } from './types.ts';
import { type Node, type Structure, sectionPath, topSection } from './structure.ts';
import { findLeadPhrase, findResponsibility, findUnitLines, findUnitParenthetical, readRunTogetherCells, splitUnits, unitLexicon } from './units.ts';

const TASK_WORDS = /任务|工程|项目|重点工作|重点领域|行动|分工|主要内容|重点|举措|建设内容/;
const NON_TASK_WORDS =
  /总体要求|指导思想|基本原则|发展目标|主要目标|总体目标|工作目标|目标要求|保障措施|政策措施|保障机制|组织保障|组织实施|组织领导|其他要求|工作要求|有关要求|实施步骤|工作步骤|进度安排|背景|意义|附则|考核|督查|监督/;

export interface TaskWithNode extends Task {
  node: Node;
}

function headingText(text: string, n: Node): string {
  const [s, e] = n.paras[0] ?? [n.headStart, n.headStart];
  return text.slice(s, e);
}

export function isTaskSection(text: string, top: Node | null): boolean {
  if (!top || top.kind === 'lead') return true;
  const h = headingText(text, top).slice(0, 40);
  if (TASK_WORDS.test(h)) return true;
  return !NON_TASK_WORDS.test(h);
}

const MAX_TITLE = 60;

// A heading written into its body ("通信基础设施提升工程持续增加…", "指导思想以习近平…") ends with a
// heading noun and/or is followed by a word that opens a sentence of plan prose.
const HEAD_FINAL = /(?:工程|计划|行动|专项|思想|原则|目标|任务|措施)$/;
const VERB_FINAL = /(?:打造|培育|建设|推进|推动|加快|发展|支持|促进|加强|提升|完善|构建|实施|开展|鼓励|引导|优化|强化|和|的|与|及|在|对|以|将|把)$/;
const STRONG_OPENER = /^(?:大力|持续|积极|着力|围绕|聚焦|依托|按照|坚持|以|到20|立足|面向|紧扣|充分|进一步|全面|力争|抢抓|瞄准|通过|结合|针对|鼓励|支持|推动|推进|加快|建立|健全|构建|实施|开展|深化|统筹|发挥|培育|打造|探索|制定|优化|落实|加大|引导|强化|完善|加强|做强|建设|提升|提高|组织|研究|整合|促进|引进|重点|各)/;
const ADVERB_OPENER = /^(?:大力|持续|积极|着力|围绕|聚焦|依托|按照|坚持|以|到20|立足|面向|紧扣|充分|进一步|全面|力争|抢抓|瞄准|通过|结合|针对)/;

/** Where a heading that runs into its body ends, or -1. */
export function runInHeadingEnd(clause: string): number {
  const max = Math.min(clause.length - 2, 30);
  for (let p = 4; p <= max; p++) {
    const rest = clause.slice(p);
    if (HEAD_FINAL.test(clause.slice(0, p)) && STRONG_OPENER.test(rest) && rest.length >= 6) return p;
  }
  // "加快推进数字产业发展发展培育…": a word written twice is where the heading meets its body.
  for (let p = 4; p <= max; p++) if (clause.slice(p - 2, p) === clause.slice(p, p + 2) && /^[\u4e00-\u9fa5]{2}$/.test(clause.slice(p, p + 2))) return p;
  for (let p = 4; p <= max; p++) {
    if (ADVERB_OPENER.test(clause.slice(p)) && !/[、“《（(]/.test(clause.slice(0, p)) && !VERB_FINAL.test(clause.slice(0, p))) return p;
  }
  return -1;
}

/** Splits a heading paragraph into title and body. */
export function splitHeading(s: string, kind: Node['kind']): { title: string; bodyOffset: number } {
  const unitParen = findUnitParenthetical(s);
  if (unitParen && unitParen.start > 0 && unitParen.start <= MAX_TITLE && !/[。；;！？，,]/.test(s.slice(0, unitParen.start))) {
    return { title: s.slice(0, unitParen.start).trim(), bodyOffset: unitParen.end };
  }
  const colon = /^([^，,。；;：:]{2,40})[：:]/.exec(s);
  if (colon && kind !== 'lead') return { title: colon[1].trim(), bodyOffset: colon[0].length };
  const stop = /[。；;！？]/.exec(s);
  if (kind === 'bullet') {
    // A bullet without "name:" is titled by its first clause.
    const c = /[，,。；;]/.exec(s);
    const end = c ? c.index : s.length;
    return { title: s.slice(0, end).trim(), bodyOffset: 0 };
  }
  const firstClause = /[，,。；;！？]/.exec(s);
  const clause = s.slice(0, firstClause ? firstClause.index : s.length);
  const cut = runInHeadingEnd(clause);
  if (cut > 0 && (clause.length > 24 || HEAD_FINAL.test(clause.slice(0, cut)) || (stop && stop.index > MAX_TITLE))) return { title: s.slice(0, cut).trim(), bodyOffset: cut };
  if (stop && stop.index <= MAX_TITLE && !/[，,]/.test(s.slice(0, stop.index))) return { title: s.slice(0, stop.index).trim(), bodyOffset: stop.index + 1 };
  if (stop && stop.index <= 30) return { title: s.slice(0, stop.index).trim(), bodyOffset: stop.index + 1 };
  if (!stop && s.length <= MAX_TITLE && !/[，,]/.test(s)) return { title: s.trim(), bodyOffset: s.length };
  // A task title is its first clause, not its whole sentence.
  const c = /[，,]/.exec(s);
  const end = c && c.index <= MAX_TITLE ? c.index : Math.min(s.length, MAX_TITLE);
  return { title: s.slice(0, end).trim(), bodyOffset: stop && stop.index <= MAX_TITLE ? stop.index + 1 : 0 };
}

const SUB_TITLE_MAX = 45;
const COVERB_OPENER = /^(?:以|依托|依靠|围绕|按照|根据|通过|结合|针对|面向|立足|聚焦|基于|借助|利用|对|在|为|从|由)/;

/** A run-in heading at the start of a paragraph: "加快光纤宽带网络建设。加快建设…". */
function runInHeading(p: string): string | null {
  const h = runInCandidate(p);
  // Headings are verb-object phrases; reported speech ("《意见》提到", "值得一提的是") and labels are not.
  if (!h || /[:：《》]|(?<![A-Za-z])\d|该|将由|我市|我省/.test(h) || /(?:是|提到|指出|表示|认为|明确)$/.test(h)) return null;
  return h;
}

function runInCandidate(p: string): string | null {
  const stop = /[。；;]/.exec(p);
  if (stop && stop.index <= SUB_TITLE_MAX && stop.index >= 4 && p.slice(stop.index + 1).trim().length > 0) return p.slice(0, stop.index);
  // "丰富信息内容产品,实施…": a short verb-object clause before the first comma.
  const c = /[，,]/.exec(p);
  // A clause opened by a coverb ("依托优势企业，…", "以…为…") frames its sentence; it is no title.
  if (c && c.index >= 4 && c.index <= 12 && !COVERB_OPENER.test(p) && !/\d/.test(p.slice(0, c.index))) return p.slice(0, c.index);
  return null;
}

/**
 * `runTogether`: the document came without its paragraph breaks, so headed passages inside one
 * paragraph are read from sentences (with its breaks, the author's paragraphs decide).
 */
export function extractTasks(text: string, st: Structure, runTogether = false): TaskWithNode[] {
  const out: TaskWithNode[] = [];
  const seen = new Set<string>();
  const push = (t: TaskWithNode) => {
    const key = t.title.replace(/\s+/g, '');
    if (!key || seen.has(key)) return;
    seen.add(key);
    out.push(t);
  };
  const tops = st.root.children.filter((c) => c.kind === 'cn' && isTaskSection(text, c));
  // A task table whose cells ran together (序号 任务 主要措施 牵头单位 配合单位 …) in an annex:
  // each measure ends with its unit cells, told apart by the names the plan uses elsewhere.
  const tableCells = /序号\s*(?:重点|主要)?任务[^。\n]{0,12}牵头(?:单位|部门)/.test(text);
  const lexicon = tableCells ? unitLexicon(text, st) : new Set<string>();
  const flat = tops.length >= 3 && tops.every((c) => c.children.length === 0);
  for (const n of st.nodes) {
    if (n.kind === 'box' || n.kind === 'annex') continue;
    const top = topSection(n);
    const own = n.paras.map(([a, b]) => text.slice(a, b)).join('\n');
    const notation = n.kind === 'lead' ? null : (findResponsibility(own) ?? (tableCells && hasAncestor(n, 'annex') ? readRunTogetherCells(own, lexicon) : null));
    // An item that names who carries it is a task wherever it stands (保障措施 with units too).
    if (!isTaskSection(text, top) && !notation) continue;
    // Unit paragraphs before any heading are the addressees (主送机关), not duties.
    if (n.kind === 'lead' && n.parent?.kind === 'root') continue;
    // A top-level 一、 section is a container, unless the plan is flat (its sections have no
    // sub-items) or the section itself names who carries it.
    // A 一、 section that opens with its own paragraph of work before its items is a task too.
    if (n === top && n.kind === 'cn' && !(flat || notation || introStatesWork(text, n))) continue;
    const inBox = hasAncestor(n, 'box');
    const head = headingText(text, n);
    if (n.kind === 'bullet' && !inBox && !/^[^，,。；;：:]{2,40}[：:]/.test(head)) continue;
    // A numbered group heading with no body of its own only structures its children.
    const ownBody = n.paras.slice(1).some(([s, e]) => e > s);
    const { title, bodyOffset } = n.kind === 'lead' ? { title: n.label ?? '', bodyOffset: 0 } : splitHeading(head, n.kind);
    const headRest = head.slice(bodyOffset).trim();
    if (n.kind !== 'lead' && n.children.length > 0 && !ownBody && !headRest) continue;
    if (n.kind === 'cn' && n.children.some((c) => c.kind !== 'lead') && !ownBody && !headRest) continue;
    if (!title) continue;

    const [hs, he] = n.paras[0];
    const bodyParas: Span[] = [];
    if (headRest) bodyParas.push([hs + bodyOffset + (head.slice(bodyOffset).length - head.slice(bodyOffset).trimStart().length), he]);
    bodyParas.push(...n.paras.slice(1).filter(([s, e]) => e > s));
    const body = bodyParas.map(([s, e]) => text.slice(s, e)).join('\n');
    const end = n.paras[n.paras.length - 1][1];

    let lead: string[] = [], resp: string[] = [];
    const paren = notation ?? findUnitLines(body);
    if (n.kind === 'lead') lead = splitUnits(n.label ?? '');
    else if (paren) {
      lead = paren.lead;
      resp = paren.responsible;
    } else {
      const phrase = findLeadPhrase(body);
      if (phrase) {
        lead = phrase.lead;
        resp = phrase.responsible;
      }
    }
    const cleanBody = notation ? body.replace(own.slice(notation.start, notation.end), '') : body;
    push({ title, section: sectionPath(n) || null, leadUnits: lead, responsibleUnits: resp, text: cleanBody.trim(), span: [n.start, end], node: n });

    // Projects written as several paragraphs, each opened by a run-in heading, hold sub-tasks.
    if (n.kind === 'lead' || !bodyParas.length) continue;
    const subs: { title: string; span: Span; body: string }[] = [];
    for (const [s, e] of bodyParas) {
      const p = text.slice(s, e);
      const h = runInHeading(p);
      if (h) subs.push({ title: h, span: [s, e], body: p.slice(h.length + 1).trim() });
    }
    if (runTogether && (subs.length < 2 || bodyParas.length < 2)) {
      // Run-together text: a short sentence that names a piece of work and opens a longer passage.
      subs.length = 0;
      for (const [s, e] of bodyParas) for (const sub of runInSentences(text, s, e)) subs.push(sub);
    }
    if (subs.length < 2) continue;
    for (const sub of subs) {
      push({ title: sub.title, section: sectionPath(n) || null, leadUnits: [], responsibleUnits: [], text: sub.body, span: sub.span, node: n });
    }
  }
  // A report or a loosely structured text with no numbered items: "在X方面，…" paragraphs are its tasks.
  if (!out.length) {
    for (const seg of st.segments) {
      const m = /^\s*在([^，,。；;“”《》]{2,20})方面[，,]/.exec(text.slice(seg.start, seg.end));
      if (m) push({ title: m[1], section: null, leadUnits: [], responsibleUnits: [], text: text.slice(seg.start + m[0].length, seg.end).trim(), span: [seg.start, seg.end], node: seg.node });
    }
  }
  return out;
}

/** Short headed passages inside one paragraph: "…。扩大农村宽带网络覆盖。大力建设…". */
function runInSentences(text: string, from: number, to: number): { title: string; span: Span; body: string }[] {
  const sentences: [number, number][] = [];
  let a = from;
  let depth = 0;
  for (let i = from; i < to; i++) {
    const c = text[i];
    if (c === '（' || c === '(') depth++;
    else if ((c === '）' || c === ')') && depth > 0) depth--;
    else if ((c === '。' || c === '；' || c === ';') && depth === 0) {
      sentences.push([a, i]);
      a = i + 1;
    }
  }
  if (a < to) sentences.push([a, to]);
  // The passage opens a paragraph (it follows its item's heading), so its first clause may be a
  // sub-item title as an author's paragraph start would be ("丰富信息内容产品，实施…"). Being first
  // is weak evidence: it counts when siblings confirm it.
  const lead = to - text.slice(from, to).trimStart().length;
  const opening = runInHeading(text.slice(lead, to));
  const closed = opening !== null && !/[，,]/.test(text[lead + opening.length] ?? '');
  const anchor = opening ? clauses(opening) : null;
  const plain: { i: number; title: string }[] = [];
  const rhythm: { i: number; title: string }[] = [];
  sentences.forEach(([s, e], i) => {
    const t = text.slice(s, e).trim();
    if (text[e] !== '。' || i + 1 >= sentences.length) return;
    const next = sentences[i + 1];
    if (next[1] - next[0] < 12) return;
    if (t.length < 4 || t.length > SUB_TITLE_MAX || !runInHeading(`${t}。x`)) return;
    if (!/[，,、]/.test(t)) plain.push({ i, title: t });
    else if (anchor && s > lead && isSibling(anchor, clauses(t))) rhythm.push({ i, title: t });
  });
  const heads = [...plain, ...rhythm].sort((x, y) => x.i - y.i);
  // An opening clause cut at its comma stands with any two other titles; a whole opening
  // sentence only with a sibling written to its rhythm.
  const first = heads[0]?.i === 0 && sentences[0][0] <= lead;
  if (opening && !first && (rhythm.length > 0 || (!closed && plain.length >= 2))) heads.unshift({ i: -1, title: opening });
  if (heads.length < 2) return [];
  return heads.map((h, k) => {
    const [s, e] = h.i < 0 ? [lead, lead + h.title.length] : sentences[h.i];
    const end = k + 1 < heads.length ? sentences[heads[k + 1].i][0] : to;
    return { title: h.title, span: [s, end] as Span, body: text.slice(e + 1, end).trim() };
  });
}

function clauses(t: string): string[] {
  return t.split(/[，,]/).map((c) => c.trim());
}

/**
 * Sibling items are written to one rhythm: an opening title with an enumeration or a quotation
 * ("开展“数字医院”示范试点") is followed by one that opens with the same verb and ends with the same
 * noun ("开展“数字校园”、“数字农业”…等示范试点"). Two-clause sentences ("推进政府数据开放共享，促进…")
 * are not taken on rhythm alone: real plans write their bodies in that shape too.
 */
function isSibling(anchor: string[], t: string[]): boolean {
  const a = anchor[0];
  const c = t.join('，');
  return t.length === 1 && a.length >= 6 && c.slice(0, 2) === a.slice(0, 2) && c.slice(-2) === a.slice(-2);
}

function introStatesWork(text: string, n: Node): boolean {
  if (!n.children.some((c) => c.kind !== 'lead')) return false;
  const [hs, he] = n.paras[0];
  const head = text.slice(hs, he);
  const { bodyOffset } = splitHeading(head, n.kind);
  const intro = (head.slice(bodyOffset) + n.paras.slice(1).map(([a, b]) => text.slice(a, b)).join('')).trim();
  // A sentence of work: long enough, and carried by a verb of doing, not a statement of aims.
  return intro.length >= 30 && /^(?:大力|加快|推进|推动|实施|开展|围绕|聚焦|发展|支持|强化|加强|建设|构建|培育|深化|完善)/.test(intro);
}

function hasAncestor(n: Node, kind: Node['kind']): boolean {
  for (let p = n.parent; p; p = p.parent) if (p.kind === kind) return true;
  return false;
}

/** The task a position belongs to: the innermost task whose node encloses it. */
export function taskLocator(tasks: TaskWithNode[]): (node: Node | null, pos: number) => TaskWithNode | null {
  const byNode = new Map<Node, TaskWithNode[]>();
  for (const t of tasks) byNode.set(t.node, [...(byNode.get(t.node) ?? []), t]);
  return (node, pos) => {
    for (let n = node; n; n = n.parent) {
      const ts = byNode.get(n);
      if (!ts) continue;
      // A sub-task (run-in paragraph) wins over its project when it covers the position.
      return ts.find((t, i) => i > 0 && pos >= t.span[0] && pos <= t.span[1]) ?? ts[0];
    }
    return null;
  };
}
