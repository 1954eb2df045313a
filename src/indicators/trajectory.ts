/**
 * Trajectory status of a quantitative target: will it be met on time if the trend holds?
 *
 * Method (Statistics Canada, adopted by Open SDG — open-sdg/open-sdg docs/progress-methodology.md,
 * "Indicators with quantitative targets"; inspired by Eurostat's SDG progress method):
 *
 *   observed CAGR  = (y_latest / y_0) ^ (1 / (t_latest − t_0)) − 1
 *   required CAGR  = (y_target / y_0) ^ (1 / (t_deadline − t_0)) − 1
 *   R = d · observed / |required|,   d = +1 when higher is better (comparator >=), −1 when lower is
 *   better (<=); for '=' the direction is that of the target from the baseline.
 *
 *   已达成 achieved     the latest value meets the target by its comparator (whatever the trend)
 *   正常推进 on_track   R ≥ 0.95
 *   需加快 accelerate   0.60 ≤ R < 0.95  ("progress made but acceleration needed")
 *   进展有限 limited    0 ≤ R < 0.60
 *   倒退 regressing     R < 0  (moving away from the target)
 *   无数据 no_data      no baseline, or fewer than two data points (the baseline and one later value)
 *
 * luoshi's adaptations, each a decision of ours rather than of the source:
 * - Natural limit (percentages near 100%). Open SDG notes that growth rates cannot be reached near
 *   a natural maximum and scales its thresholds for targetless indicators. For targets we instead
 *   measure progress on the distance to the limit: when the unit is a percentage, the comparator
 *   is >= and the target lies within NEAR_LIMIT points of the limit (default 100), the CAGRs are
 *   taken on the gap g = limit − y (which must shrink), R = −observed_gap / |required_gap|. So
 *   行政村通宽带 95% → 98% asks the gap to fall 5 → 2, not the share to grow by 3%.
 * - Zeros. An exponential model cannot start from or aim at zero (Open SDG substitutes 0.001). We
 *   fall back to linear rates instead (average change per year, observed ÷ required): a target of
 *   100% (gap 0) or a count starting from 0 is judged on the straight-line pace.
 * - Equality targets (=) are met within EQUAL_TOLERANCE of the target.
 * - Time is measured in years between the end dates of periods (a baseline of 2013 is 2013-12-31);
 *   a period still in progress on `asOf` counts at `asOf`.
 * - "Expected by now" is the straight line from baseline to target at `asOf` (capped at the
 *   deadline); the projection extends the least-squares line through the baseline and the
 *   observations to the deadline.
 */
import { parsePeriod } from '../kernel/period.ts';

export type TrajectoryStatus = 'achieved' | 'on_track' | 'accelerate' | 'limited' | 'regressing' | 'no_data';
export type Comparator = '>=' | '<=' | '=';
export type RateScale = 'relative' | 'gap' | 'linear';
export type NoDataReason = 'unlinked' | 'no_deadline' | 'no_baseline' | 'too_few_points' | 'invalid_timeline';

export const STATUS_LABELS: Record<TrajectoryStatus, { zh: string; en: string }> = {
  achieved: { zh: '已达成', en: 'achieved' },
  on_track: { zh: '正常推进', en: 'on track' },
  accelerate: { zh: '需加快', en: 'needs acceleration' },
  limited: { zh: '进展有限', en: 'limited progress' },
  regressing: { zh: '倒退', en: 'moving away' },
  no_data: { zh: '无数据', en: 'no data' },
};

export const ON_TRACK_R = 0.95;
export const ACCELERATE_R = 0.6;
/** Points of the natural limit within which a percentage target is judged on its gap. */
export const NEAR_LIMIT = 10;
export const EQUAL_TOLERANCE = 0.005;

export const TRAJECTORY_METHOD = {
  name: 'Statistics Canada / Open SDG progress measure (ratio of observed to required CAGR)',
  formula: 'R = d × CAGR_observed ÷ |CAGR_required|; CAGR = (y_t / y_0)^(1/(t − t_0)) − 1',
  thresholds: { on_track: ON_TRACK_R, accelerate: ACCELERATE_R, limited: 0 },
  text:
    '已达成：最新值已满足目标；正常推进：R ≥ 0.95；需加快：0.60 ≤ R < 0.95；进展有限：0 ≤ R < 0.60；倒退：R < 0；' +
    '无数据：无基期值或少于两个数据点。R 为基期至最新值的实际年均复合增长率与基期至目标期所需年均复合增长率之比（越低越好的指标方向取反）。' +
    `接近 100% 的百分比目标（与上限相差不足 ${NEAR_LIMIT} 个百分点）按与上限的差距计算增长率；基期或目标为 0 时按线性年均变化计算。` +
    '“按期应达值”为基期到目标的直线路径在当前日期的值；“预测值”为最小二乘直线外推到目标期。',
  sources: [
    'Statistics Canada / Open SDG, Progress Measurement Methodology (open-sdg/open-sdg docs/progress-methodology.md)',
    'Eurostat, SDG progress assessment (distance-to-target CAGR ratio)',
  ],
  adaptations: [
    'natural limit: CAGR on the gap to 100% for percentage targets within 10 points of it',
    'zero baseline or target (or a 100% target): linear annual change instead of CAGR',
    'equality targets met within 0.5% of the target',
  ],
} as const;

