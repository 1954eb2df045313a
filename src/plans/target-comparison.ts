/**
 * Side-by-side targets across plan levels: a prefecture's 2020 固定宽带家庭普及率 next to the
 * province's. Indicators are matched by the share of character bigrams they have in common (Dice),
 * because the same indicator is worded slightly differently at each level (固定宽带家庭普及率 /
 * 全省固定宽带家庭普及率 / 家庭宽带普及率).
 */
export const SAME_INDICATOR_DICE = 0.5;

function bigrams(s: string): Map<string, number> {
  const t = s.replace(/\s+/g, '');
  const m = new Map<string, number>();
  if (t.length === 1) m.set(t, 1);
  for (let i = 0; i + 1 < t.length; i++) m.set(t.slice(i, i + 2), (m.get(t.slice(i, i + 2)) ?? 0) + 1);
  return m;
}

export function dice(a: string, b: string): number {
  const A = bigrams(a);
  const B = bigrams(b);
  let na = 0;
  let nb = 0;
  let both = 0;
  for (const v of A.values()) na += v;
  for (const v of B.values()) nb += v;
  if (na + nb === 0) return 0;
  for (const [g, v] of A) both += Math.min(v, B.get(g) ?? 0);
  return (2 * both) / (na + nb);
}

export interface ComparableTarget {
  itemId: number;
  planId: number;
  planTitle: string;
  indicator: string;
  scope: string | null;
  value: number;
  unit: string;
  comparator: string;
  deadline: string | null;
}

export interface TargetComparison {
  target: ComparableTarget;
  counterparts: (ComparableTarget & { similarity: number })[];
}

/** For each target of `own`, the targets of `others` on the same indicator and unit. */
export function compareTargets(own: ComparableTarget[], others: ComparableTarget[]): TargetComparison[] {
  return own.map((t) => ({
    target: t,
    counterparts: others
      .filter((o) => o.unit === t.unit)
      .map((o) => ({ ...o, similarity: dice(t.indicator, o.indicator) }))
      .filter((o) => o.similarity >= SAME_INDICATOR_DICE)
      .sort((a, b) => b.similarity - a.similarity || (a.deadline ?? '').localeCompare(b.deadline ?? '')),
  }));
}
