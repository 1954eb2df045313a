/**
 * Scoring of a composite index (宽带发展指数) from indicator values, after the ITU ICT Development
 * Index 2009–2017 (Measuring the Information Society reports, methodology annex):
 *
 *   z_i   = x_i / ref_i                        (ratio to a reference value, "goalpost")
 *   z_i   = log10(x_i) / log10(ref_i)          (for bandwidth and speeds, whose effect is logarithmic)
 *   z_i   = min(max(z_i, 0), cap_i)            (ITU caps at 1; a component may allow more, e.g. 1.2)
 *   group = Σ w_i z_i / Σ w_i                  (over the group's components with a value)
 *   index = scale × Σ W_g group_g / Σ W_g      (over groups with a value; ITU: 10 × (0.4·A + 0.4·U + 0.2·S))
 *
 * A missing component is left out and the weights of the others renormalised (reported in
 * `missing`), so one unreported series does not zero a division's score; a division with no
 * component at all has no score. See ../shared/domain/indicators.md §3.1 and §3.5.
 */
export interface IndexGroupDef {
  code: string;
  name: string;
  weight: number;
}

export interface IndexComponentDef {
  /** indicator id or code, as queryIndicator accepts it */
  indicator: string;
  name: string;
  group: string;
  reference: number;
  log: boolean;
  cap: number;
  weight: number;
}

export interface IndexScoreDef {
  scale: number;
  groups: IndexGroupDef[];
  components: IndexComponentDef[];
}

export interface ComponentScore {
  indicator: string;
  group: string;
  value: number | null;
  z: number | null;
}

export interface IndexScore {
  score: number | null;
  groups: { code: string; score: number | null }[];
  components: ComponentScore[];
  missing: string[];
}

/** The normalised score of one value (null when the value is missing or not a number). */
export function componentScore(value: number | null, c: Pick<IndexComponentDef, 'reference' | 'log' | 'cap'>): number | null {
  if (value === null || !Number.isFinite(value)) return null;
  let z: number;
  if (c.log) z = value <= 1 ? 0 : Math.log10(value) / Math.log10(c.reference);
  else z = value / c.reference;
  return Math.min(Math.max(z, 0), c.cap);
}

/** Scores one division from its component values (keyed by component indicator). */
export function scoreIndex(def: IndexScoreDef, values: Map<string, number | null>): IndexScore {
  const components = def.components.map((c) => {
    const value = values.get(c.indicator) ?? null;
    return { indicator: c.indicator, group: c.group, value, z: componentScore(value, c), weight: c.weight };
  });
  const groups = def.groups.map((g) => {
    const mine = components.filter((c) => c.group === g.code && c.z !== null);
    const w = mine.reduce((s, c) => s + c.weight, 0);
    return { code: g.code, weight: g.weight, score: w > 0 ? mine.reduce((s, c) => s + c.weight * (c.z as number), 0) / w : null };
  });
  const scored = groups.filter((g) => g.score !== null);
  const W = scored.reduce((s, g) => s + g.weight, 0);
  const score = W > 0 ? (def.scale * scored.reduce((s, g) => s + g.weight * (g.score as number), 0)) / W : null;
  return {
    score,
    groups: groups.map((g) => ({ code: g.code, score: g.score })),
    components: components.map(({ weight: _w, ...c }) => c),
    missing: components.filter((c) => c.z === null).map((c) => c.indicator),
  };
}
