/**
 * Ranking of divisions or units on one indicator. Direction-aware (a lower 资费 ranks first when
 * lower is better); ties share a rank and the next rank skips ("1, 2, 2, 4", standard competition
 * ranking, as statistical bulletins print it); entries without a value come last with no rank.
 */
export type Direction = 'higher' | 'lower';

export interface Ranked<T> {
  rank: number | null;
  entry: T;
}

export function rankEntries<T extends { value: number | null; key: string }>(entries: T[], direction: Direction): (T & { rank: number | null })[] {
  const sign = direction === 'higher' ? -1 : 1;
  const withValue = entries.filter((e) => e.value !== null && Number.isFinite(e.value));
  const without = entries.filter((e) => e.value === null || !Number.isFinite(e.value));
  withValue.sort((a, b) => sign * ((a.value as number) - (b.value as number)) || a.key.localeCompare(b.key));
  const out: (T & { rank: number | null })[] = [];
  withValue.forEach((e, i) => {
    const prev = out[i - 1];
    const rank = prev && prev.value === e.value ? prev.rank : i + 1;
    out.push({ ...e, rank });
  });
  for (const e of without.sort((a, b) => a.key.localeCompare(b.key))) out.push({ ...e, rank: null });
  return out;
}
