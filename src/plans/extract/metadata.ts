/** Title, 文号, issuer, 成文日期 and the documents the plan is based on. */
import type { BasisDoc } from './types.ts';
import { normaliseDocNumber } from './normalise.ts';

const pad = (n: string | number) => String(n).padStart(2, '0');

// 文号: prefix, year in any bracket (or a lost one), serial, optional 号.
export const DOC_NO_RE =
  /([\u4e00-\u9fa5]{1,8}?)\s*[〔\[［(（【]\s*((?:19|20)\d{2})\s*[〕\]］)）】]?\s*(?:第\s*)?(\d{1,4})\s*号?/g;
const DOC_PREFIX_END = /(?:发|办|函|字|政|委|令|通|电|规|综|办发|厅|部|局|府)$/;

export function docNumbersIn(s: string): { value: string; start: number; end: number }[] {
  const out: { value: string; start: number; end: number }[] = [];
  DOC_NO_RE.lastIndex = 0;
  let m: RegExpExecArray | null;
  while ((m = DOC_NO_RE.exec(s))) {
    let prefix = m[1];
    // Keep the shortest tail that looks like an organ abbreviation ("青政", "湘政发", "粤府函").
    for (let k = Math.max(0, prefix.length - 6); k < prefix.length; k++) {
      const tail = prefix.slice(k);
      if (DOC_PREFIX_END.test(tail) && tail.length >= 2) {
        prefix = tail;
        break;
      }
    }
    // A title run into the number ("…的通知青政办〔2022〕76号"): the prefix starts after it.
    prefix = prefix.replace(/^.*(?:的|通知|意见|方案|计划|要点|措施|办法)(?=[\u4e00-\u9fa5]{2})/, '');
    if (!DOC_PREFIX_END.test(prefix)) continue;
    out.push({ value: normaliseDocNumber(prefix, m[2], m[3]), start: m.index + m[0].indexOf(prefix), end: m.index + m[0].length });
  }
  return out;
}

const PLAN_WORD = /(?:方案|意见|计划|规划|通知|办法|纲要|决定|要点|细则)/;
const ORGAN_LINE = /^[\u4e00-\u9fa5（）()]{2,30}(?:人民政府|政府|办公室|办公厅|委员会|委|局|厅|办|部|中心)$/;

export interface Metadata {
  title: string | null;
  docNumber: string | null;
  issuer: string | null;
  issuedOn: string | null;
  basis: BasisDoc[];
}

function parseDateLine(s: string): string | null {
  const m = /^((?:19|20)\d{2})\s*(?:年|-|\/|\.|\s)\s*(\d{1,2})\s*(?:月|-|\/|\.|\s)\s*(\d{1,2})\s*日?$/.exec(s.trim());
  if (!m) return null;
  const mo = Number(m[2]), d = Number(m[3]);
  if (mo < 1 || mo > 12 || d < 1 || d > 31) return null;
  return `${m[1]}-${pad(mo)}-${pad(d)}`;
}

