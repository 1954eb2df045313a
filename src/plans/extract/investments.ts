/** Money committed or planned: "X投入N万元", "计划投资N亿元", a unit paragraph's "争取落实投资N亿元以上". */
import type { Investment } from './types.ts';
import { clauseStart, clauseEnd } from './text.ts';
import { isUnitName } from './units.ts';

const MONEY_RE = /(\d+(?:\.\d+)?)\s*(万亿元|亿元|千万元|万元|元)(?:人民币)?(以上|左右)?/g;
const INVEST_VERB = /(?:投资|投入|出资|筹措|筹集|自筹|安排)(?:资金)?/;

export interface InvestmentContext {
  text: string;
  regions: [number, number][];
  /** The unit whose paragraph contains pos ("电信海北分公司：…"), if any. */
  unitAt: (pos: number) => string | null;
}

export function extractInvestments(ctx: InvestmentContext): Investment[] {
  const { text } = ctx;
  const out: Investment[] = [];
  for (const [rs, re] of ctx.regions) {
    const para = text.slice(rs, re);
    MONEY_RE.lastIndex = 0;
    let m: RegExpExecArray | null;
    while ((m = MONEY_RE.exec(para))) {
      const abs = rs + m.index;
      const cs = clauseStart(text, abs, rs);
      // 、 separates "A投入N万元、B投入M万元".
      let s = cs;
      for (let i = abs - 1; i >= cs; i--) if (text[i] === '、') { s = i + 1; break; }
      const pre = text.slice(s, abs);
      const verb = INVEST_VERB.exec(pre);
      if (!verb || /规模|交易额|产值|收入/.test(pre)) continue;
      // A condition of support ("对…投资额2000万元以上的项目", "总投资在5000万元以上") is a threshold, not money committed.
      if (/^对/.test(text.slice(cs, abs).trim()) || /投资额|投资在|投资规模/.test(pre)) continue;
      let unit: string | null = null;
      const subj = pre.slice(0, verb.index).replace(/^(?:其中|同时|并)?[：:]?/, '').replace(/(?:计划|争取|落实|累计|共|将|拟|预计)+$/, '')
        .replace(/(?:19|20)\d{2}\s*年(?:度)?/, '').trim();
      if (subj && isUnitName(subj)) unit = subj;
      else if (!subj || !/(?:全州|全省|全市|全县|全区|项目)/.test(subj)) unit = ctx.unitAt(abs);
      // Year: in the clause, else the nearest earlier year in the paragraph.
      const before = text.slice(rs, abs);
      const years = [...before.matchAll(/((?:19|20)\d{2})\s*年/g)];
      const year = years.length ? Number(years[years.length - 1][1]) : null;
      const ce = clauseEnd(text, abs + m[0].length, re);
      const inv: Investment = {
        unit,
        amount: Number(m[1]),
        currency: m[2],
        year,
        text: text.slice(s, Math.min(ce, abs + m[0].length)).trim(),
        span: [s, abs + m[0].length],
      };
      if (m[3] === '以上') inv.comparator = '>=';
      out.push(inv);
    }
  }
  return out;
}
