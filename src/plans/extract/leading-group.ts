/**
 * Members of a 领导小组: "组 长：朱 清 州委常委、州政府常务副州长 副组长：马占德 州政府副州长 多 杰 …".
 * Scraped lists pad two-character names with a space ("朱 清"), so two one-character tokens in a
 * row form one name; the token after a name is the position when it ends in a position word.
 */
import type { LeadingGroupMember } from './types.ts';

const ROLE_LABEL = /(副\s*组\s*长|组\s*长|成\s*员|办公室副主任|办公室主任|联\s*系\s*人)\s*[:：]/g;
const POSITION_END =
  /(?:长|主任|书记|常委|经理|秘书|主席|委员|巡视员|调研员|负责人|干部|部长|处长|科长|董事|总监|专员|助理|行长|院长|校长|局长|厅长|队长|主管|总工程师|总经济师|会计师|委员会主任)$/;
const HAN = /^[\u4e00-\u9fa5·]+$/;

const isPosition = (t: string) => t.length >= 3 && POSITION_END.test(t);

function parseMembers(seg: string, role: string, offset: number): LeadingGroupMember[] {
  const tokens: { t: string; s: number }[] = [];
  const re = /\S+/g;
  let m: RegExpExecArray | null;
  while ((m = re.exec(seg))) tokens.push({ t: m[0].replace(/[，,、；;。]+$/, ''), s: offset + m.index });
  const out: LeadingGroupMember[] = [];
  // "张三（市长）" and "张三、李四" tokens carry a title in brackets or several names.
  for (let i = 0; i < tokens.length; i++) {
    const { t, s } = tokens[i];
    const bracket = /^([\u4e00-\u9fa5·]{2,5})[（(]([^)）]+)[)）]$/.exec(t);
    if (bracket) {
      out.push({ name: bracket[1], role, title: bracket[2], span: [s, s + t.length] });
      tokens.splice(i--, 1);
      continue;
    }
    const parts = t.split('、');
    if (parts.length > 1 && parts.every((p) => HAN.test(p) && p.length >= 2 && p.length <= 4 && !isPosition(p))) {
      let off = s;
      for (const p of parts) {
        out.push({ name: p, role, title: null, span: [off, off + p.length] });
        off += p.length + 1;
      }
      tokens.splice(i--, 1);
    }
  }
  for (let i = 0; i < tokens.length; ) {
    let name = tokens[i].t;
    const s = tokens[i].s;
    let j = i + 1;
    if (name.length === 1 && tokens[j] && tokens[j].t.length === 1) {
      name += tokens[j].t;
      j++;
    }
    if (!HAN.test(name) || name.length < 2 || name.length > 5 || isPosition(name)) {
      i++;
      continue;
    }
    let title: string | null = null;
    if (tokens[j] && isPosition(tokens[j].t)) {
      title = tokens[j].t;
      j++;
    }
    out.push({ name, role, title, span: [s, tokens[j - 1].s + tokens[j - 1].t.length] });
    i = j;
  }
  return out;
}

export function extractLeadingGroup(text: string): LeadingGroupMember[] {
  const out: LeadingGroupMember[] = [];
  ROLE_LABEL.lastIndex = 0;
  const labels = [...text.matchAll(ROLE_LABEL)];
  if (!labels.some((l) => /组\s*长|成\s*员/.test(l[1]))) return out;
  for (let k = 0; k < labels.length; k++) {
    const l = labels[k];
    const role = l[1].replace(/\s+/g, '');
    if (role === '联系人') continue;
    const from = l.index! + l[0].length;
    let lineEnd = text.indexOf('\n', from);
    if (lineEnd < 0) lineEnd = text.length;
    const next = labels[k + 1]?.index ?? Infinity;
    const to = Math.min(next, lineEnd);
    out.push(...parseMembers(text.slice(from, to), role, from));
    // Members listed one per line after the label continue until a line that is not a member list.
    let ls = lineEnd + 1;
    while (to === lineEnd && ls < text.length && ls < next) {
      let le = text.indexOf('\n', ls);
      if (le < 0) le = text.length;
      const line = text.slice(ls, Math.min(le, next));
      const ms = parseMembers(line, role, ls);
      if (!ms.length || !ms.every((m) => m.title) || /[，。；]/.test(line)) break;
      out.push(...ms);
      ls = le + 1;
    }
  }
  if (!out.length) return out;
  const titleOf = (name: string) => out.find((x) => x.name === name)?.title ?? null;
  // "刘芝有同志兼任办公室主任" / "办公室主任由刘芝有同志兼任".
  const extra: LeadingGroupMember[] = [];
  const a = /([\u4e00-\u9fa5]{2,4}?)同志(?:兼任|担任|任)(办公室副主任|办公室主任|副组长|组长)/g;
  for (const m of text.matchAll(a)) extra.push({ name: m[1], role: m[2], title: titleOf(m[1]), span: [m.index!, m.index! + m[0].length] });
  const b = /(办公室副主任|办公室主任)由([\u4e00-\u9fa5]{2,4}?)(?:同志)?(?:兼任|担任)/g;
  for (const m of text.matchAll(b)) extra.push({ name: m[2], role: m[1], title: titleOf(m[2]), span: [m.index!, m.index! + m[0].length] });
  const c = /联\s*系\s*人\s*[:：]\s*([\u4e00-\u9fa5](?: ?[\u4e00-\u9fa5]){1,3}?)(?=\s|[，,；;（(]|电话|$)/gm;
  for (const m of text.matchAll(c)) {
    const name = m[1].replace(/\s+/g, '');
    extra.push({ name, role: '联系人', title: titleOf(name), span: [m.index!, m.index! + m[0].length] });
  }
  return [...out, ...extra];
}