export function extractMetadata(text: string, bodyStart: number): Metadata {
  const lines = text.split('\n');
  const head = lines.slice(0, 12);

  // Title: the longest early line naming a plan; an organ line followed by "关于…" joins it.
  let title: string | null = null;
  for (let i = 0; i < head.length; i++) {
    let l = head[i].trim();
    if (!PLAN_WORD.test(l) || /[，,。；]/.test(l) || l.length > 80 || /^(?:根据|为|按照)/.test(l)) continue;
    if (/^关于/.test(l) && i > 0 && ORGAN_LINE.test(head[i - 1].trim())) l = head[i - 1].trim() + l;
    const next = head[i + 1]?.trim() ?? '';
    if (/^[（(]\s*(?:19|20)\d{2}[^)）]*[)）]$/.test(next)) l += next;
    l = l.replace(/\s*[〔\[(（][^〕\])）]*(?:19|20)\d{2}[^〕\])）]*[〕\])）]\s*\d+\s*号$/, '');
    if (!title || (l.length > title.length && /关于/.test(l)) || (!/关于/.test(title) && /关于/.test(l))) title = l;
  }
  if (!title) {
    // A news report names the plan it describes: "…《TITLE》正式出台".
    const m = /《([^》]{4,80}(?:方案|意见|计划|规划)[^》]{0,20})》[^。\n]{0,10}(?:正式)?(?:出台|印发|发布)/.exec(text);
    if (m) title = m[1];
  }

  // 文号: labelled, or a standalone one near the top that is not a citation in parentheses.
  let docNumber: string | null = null;
  const labelled = /(?:发文字号|文\s*号)\s*[:：]\s*([^\n]{4,30})/.exec(text);
  if (labelled) docNumber = docNumbersIn(labelled[1])[0]?.value ?? null;
  if (!docNumber) {
    for (const l of head) {
      for (const d of docNumbersIn(l)) {
        const before = l.slice(0, d.start);
        if (/[（(]\s*$/.test(before) || /》\s*$/.test(before)) continue;
        docNumber = d.value;
        break;
      }
      if (docNumber) break;
    }
  }

  // Issuer and date: labels, then the signature (organ line followed by a date line).
  let issuer = /(?:发布机构|发文机关|发文单位)\s*[:：]\s*([\u4e00-\u9fa5]{2,30}?)(?=\s|公文|主题|成文|$)/m.exec(text)?.[1] ?? null;
  let issuedOn: string | null = null;
  const cw = /成文日期\s*[:：]\s*((?:19|20)\d{2})\s*[-年.\/]\s*(\d{1,2})\s*[-月.\/]\s*(\d{1,2})/.exec(text);
  if (cw) issuedOn = `${cw[1]}-${pad(cw[2])}-${pad(cw[3])}`;
  let sigIssuer: string | null = null, sigDate: string | null = null;
  for (let i = 0; i < lines.length; i++) {
    const d = parseDateLine(lines[i]);
    if (!d) continue;
    const prev = (lines[i - 1] ?? '').trim();
    if (ORGAN_LINE.test(prev)) {
      sigIssuer = prev;
      sigDate = d;
    } else if (!sigDate && i > lines.length / 2) sigDate = d;
  }
  if (!sigDate) {
    // The signature run into one line: "黑龙江省人民政府2021年10月20日（此件公开发布）".
    const m = /([\u4e00-\u9fa5（）()]{2,30}?(?:人民政府办公厅|人民政府办公室|人民政府|办公厅|办公室|委员会|领导小组办公室|局|厅))?\s*((?:19|20)\d{2})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日\s*\n?\s*[（(]\s*此件[^)）\n]{2,8}[)）]/.exec(text);
    if (m) {
      sigDate = `${m[2]}-${pad(m[3])}-${pad(m[4])}`;
      if (m[1] && !/[，。；：]/.test(m[1])) sigIssuer = m[1].replace(/^.*[)）]/, '');
    }
  }
  issuer ??= sigIssuer;
  issuedOn ??= sigDate;
  if (!issuer && title) {
    const m = /^([\u4e00-\u9fa5]{2,30}?(?:人民政府办公室|人民政府办公厅|人民政府|办公室|办公厅|委员会|局|厅))关于/.exec(title);
    if (m) issuer = m[1];
  }
  if (!issuedOn) {
    const m = /((?:19|20)\d{2})年(\d{1,2})月(\d{1,2})日[，,]?[^。\n]{0,30}《([^》]+)》[^。\n]{0,10}(?:正式)?(?:出台|印发|发布)/.exec(text);
    if (m && (!title || title.includes(m[4]) || m[4].includes(title))) issuedOn = `${m[1]}-${pad(m[2])}-${pad(m[3])}`;
  }

  // Basis: 《…》(文号) cited in the preamble.
  const basis: BasisDoc[] = [];
  const pre = text.slice(0, Math.max(bodyStart, Math.min(text.length, 600)));
  const cite = /(?:([\u4e00-\u9fa5]{2,10}?)(?=《))?《([^》]{2,120})》\s*[（(]\s*((?:[^()（）]|[（(][^()（）]*[)）]){4,40})[)）]/g;
  let m: RegExpExecArray | null;
  while ((m = cite.exec(pre))) {
    const dn = docNumbersIn(m[3])[0]?.value;
    if (!dn) continue;
    const issuerWord = m[1]?.replace(/^(?:根据|按照|依据|贯彻|落实|贯彻落实|为|和|及|与)+/, '') || null;
    basis.push({ title: m[2], docNumber: dn, issuer: issuerWord });
  }
  return { title, docNumber, issuer, issuedOn, basis };
}
