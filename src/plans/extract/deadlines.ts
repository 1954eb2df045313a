/**
 * Which date governs a statement. In order: a date phrase earlier in the same sentence; a lead-in
 * such as "到2016年:" or "(三)主要目标。到2020年，…" that governs the following undated paragraphs of
 * its section (bullets included) until the next numbered heading.
 */
import { type DatePhrase, type YearContext, findDates, findRelativeYears, findYearlessDates } from './dates.ts';
import type { Segment, Structure, Node } from './structure.ts';
import { sentenceStart } from './text.ts';

export interface DateIndex {
  dates: DatePhrase[];
  governed: Map<Segment, DatePhrase>;
  /** Segments whose leading date phrase governs what follows. */
  governing: Set<Segment>;
  segmentAt(pos: number): Segment | null;
}

/** Index of the first date starting at or after pos (dates are sorted by start). */
export function firstDateFrom(dates: DatePhrase[], pos: number): number {
  let lo = 0, hi = dates.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (dates[mid].start < pos) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

export function datesIn(dates: DatePhrase[], from: number, to: number): DatePhrase[] {
  const out: DatePhrase[] = [];
  for (let i = firstDateFrom(dates, from); i < dates.length && dates[i].start < to; i++) out.push(dates[i]);
  return out;
}

function within(n: Node, anc: Node): boolean {
  for (let p: Node | null = n; p; p = p.parent) if (p === anc) return true;
  return false;
}

export function buildDateIndex(text: string, st: Structure, startYear: number | null, skip: (pos: number) => boolean, years: YearContext | null = null): DateIndex {
  const dates = [...findDates(text), ...findRelativeYears(text, 0, text.length, startYear), ...findYearlessDates(text, years)]
    .filter((d) => !skip(d.start))
    .sort((a, b) => a.start - b.start);
  const governed = new Map<Segment, DatePhrase>();
  const governing = new Set<Segment>();
  let gov: { date: DatePhrase; node: Node; goals: boolean } | null = null;
  for (const seg of st.segments) {
    if (gov && !within(seg.node, gov.node)) gov = null;
    // A goals section's lead date ("二、发展目标 到2025年，…") governs its numbered sub-goals too.
    const subGoal = gov?.goals && seg.node !== gov.node;
    if (seg.isHead && seg.node.kind !== 'bullet' && seg.node.kind !== 'lead' && !subGoal) gov = null;
    const s = text.slice(seg.start, seg.end);
    const inSeg = datesIn(dates, seg.start, seg.end).filter((d) => !d.dayOnly);
    // Only a heading may put its title before the lead-in date ("(三)主要目标。到2020年，…").
    const leadRe = seg.isHead
      ? /^(?:[^。\n]{0,30}。)?\s*(?:力争|争取)?(?:到|至)?\s*((?:19|20)\d{2})\s*年(?:年底|底)?\s*[，,:：]/
      : /^\s*(?:力争|争取)?(?:到|至)?\s*((?:19|20)\d{2})\s*年(?:年底|底)?\s*[，,:：]/;
    const lead = leadRe.exec(s.replace(/^[^\u4e00-\u9fa5\d“（(]*/, ''));
    const shortLabel = s.length <= 24 && /[（(]\s*(?:19|20)\d{2}\s*年?\s*[)）]/.test(s) && !/[-—]/.test(s);
    if ((lead || shortLabel) && inSeg.length) {
      const node = seg.node.kind === 'bullet' ? (seg.node.parent ?? seg.node) : seg.node;
      const [hs, he] = node.paras[0] ?? [node.headStart, node.headStart];
      gov = { date: inSeg[0], node, goals: node.kind !== 'root' && /目标/.test(text.slice(hs, Math.min(he, hs + 12))) };
      governing.add(seg);
      continue;
    }
    if (gov && !/(?:19|20)\d{2}\s*年/.test(s)) governed.set(seg, gov.date);
  }
  const segmentAt = (pos: number) => {
    let lo = 0, hi = st.segments.length - 1, best: Segment | null = null;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      if (st.segments[mid].start <= pos) {
        best = st.segments[mid];
        lo = mid + 1;
      } else hi = mid - 1;
    }
    return best && pos <= best.end ? best : null;
  };
  return { dates, governed, governing, segmentAt };
}

/** Last deadline phrase in the same sentence before pos. */
export function dateInSentence(idx: DateIndex, text: string, pos: number): DatePhrase | null {
  const s = sentenceStart(text, pos);
  let best: DatePhrase | null = null;
  for (const d of datesIn(idx.dates, s, pos)) if (!d.dayOnly) best = d;
  return best;
}

export function governingDate(idx: DateIndex, pos: number): DatePhrase | null {
  const seg = idx.segmentAt(pos);
  if (!seg) return null;
  if (idx.governed.has(seg)) return idx.governed.get(seg)!;
  if (idx.governing.has(seg)) {
    const d = datesIn(idx.dates, seg.start, seg.end).find((x) => !x.dayOnly);
    if (d && d.start < pos) return d;
  }
  return null;
}