export interface TrajectoryInput {
  baseline: { value: number | null; at: string } | null;
  target: { value: number; comparator: Comparator; deadline: string };
  /** '%' (or a unit containing it) makes the natural limit apply near 100 */
  unit?: string;
  /** override the natural maximum (null: none) */
  naturalLimit?: number | null;
  /** the series, any order; nulls and points after `asOf` are ignored */
  observations: { period: string; value: number | null }[];
  /** YYYY-MM-DD */
  asOf: string;
}

export interface TrajectoryPoint {
  period: string;
  date: string;
  value: number;
}

export interface TrajectoryResult {
  status: TrajectoryStatus;
  label: { zh: string; en: string };
  reason: NoDataReason | null;
  /** R, the ratio of observed to required growth (null when not computed) */
  ratio: number | null;
  observedRate: number | null;
  requiredRate: number | null;
  scale: RateScale | null;
  baseline: { value: number; at: string; date: string } | null;
  latest: TrajectoryPoint | null;
  target: { value: number; comparator: Comparator; deadline: string; date: string };
  /** the value on the straight line from baseline to target at asOf */
  expectedNow: number | null;
  /** the least-squares line through baseline and observations, at the deadline */
  projection: { value: number; meets: boolean } | null;
  deadlinePassed: boolean;
  /** points since the baseline, oldest first (for charts) */
  series: TrajectoryPoint[];
}

const DAY_MS = 86_400_000;
const YEAR_DAYS = 365.25;

/**
 * The day a period code or partial date stands for: the end of the period (2013 → 2013-12-31,
 * 2014Q1 → 2014-03-31, 2014-06 → 2014-06-30); a full date is itself. Throws RangeError otherwise.
 */
export function endDateOf(at: string): string {
  if (/^\d{4}-\d{2}-\d{2}$/.test(at)) return at;
  const ym = /^(\d{4})-(\d{2})$/.exec(at);
  if (ym) return parsePeriod(`${ym[1]}M${ym[2]}`).end;
  return parsePeriod(at).end;
}

