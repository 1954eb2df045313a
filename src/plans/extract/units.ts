/**
 * Unit-name grammar. Units are organs and companies: names end in a suffix such as 局/委/厅/办/
 * 中心/公司/政府, or are collective ("各县", "各部门", "省有关单位"). Lists split on 、 (and ，)
 * outside parentheses, so "各县(市、区)人民政府" stays one unit.
 */
import { splitList, stripSpaces } from './text.ts';

const UNIT_SUFFIX =
  /(?:企业|运营商|法院|检察院|局|委|厅|办|中心|公司|分公司|政府|部门|部|署|院|所|会|队|行|处|室|站|社|团|馆|集团|单位|小组|委员会|管委会|海关|支行|银行|办公室|人民政府|监狱|学校|大学|学院|联社|供销社|中队|大队|支队|总队|台|报社)$/;
const COLLECTIVE = /^(?:各|全|省|市|州|县|区)?(?:各)?(?:县|区|市|州|乡镇|乡|镇|街道|部门|单位|有关单位|有关部门|相关部门|成员单位|通信运营公司|运营商|企业|高校)$/;
const NOT_UNIT = /^(?:牵头单位|牵头部门|责任单位|责任部门|配合单位|参与单位|协办单位|主办单位|联系人|电话|传真|邮箱|邮件|地址|附件|其中|注|说明|进度安排|主要内容|建设内容|目标|任务|组\s*长|副组长|成\s*员|主\s*任|副主任|来源|作者|发布时间|点击数|索引号|主题分类|发布机构|成文日期|发文字号|公文时效)$/;

/** One unit name, e.g. "州教育局", "国家统计局海北调查队", "各县". */
export function isUnitName(s: string): boolean {
  const t = stripSpaces(s);
  if (t.length < 2 || t.length > 30) return false;
  if (NOT_UNIT.test(t) || /^(?:发至|抄送|抄报|印发|报送|送|鼓励|支持|引导|推动|推进|加快|组织|指导|督促|要求|会同|联合|依托|通过|积极)/.test(t)) return false;
  if (/[，。；;：:“”《》\d]/.test(t)) return false;
  if (COLLECTIVE.test(t)) return true;
  // A city, prefecture or county named as the one that carries a paragraph of duties.
  if (/^[\u4e00-\u9fa5]{1,4}(?:市|州|县|盟|旗)$/.test(t) && t.length >= 3 && !/^(?:全|各|城|本|我|该|每|其他|有关|相关|地级|县级|市级)/.test(t)) return true;
  if (/^各/.test(t) && t.length <= 12) return true;
  return UNIT_SUFFIX.test(t.replace(/[（(][^)）]*[)）]$/, ''));
}

/** The label of a unit paragraph: one or more unit names joined by 、. */
export function isUnitLabel(label: string): boolean {
  const parts = splitUnits(label);
  return parts.length > 0 && parts.every(isUnitName);
}

export function splitUnits(s: string): string[] {
  return splitList(s.replace(/等$/, ''), '、，,')
    .map((u) => u.replace(/^(?:和|及|以及|与)/, '').replace(/等$/, '').trim())
    .filter(Boolean);
}

export interface UnitAssignment {
  lead: string[];
  responsible: string[];
  /** Span of the parenthetical or phrase within the searched string. */
  start: number;
  end: number;
}

const ROLE_LEAD = /^(?:责任牵头单位|牵头单位|牵头部门|主责单位|主责部门|主办单位|牵头)$/;
const ROLE_RESP = /^(?:责任单位|配合单位|参与单位|协办单位|协助单位|参加单位|责任部门|配合部门|成员单位|协同单位|支持单位|参与部门|协同部门)$/;
const ROLE_DUE = /^(?:完成时限|完成时间|时间节点|时限要求|时限|完成期限)$/;
const ROLE_ANY = /(?:牵头|主责|主办|责任|配合|参与|协办|协助|参加|成员|协同|支持)(?:单位|部门)|完成时限|完成时间|时间节点|时限要求|完成期限/;

const OPENERS = '（(〔[【';
const CLOSERS = '）)〕]】';

const isOpener = (c: number) => c === 0xff08 || c === 0x28 || c === 0x3014 || c === 0x5b || c === 0x3010; // （ ( 〔 [ 【
const isCloser = (c: number) => c === 0xff09 || c === 0x29 || c === 0x3015 || c === 0x5d || c === 0x3011; // ） ) 〕 ] 】

