import type { Trajectory } from '../../charts/types.ts';
import { periodEnd } from './periods.ts';
import type { TargetStatusRow } from './types.ts';

/**
 * A target's status row as the trajectory chart draws it: dated points after the baseline, a
 * period still running counted at the as-of day (as the status method does). Null when the
 * target has no deadline to draw the path to.
 */
export function toTrajectory(r: TargetStatusRow, asOf: string): Trajectory | null {
  const deadline = r.target.deadline ? periodEnd(r.target.deadline) : null;
  if (!deadline) return null;
  const after = r.baseline?.date ?? '';
  const series = r.series
    .filter((p): p is { period: string; value: number } => p.value !== null)
    .map((p) => {
      const end = periodEnd(p.period) ?? asOf;
      return { period: p.period, date: end > asOf ? asOf : end, value: p.value };
    })
    .filter((p) => p.date > after)
    .sort((a, b) => a.date.localeCompare(b.date));
  return {
    unit: r.indicator?.unit || r.unit,
    baseline: r.baseline,
    target: { value: r.target.value, comparator: r.target.comparator, deadline: r.target.deadline as string, date: deadline },
    series,
    expectedNow: r.expectedNow,
    projection: r.projection,
    asOf,
  };
}