const years = (from: string, to: string): number => (Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / DAY_MS / YEAR_DAYS;

export function meetsTarget(value: number, target: number, comparator: Comparator): boolean {
  if (comparator === '>=') return value >= target;
  if (comparator === '<=') return value <= target;
  return Math.abs(value - target) <= EQUAL_TOLERANCE * Math.abs(target) + 1e-9;
}

const cagr = (from: number, to: number, t: number): number => Math.pow(to / from, 1 / t) - 1;

/** The category of a ratio R (thresholds inclusive at their lower end, as in the source). */
export function classifyRatio(r: number): TrajectoryStatus {
  if (r >= ON_TRACK_R) return 'on_track';
  if (r >= ACCELERATE_R) return 'accelerate';
  if (r >= 0) return 'limited';
  return 'regressing';
}

function isPercent(unit: string | undefined): boolean {
  return !!unit && /%|百分/.test(unit);
}

/** Least-squares line through the points (x in years from x0); with one point, none. */
function fitLine(points: { x: number; y: number }[]): { a: number; b: number } | null {
  if (points.length < 2) return null;
  const n = points.length;
  const mx = points.reduce((s, p) => s + p.x, 0) / n;
  const my = points.reduce((s, p) => s + p.y, 0) / n;
  let sxy = 0;
  let sxx = 0;
  for (const p of points) {
    sxy += (p.x - mx) * (p.y - my);
    sxx += (p.x - mx) ** 2;
  }
  if (sxx === 0) return null;
  const b = sxy / sxx;
  return { a: my - b * mx, b };
}

/** Judges one target on its trajectory. Pure: the same input always gives the same result. */
export function assessTrajectory(input: TrajectoryInput): TrajectoryResult {
  const { target, asOf } = input;
  const deadlineDate = endDateOf(target.deadline);
  const targetOut = { value: target.value, comparator: target.comparator, deadline: target.deadline, date: deadlineDate };
  const observed: TrajectoryPoint[] = input.observations
    .filter((o): o is { period: string; value: number } => o.value !== null && Number.isFinite(o.value))
    .map((o) => {
      const start = /^\d{4}-\d{2}-\d{2}$/.test(o.period) ? o.period : parsePeriod(o.period).start;
      if (start > asOf) return null;
      const end = endDateOf(o.period);
      return { period: o.period, date: end > asOf ? asOf : end, value: o.value };
    })
    .filter((p): p is TrajectoryPoint => p !== null)
    .sort((a, b) => a.date.localeCompare(b.date) || a.period.localeCompare(b.period));

  const baseDate = input.baseline ? endDateOf(input.baseline.at) : null;
  let baseValue = input.baseline?.value ?? null;
  // A baseline given by its period only takes the observed value of that period.
  if (input.baseline && baseValue === null) baseValue = observed.find((p) => p.period === input.baseline!.at)?.value ?? null;
  const baseline = input.baseline && baseValue !== null && baseDate ? { value: baseValue, at: input.baseline.at, date: baseDate } : null;
  const series = baseline ? observed.filter((p) => p.date > baseline.date) : observed;
  const latest = series.at(-1) ?? (baseline ? null : (observed.at(-1) ?? null));
  const deadlinePassed = asOf > deadlineDate;

  const base: TrajectoryResult = {
    status: 'no_data',
    label: STATUS_LABELS.no_data,
    reason: null,
    ratio: null,
    observedRate: null,
    requiredRate: null,
    scale: null,
    baseline,
    latest,
    target: targetOut,
    expectedNow: null,
    projection: null,
    deadlinePassed,
    series,
  };

  if (baseline) {
    const span = years(baseline.date, deadlineDate);
    if (span <= 0) return { ...base, reason: 'invalid_timeline' };
    const share = Math.min(Math.max(years(baseline.date, asOf) / span, 0), 1);
    base.expectedNow = baseline.value + (target.value - baseline.value) * share;
    const line = fitLine([{ x: 0, y: baseline.value }, ...series.map((p) => ({ x: years(baseline.date, p.date), y: p.value }))]);
    if (line) {
      const value = line.a + line.b * span;
      base.projection = { value, meets: meetsTarget(value, target.value, target.comparator) };
    }
  }

  // Achievement needs only the latest value: a target met is met, whatever the trend.
  if (latest && meetsTarget(latest.value, target.value, target.comparator)) {
    return { ...base, status: 'achieved', label: STATUS_LABELS.achieved };
  }
  if (!baseline) return { ...base, reason: 'no_baseline' };
  if (!latest) return { ...base, reason: 'too_few_points' };

  const d = target.comparator === '>=' ? 1 : target.comparator === '<=' ? -1 : Math.sign(target.value - baseline.value) || 1;
  const tObs = years(baseline.date, latest.date);
  const tReq = years(baseline.date, deadlineDate);
  const limit = input.naturalLimit !== undefined ? input.naturalLimit : isPercent(input.unit) ? 100 : null;

  let scale: RateScale;
  let obs: number;
  let req: number;
  let ratio: number;
  const gB = limit === null ? 0 : limit - baseline.value;
  const gT = limit === null ? 0 : limit - target.value;
  const gL = limit === null ? 0 : limit - latest.value;
  const nearLimit = limit !== null && d === 1 && gT < NEAR_LIMIT;
  if (nearLimit && gB > 0 && gT > 0 && gL > 0) {
    scale = 'gap';
    obs = cagr(gB, gL, tObs);
    req = cagr(gB, gT, tReq);
    ratio = -obs / Math.abs(req);
  } else if (!nearLimit && baseline.value > 0 && target.value > 0 && latest.value > 0) {
    scale = 'relative';
    obs = cagr(baseline.value, latest.value, tObs);
    req = cagr(baseline.value, target.value, tReq);
    ratio = (d * obs) / Math.abs(req);
  } else {
    scale = 'linear';
    obs = (latest.value - baseline.value) / tObs;
    req = (target.value - baseline.value) / tReq;
    ratio = (d * obs) / Math.abs(req);
  }
  // A target equal to its baseline, missed now: any non-zero move is away from it.
  if (!Number.isFinite(ratio)) ratio = d * obs > 0 ? Number.POSITIVE_INFINITY : -1;
  const status = classifyRatio(ratio);
  return { ...base, status, label: STATUS_LABELS[status], ratio: Number.isFinite(ratio) ? ratio : null, observedRate: obs, requiredRate: req, scale };
}