/** Top-level bracket groups of s: [start, end) including the brackets. */
export function bracketGroups(s: string): [number, number][] {
  const out: [number, number][] = [];
  let depth = 0, start = -1;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (isOpener(c)) {
      if (depth === 0) start = i;
      depth++;
    } else if (depth > 0 && isCloser(c)) {
      depth--;
      if (depth === 0) out.push([start, i + 1]);
    }
  }
  return out;
}

/** A name as written in a list: the scope gloss "（含…，下同）" and a list-final 等 are not part of it. */
function cleanUnit(u: string): string {
  return u.replace(/[（(](?:含|包括|以下|下同)[^)）]*[)）]$/, '').replace(/^(?:由|和|及|以及|与)/, '').replace(/等$/, '').trim();
}

export function unitList(s: string): string[] {
  return splitList(s.replace(/等$/, ''), '、，,').map(cleanUnit).filter(Boolean);
}

/** Every part is a unit name, or a bare place name completed by a later one ("南宁、柳州市人民政府"). */
function plausibleList(parts: string[]): boolean {
  if (!parts.length) return false;
  let named = 0;
  for (const p of parts) {
    if (isUnitName(p)) named++;
    else if (!/^[\u4e00-\u9fa5]{2,4}$/.test(p)) return false;
  }
  return named > 0 && isUnitName(parts[parts.length - 1]);
}

export interface ResponsibilityReading {
  lead: string[];
  responsible: string[];
  /** A deadline written with the units ("完成时限：2024年6月底"). */
  dueText: string | null;
  labelled: boolean;
}

/**
 * The content of a responsibility notation, in any of the forms plans use: labelled roles
 * ("牵头单位：A；责任单位：B、C；完成时限：…"), "A牵头，B配合/参与/按职责分工负责", "A负责",
 * or a bare list of units (all responsible).
 */
export function readResponsibility(inner: string): ResponsibilityReading | null {
  const out: ResponsibilityReading = { lead: [], responsible: [], dueText: null, labelled: false };
  const parts = splitList(inner, ';；');
  const loose: string[] = [];
  for (const raw of parts) {
    const part = raw.trim();
    const lab = /^([^:：，,、]{2,8})[:：](.*)$/.exec(part);
    if (lab) {
      const role = stripSpaces(lab[1]);
      if (ROLE_LEAD.test(role)) out.lead.push(...unitList(lab[2]));
      else if (ROLE_RESP.test(role)) out.responsible.push(...unitList(lab[2]));
      else if (ROLE_DUE.test(role)) out.dueText = lab[2].trim();
      else return null;
      out.labelled = true;
      continue;
    }
    // Clauses of one part: "A牵头，B配合" / a date.
    for (const clause of splitClauses(part)) loose.push(clause);
  }
  let leadSeen = out.lead.length > 0;
  const pendingResp: string[][] = [];
  const unlabeled: string[][] = [];
  for (const c of loose) {
    if (/(?:19|20)\d{2}\s*年|\d{1,2}\s*月(?:底|末|中旬|上旬|下旬)?(?:前|之前|完成)|长期|持续推进/.test(c) && !/牵头|负责|配合/.test(c)) {
      out.dueText ??= c;
      continue;
    }
    const lm = /^(?:由)?(.+?)(?:共同)?牵头(?:[，,、]?\s*(.+?)(?:等)?(?:按职责分工|按职责|分工)?(?:负责|配合|参与|协助|协同|落实))?$/.exec(c);
    if (lm) {
      const l = unitList(lm[1]);
      if (!plausibleList(l)) return null;
      out.lead.push(...l);
      leadSeen = true;
      if (lm[2]) {
        const r = unitList(lm[2]);
        if (!plausibleList(r)) return null;
        out.responsible.push(...r);
      }
      continue;
    }
    const rm = /^(.+?)(?:等)?(?:按职责分工|按职责|分工)?(负责|配合|参与|协助|协同|落实)$/.exec(c);
    if (rm) {
      const r = unitList(rm[1]);
      if (!plausibleList(r)) return null;
      if (rm[2] === '负责' || rm[2] === '落实') pendingResp.push(r);
      else out.responsible.push(...r);
      continue;
    }
    const l = unitList(c);
    if (!plausibleList(l)) return null;
    unlabeled.push(l);
  }
  // "A、B按职责分工负责" with no lead named: they all lead; after a lead, they are responsible.
  for (const r of pendingResp) (leadSeen ? out.responsible : out.lead).push(...r);
  for (const l of unlabeled) out.responsible.push(...l);
  if (!out.lead.length && !out.responsible.length) return null;
  return out;
}

