/**
 * Unit-name grammar. Units are organs and companies: names end in a suffix such as 局/委/厅/办/
 * 中心/公司/政府, or are collective ("各县", "各部门", "省有关单位"). Lists split on 、 (and ，)
 * outside parentheses, so "各县(市、区)人民政府" stays one unit.
 */
import { splitList, stripSpaces } from './text.ts';

const UNIT_SUFFIX =
  /(?:局|委|厅|办|中心|公司|分公司|政府|部门|部|署|院|所|会|队|行|处|室|站|社|团|馆|集团|单位|小组|委员会|管委会|海关|支行|银行|办公室|人民政府|监狱|学校|大学|学院|联社|供销社|中队|大队|支队|总队|台|报社)$/;
const COLLECTIVE = /^(?:各|全|省|市|州|县|区)?(?:各)?(?:县|区|市|州|乡镇|乡|镇|街道|部门|单位|有关单位|有关部门|相关部门|成员单位|通信运营公司|运营商|企业|高校)$/;
const NOT_UNIT = /^(?:牵头单位|牵头部门|责任单位|责任部门|配合单位|参与单位|协办单位|主办单位|联系人|电话|传真|邮箱|邮件|地址|附件|其中|注|说明|进度安排|主要内容|建设内容|目标|任务|组\s*长|副组长|成\s*员|主\s*任|副主任|来源|作者|发布时间|点击数|索引号|主题分类|发布机构|成文日期|发文字号|公文时效)$/;

/** One unit name, e.g. "州教育局", "国家统计局海北调查队", "各县". */
export function isUnitName(s: string): boolean {
  const t = stripSpaces(s);
  if (t.length < 2 || t.length > 30) return false;
  if (NOT_UNIT.test(t)) return false;
  if (/[，。；;：:“”《》\d]/.test(t)) return false;
  if (COLLECTIVE.test(t)) return true;
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

const ROLE_LEAD = /^(?:牵头单位|牵头部门|责任牵头单位|主办单位|牵头)$/;
const ROLE_RESP = /^(?:责任单位|配合单位|参与单位|协办单位|协助单位|参加单位|责任部门|配合部门|成员单位)$/;

/** "(牵头单位:A、B;责任单位:C，D)" or 〔…〕 / [ … ] variants. */
export function findUnitParenthetical(s: string): UnitAssignment | null {
  const open = /[（(〔\[【]\s*(?:牵头单位|牵头部门|责任单位|主办单位)\s*[:：]/.exec(s);
  if (!open) return null;
  const closeOf: Record<string, string> = { '（': '）', '(': ')', '〔': '〕', '[': ']', '【': '】' };
  const opener = s[open.index];
  let depth = 0, end = -1;
  for (let i = open.index; i < s.length; i++) {
    const c = s[i];
    if (c === opener || (c === '(' && opener === '（') || (c === '（' && opener === '(')) depth++;
    else if (c === closeOf[opener] || (c === ')' && opener === '（') || (c === '）' && opener === '(')) {
      depth--;
      if (depth === 0) {
        end = i;
        break;
      }
    }
  }
  if (end < 0) end = s.length;
  const inner = s.slice(open.index + 1, end);
  const out: UnitAssignment = { lead: [], responsible: [], start: open.index, end: Math.min(s.length, end + 1) };
  for (const part of splitList(inner, ';；')) {
    const m = /^([^:：]{2,8})[:：](.*)$/.exec(part.trim());
    if (!m) continue;
    const role = stripSpaces(m[1]);
    const units = splitUnits(m[2]);
    if (ROLE_LEAD.test(role)) out.lead.push(...units);
    else if (ROLE_RESP.test(role)) out.responsible.push(...units);
  }
  return out.lead.length || out.responsible.length ? out : null;
}

/** "由A牵头，B、C配合" / "A牵头、B参与" in running text; "（A、B负责）" after a task. */
export function findLeadPhrase(s: string): UnitAssignment | null {
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
