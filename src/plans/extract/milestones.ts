/**
 * Milestones: dated steps. Each deadline phrase opens a milestone that runs to the next dated
 * clause or the end of its sentence; a paragraph governed by a lead-in date ("到2016年:" followed
 * by ——— goals) is one milestone as a whole.
 */
import type { Milestone } from './types.ts';
import { type DateIndex, datesIn } from './deadlines.ts';
import type { DatePhrase } from './dates.ts';
import { clauseStart, dice, sentenceEnd } from './text.ts';
import type { Structure } from './structure.ts';

export interface MilestoneContext {
  text: string;
  st: Structure;
  dates: DateIndex;
  regions: [number, number][];
  /** Dates in clauses that are money or reporting, which are annotated elsewhere. */
  ignore: (d: DatePhrase, clause: string) => boolean;
  taskTitleAt: (pos: number) => string | null;
}

const CLEAN_LEAD = /^[\s，,：:；;、]+|[\s，,：:；;、。]+$/g;

export function extractMilestones(ctx: MilestoneContext): Milestone[] {
  const { text, dates } = ctx;
  const out: Milestone[] = [];
  const inRegion = regionTest(ctx.regions);
  // Governed paragraphs first: each is one milestone.
  for (const [seg, d] of dates.governed) {
    if (!inRegion(seg.start)) continue;
    const s = text.slice(seg.start, seg.end).replace(/^(?:—{2,}|-{3,}|[■●◆•▲])\s*/, '');
    if (s.replace(/\s/g, '').length < 8) continue;
    const start = seg.end - s.length;
    out.push({ task: ctx.taskTitleAt(start), due: d.due, text: s.trim(), span: [start, seg.end] });
  }
  for (const seg of st(ctx).segments) {
    if (!inRegion(seg.start)) continue;
    const ds = datesIn(dates.dates, seg.start, seg.end).filter((d) => !d.dayOnly);
    for (let i = 0; i < ds.length; i++) {
      const d = ds[i];
      const cs = Math.max(seg.start, clauseStart(text, d.start, seg.start));
      let end: number;
      const governingLead = dates.governing.has(seg) && i === 0;
      if (governingLead) end = ds[1] ? clauseStart(text, ds[1].start, seg.start) - 1 : seg.end;
      else {
        end = sentenceEnd(text, d.end, seg.end);
        if (ds[i + 1] && ds[i + 1].start < end) end = Math.max(cs, clauseStart(text, ds[i + 1].start, seg.start) - 1);
      }
      // A phase heading ("启动部署阶段（2016年6月—9月）。制定…") takes the sentence that describes it.
      const bare = (text.slice(cs, d.start) + text.slice(d.end, end)).replace(/[（(]\s*[)）]|[（(][一二三四五六七八九十\d]{1,3}[)）]|[\s，,。；;：:]/g, '');
      if (bare.length < 8 && end < seg.end && !(ds[i + 1] && ds[i + 1].start < sentenceEnd(text, end + 1, seg.end))) end = sentenceEnd(text, end + 1, seg.end);
      const clause = text.slice(cs, Math.max(end, d.end));
      if (ctx.ignore(d, clause)) continue;
      const body = (text.slice(cs, d.start) + text.slice(d.end, end))
        .replace(/[（(〔\[]\s*(?:牵头单位|责任单位|牵头部门)[:：][^)）〕\]]*(?:[（(][^)）]*[)）][^)）〕\]]*)*[)）〕\]]/g, '').replace(/[（(]\s*[)）]/g, '').replace(/^(?:[（(][一二三四五六七八九十\d]{1,3}[)）]|[一二三四五六七八九十]{1,3}、|\d{1,2}[.、])/, '').replace(CLEAN_LEAD, '').replace(/^[，,：:]/, '').trim();
      if (body.replace(/\s/g, '').length < 4) continue;
      out.push({ task: ctx.taskTitleAt(d.start), due: d.due, text: body, span: [cs, Math.max(end, d.end)] });
    }
  }
  goalSections(ctx, out);
  out.sort((a, b) => a.span[0] - b.span[0]);
  // A repeated block (a table row copied twice) yields the same dated step twice.
  const kept: Milestone[] = [];
  const byDue = new Map<string, Milestone[]>();
  const exact = new Set<string>();
  for (const m of out) {
    const key = `${m.due}|${m.text}`;
    if (exact.has(key)) continue;
    exact.add(key);
    const bucket = byDue.get(m.due) ?? [];
    if (bucket.some((k) => k.text === m.text || (Math.abs(k.text.length - m.text.length) < 20 && dice(k.text, m.text) >= 0.85))) continue;
    bucket.push(m);
    byDue.set(m.due, bucket);
    kept.push(m);
  }
  return kept;
}

const st = (ctx: MilestoneContext) => ctx.st;

const GOAL_HEADING = /目标/;
const LEAD_DATE = /^(?:力争|争取|确保)?(?:到|至)/;

/**
 * A goals section (发展目标, 工作目标) written as paragraphs, one per aim, under a single "到2025年"
 * is one dated step per paragraph: the paragraphs without a date of their own take the section's.
 */
function goalSections(ctx: MilestoneContext, out: Milestone[]): void {
  const { text, dates } = ctx;
  const inRegion = regionTest(ctx.regions);
  for (const node of ctx.st.nodes) {
    if (node.kind === 'lead' || node.kind === 'bullet') continue;
    const [hs, he] = node.paras[0] ?? [node.headStart, node.headStart];
    if (!GOAL_HEADING.test(text.slice(hs, Math.min(he, hs + 12)))) continue;
    const segs = ctx.st.segments.filter((sg) => sg.node === node && !sg.isHead && inRegion(sg.start));
    if (segs.length < 2 || segs.some((sg) => dates.governed.has(sg) || dates.governing.has(sg))) continue;
    const first = datesIn(dates.dates, hs, segs[segs.length - 1].end).find((d) => !d.dayOnly && LEAD_DATE.test(text.slice(d.start, d.end)));
    if (!first) continue;
    for (const sg of segs) {
      const own = datesIn(dates.dates, sg.start, sg.end).filter((d) => !d.dayOnly);
      if (own.some((d) => d.due.slice(0, 4) !== first.due.slice(0, 4))) continue;
      const body = text.slice(sg.start, sg.end).trim();
      if (body.length < 8) continue;
      for (let i = out.length - 1; i >= 0; i--) if (out[i].span[0] >= sg.start && out[i].span[0] < sg.end) out.splice(i, 1);
      out.push({ task: null, due: first.due, text: body, span: [sg.start, sg.end] });
    }
  }
}

/** Membership test over sorted, non-overlapping regions. */
export function regionTest(regions: [number, number][]): (p: number) => boolean {
  return (p) => {
    let lo = 0, hi = regions.length - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      if (regions[mid][1] <= p) lo = mid + 1;
      else if (regions[mid][0] > p) hi = mid - 1;
      else return true;
    }
    return false;
  };
}