function splitClauses(s: string): string[] {
  // Units inside one clause are joined by 、 or ，; a role word ends a clause.
  const out: string[] = [];
  let cur = '';
  let depth = 0;
  for (let i = 0; i < s.length; i++) {
    const ch = s[i];
    if (OPENERS.includes(ch)) depth++;
    else if (CLOSERS.includes(ch)) depth = Math.max(0, depth - 1);
    cur += ch;
    if (depth === 0 && /(?:牵头|负责|配合|参与|协助|协同)$/.test(cur) && /^[，,]/.test(s.slice(i + 1))) {
      out.push(cur.trim());
      cur = '';
      i++;
    } else if (depth === 0 && /[，,]/.test(ch) && /(?:19|20)\d{2}\s*年|月底|月前|年底/.test(s.slice(i + 1, i + 14)) && !/[、]/.test(s.slice(i + 1, i + 14))) {
      out.push(cur.slice(0, -1).trim());
      cur = '';
    }
  }
  if (cur.trim()) out.push(cur.trim());
  return out.filter(Boolean);
}

export interface UnitAssignment {
  lead: string[];
  responsible: string[];
  dueText?: string | null;
  /** Span of the parenthetical or phrase within the searched string. */
  start: number;
  end: number;
}

/**
 * The responsibility notation of an item: a labelled bracket anywhere ("（牵头单位：…）"), else a
 * bracket of units, "A牵头…" or "A负责" that closes the item.
 */
export function findResponsibility(s: string): UnitAssignment | null {
  let trailing: UnitAssignment | null = null;
  const groups = bracketGroups(s);
  for (const [a, b] of groups) {
    const inner = s.slice(a + 1, b - 1);
    const labelled = ROLE_ANY.test(inner.slice(0, 12)) || /^[^:：]{2,8}[:：]/.test(inner);
    // An unlabelled notation closes the item's paragraph: nothing but punctuation after it.
    const nl = s.indexOf('\n', b);
    if (!labelled && s.slice(b, nl < 0 ? s.length : nl).replace(/[\s。；;，,]/g, '') !== '') continue;
    const r = readResponsibility(inner);
    if (!r) continue;
    const ua: UnitAssignment = { lead: r.lead, responsible: r.responsible, dueText: r.dueText, start: a, end: b };
    if (r.labelled) return ua;
    trailing = ua;
  }
  return trailing;
}

/** "(牵头单位:A、B;责任单位:C，D)" or 〔…〕 / [ … ] variants. */
export function findUnitParenthetical(s: string): UnitAssignment | null {
  if (!ROLE_ANY.test(s)) return null;
  for (const [a, b] of bracketGroups(s)) {
    const inner = s.slice(a + 1, b - 1);
    if (!ROLE_ANY.test(inner.slice(0, 12))) continue;
    const r = readResponsibility(inner);
    if (r && r.labelled) return { lead: r.lead, responsible: r.responsible, dueText: r.dueText, start: a, end: b };
  }
  return null;
}

