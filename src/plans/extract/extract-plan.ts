/**
 * extractPlan: plan text in, structured plan out (see /shared/extraction/FORMAT.md). Pure and
 * synchronous; every item carries a span into `sourceText`, the normalised text.
 */
import type { ExtractedPlan } from './types.ts';
import { normaliseText } from './normalise.ts';
import { restoreBreaks } from './breaks.ts';
import { parseStructure } from './structure.ts';
import { extractMetadata } from './metadata.ts';
import { extractTasks, taskLocator } from './tasks.ts';
import { buildDateIndex, datesIn, type DateIndex } from './deadlines.ts';
import type { Node } from './structure.ts';
import { readPeriod, yearContext } from './dates.ts';
import { extractTargets } from './targets.ts';
import { extractMilestones, regionTest } from './milestones.ts';
import { extractInvestments } from './investments.ts';
import { extractLeadingGroup } from './leading-group.ts';
import { extractReporting } from './reporting.ts';
import { extractTableRows } from './tables.ts';

export type { ExtractedPlan } from './types.ts';

/**
 * A goals section (主要目标, 工作目标, 发展目标) usually dates its goals once ("到2025年，…") and
 * lists the rest without a date: they share it.
 */
function goalDateOf(text: string, dates: DateIndex): (pos: number) => string | null {
  return (pos) => {
    const seg = dates.segmentAt(pos);
    for (let n: Node | null = seg?.node ?? null; n && n.kind !== 'root'; n = n.parent) {
      const [hs, he] = n.paras[0] ?? [n.headStart, n.headStart];
      if (!/目标|预期/.test(text.slice(n.headStart, Math.min(he, n.headStart + 16)))) continue;
      const first = datesIn(dates.dates, hs, pos).find((d) => !d.dayOnly && /^(?:力争|争取|确保)?(?:到|至)/.test(text.slice(d.start, d.end)));
      return first?.due ?? null;
    }
    return null;
  };
}

export function extractPlan(input: string): ExtractedPlan {
  const normalised = normaliseText(input);
  // Fewer than one break per 400 characters: text copied out of a web page or PDF without its paragraphs.
  const runTogether = (normalised.match(/\n/g)?.length ?? 0) * 400 < normalised.length;
  const text = restoreBreaks(normalised);
  const st = parseStructure(text);
  const firstHead = st.segments.find((s) => s.isHead && s.node.kind !== 'lead');
  const bodyStart = firstHead ? firstHead.start : 0;
  const meta = extractMetadata(text, bodyStart);

  const leadingGroup = extractLeadingGroup(text);
  const inGroup = regionTest(leadingGroup.map((m) => m.span).sort((a, b) => a[0] - b[0]));
  const regions: [number, number][] = st.segments
    .filter((s) => s.start >= bodyStart && !inGroup(s.start))
    .map((s) => [s.start, s.end]);

  const tasksWithNodes = extractTasks(text, st, runTogether);
  const period = readPeriod(meta.title, text, meta.issuedOn);
  const startYear = period?.[0] ?? (meta.issuedOn ? Number(meta.issuedOn.slice(0, 4)) : null);
  const inBook = (p: number) => {
    const ls = text.lastIndexOf('\n', p) + 1;
    const seg = text.slice(ls, p);
    return seg.lastIndexOf('《') > seg.lastIndexOf('》');
  };
  const years = yearContext(meta.title, meta.issuedOn);
  const dates = buildDateIndex(text, st, startYear, (p) => p < bodyStart || inBook(p), years);

  const targets = extractTargets({ text, regions, dates, goalDate: goalDateOf(text, dates) });
  const unitAt = (pos: number) => {
    const seg = dates.segmentAt(pos);
    for (let n = seg?.node ?? null; n; n = n.parent) if (n.kind === 'lead') return n.label ?? null;
    return null;
  };
  const investments = extractInvestments({ text, regions, unitAt });
  const reporting = extractReporting(text, regions);
  const locate = taskLocator(tasksWithNodes);
  const milestones = extractMilestones({
    text,
    st,
    dates,
    regions,
    taskTitleAt: (pos) => locate(dates.segmentAt(pos)?.node ?? null, pos)?.title ?? null,
    ignore: (_d, clause) =>
      (/(?:投资|投入)[^，。；]{0,12}\d+(?:\.\d+)?\s*(?:万亿元|亿元|万元|元)/.test(clause)) ||
      /报送|上报|填报/.test(clause) ||
      /(?:出台|印发|发布)《|》[^，。]{0,6}(?:出台|印发)/.test(clause),
  });

  const tasks = tasksWithNodes.map(({ node: _n, ...t }) => t);
  // Rows of a task-division table are tasks too; their 完成时限 is a milestone.
  const known = new Set(tasks.map((t) => t.title.replace(/\s+/g, '')));
  for (const row of extractTableRows(text, years)) {
    if (known.has(row.title.replace(/\s+/g, ''))) continue;
    known.add(row.title.replace(/\s+/g, ''));
    tasks.push({ title: row.title, section: null, leadUnits: row.lead, responsibleUnits: row.responsible, text: row.title, span: row.span });
    if (row.due && !milestones.some((m) => m.span[0] >= row.span[0] && m.span[0] < row.span[1])) {
      milestones.push({ task: row.title, due: row.due, text: row.title, span: row.span });
    }
  }
  return {
    title: meta.title,
    docNumber: meta.docNumber,
    issuer: meta.issuer,
    issuedOn: meta.issuedOn,
    basis: meta.basis,
    targets,
    tasks,
    milestones,
    investments,
    leadingGroup,
    reporting,
    period: period ? { start: period[0], end: period[1] } : null,
    sourceText: text,
  };
}