/** "由A牵头，B、C配合" / "A牵头、B参与" in running text; "（A、B负责）" after a task. */
export function findLeadPhrase(s: string): UnitAssignment | null {
  // "各市县、园区履行数据要素招商主体责任": who bears the responsibility leads.
  const duty = /(?:^|[。；;])\s*([^，,。；;：:\s]{2,30}?)(?:要|应)?(?:履行|承担|落实|负起)[^，,。；;]{0,16}?(?:主体|属地|牵头)责任/.exec(s);
  if (duty) {
    const lead = splitUnits(duty[1]);
    if (lead.length && lead.every((u) => isUnitName(u) || /^[\u4e00-\u9fa5]{2,4}$/.test(u)) && lead.some(isUnitName)) {
      return { lead, responsible: [], start: duty.index, end: duty.index + duty[0].length };
    }
  }
  if (!s.includes('牵头') && !s.includes('负责')) return null;
  const resp = /[（(]([^（()）]{2,120}?)(?:等)?(?:按职责分工|按职责)?负责[)）]/.exec(s);
  if (resp && !/牵头/.test(resp[1])) {
    const lead = splitUnits(resp[1]).filter(isUnitName);
    if (lead.length) return { lead, responsible: [], start: resp.index, end: resp.index + resp[0].length };
  }
  const m = /(?:^|[，,。；;：:\s（(]|由)([^，,。；;：:\s由（()）]{2,40}?)(?:负责)?牵头(?:[，,、]\s*([^，,。；;：:\s（()）]{2,80}?)(?:配合|参与|协助|协同|配合实施))?/.exec(s);
  if (!m) return null;
  let leadText = m[1].replace(/^(?:将|要|应|均|并|由)+/, '');
  const lead = splitUnits(leadText).filter(isUnitName);
  if (!lead.length) return null;
  const responsible = m[2] ? splitUnits(m[2]).filter(isUnitName) : [];
  return { lead, responsible, start: m.index, end: m.index + m[0].length };
}

/** Unit lines without brackets: "牵头单位：A" / "责任单位：B、C" on lines of their own. */
export function findUnitLines(s: string): UnitAssignment | null {
  const out: UnitAssignment = { lead: [], responsible: [], start: -1, end: -1 };
  const re = /(?:^|\n)\s*(牵头单位|牵头部门|责任单位|配合单位|参与单位|协办单位|责任部门)\s*[:：]\s*([^\n。]+)/g;
  for (const m of s.matchAll(re)) {
    const units = splitUnits(m[2].replace(/[；;]$/, '')).filter(isUnitName);
    if (ROLE_LEAD.test(m[1])) out.lead.push(...units);
    else out.responsible.push(...units);
    if (out.start < 0) out.start = m.index!;
    out.end = m.index! + m[0].length;
  }
  return out.lead.length || out.responsible.length ? out : null;
}

/** Unit names the plan itself writes in its responsibility notations: the plan's own registry. */
export function unitLexicon(text: string, st: { nodes: { paras: [number, number][]; kind: string }[] }): Set<string> {
  const out = new Set<string>();
  for (const n of st.nodes) {
    if (n.kind === 'annex') continue;
    const own = n.paras.map(([a, b]) => text.slice(a, b)).join('\n');
    const r = findResponsibility(own);
    if (r) for (const u of [...r.lead, ...r.responsible]) if (u.length >= 3) out.add(u);
  }
  return out;
}

const STRONG_SUFFIX = /(?:局|厅|委|办|公司|政府|单位|集团|中心|部门)$/;

/** Splits one run-together chunk ("发展改革委南宁", "自治区大数据发展局广西电网公司") where a name ends and the next begins. */
function chunkBoundary(chunk: string, lexicon: Set<string>): number {
  let best = -1;
  for (const u of lexicon) if (chunk.length > u.length && chunk.startsWith(u) && u.length > best) best = u.length;
  if (best > 0) return best;
  for (let k = 2; k < chunk.length - 1; k++) {
    const rest = chunk.slice(k);
    if (!STRONG_SUFFIX.test(chunk.slice(0, k))) continue;
    if (lexicon.has(rest) || /^(?:自治区|省|市|县|各|国家|中国)/.test(rest) || (rest.length <= 3 && /^[\u4e00-\u9fa5]+$/.test(rest))) return k;
  }
  return -1;
}

/**
 * The unit cells at the end of a measure in a table whose cells ran together: "…试点。自治区大数据发展局
 * 南宁、柳州市人民政府，自治区自然资源厅…". The first cell leads; the place where two names meet with no
 * separator is where the 配合 cell begins; a row number that follows ("…发展改革委2探索…") ends them.
 */
export function readRunTogetherCells(item: string, lexicon: Set<string>): UnitAssignment | null {
  const flat = item.replace(/\n/g, '');
  const stop = Math.max(flat.lastIndexOf('。'), flat.lastIndexOf('；'));
  if (stop < 0) return null;
  let cells = flat.slice(stop + 1);
  const serial = /\d{1,2}(?=[\u4e00-\u9fa5])/.exec(cells);
  if (serial) cells = cells.slice(0, serial.index);
  cells = cells.trim();
  if (cells.length < 3) return null;
  const lead: string[] = [];
  const responsible: string[] = [];
  let target = lead;
  for (const raw of splitList(cells, '、，,')) {
    const chunk = raw.trim();
    const k = target === lead ? chunkBoundary(chunk, lexicon) : -1;
    if (k > 0) {
      lead.push(cleanUnit(chunk.slice(0, k)));
      target = responsible;
      responsible.push(cleanUnit(chunk.slice(k)));
    } else target.push(cleanUnit(chunk));
  }
  const all = [...lead, ...responsible];
  if (!all.length || !all.some(isUnitName) || all.some((u) => /[。：:“”《》\d]/.test(u) || u.length > 20)) return null;
  return { lead, responsible, start: stop + 1, end: flat.length };
}
