/**
 * Sentences of the briefing, in the register of an official notice, generated from BriefingData.
 * Pure functions: every count and name comes from the data, nothing is fixed in the wording
 * except the connectives. Categories with nothing in them are left out of a sentence.
 */
import {
  type BriefingCompleteness,
  type BriefingData,
  type BriefingTarget,
  type BriefingTask,
  type Figure,
  LIGHT_LABELS,
  periodLabel,
  TARGET_STATUS_LABELS,
  TARGET_STATUSES,
} from './briefing-data.ts';

/** "12", "38.5", "0.25"; up to two decimals, trailing zeros dropped; null → "—". */
export function formatNumber(v: number | null | undefined): string {
  if (v === null || v === undefined || !Number.isFinite(v)) return '—';
  const r = Math.round(v * 100) / 100;
  return String(r);
}

/** A percent with one decimal, as notices print rates: "80.0%". */
export function formatPercent(v: number | null | undefined): string {
  if (v === null || v === undefined || !Number.isFinite(v)) return '—';
  return `${(Math.round(v * 10) / 10).toFixed(1)}%`;
}

/** A figure with its unit ("36.5%", "4.1亿元", "3项"); rates with their fixed decimals ("33.3%"). */
export function formatFigure(f: Figure | null | undefined): string {
  if (!f || f.value === null || !Number.isFinite(f.value)) return '—';
  const n = f.decimals !== undefined ? (Math.round(f.value * 10 ** f.decimals) / 10 ** f.decimals).toFixed(f.decimals) : formatNumber(f.value);
  return `${n}${f.unit ?? ''}`;
}

/** "2014年6月30日" for 2014-06-30; "2014年6月" for 2014-06 or 2014M06; "2014年第四季度" for 2014Q4; "2014年" for 2014. */
export function formatDate(d: string | null | undefined): string {
  if (!d) return '—';
  if (/^\d{4}[MQH]\d{1,2}$/.test(d)) return periodLabel(d);
  const m = /^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?/.exec(d);
  if (!m) return d;
  return `${m[1]}年${m[2] ? `${Number(m[2])}月` : ''}${m[3] ? `${Number(m[3])}日` : ''}`;
}

/** Names joined the way notices list them: "州教育局、州卫生局". */
export function joinNames(names: readonly string[]): string {
  return [...new Set(names.filter((n) => n.trim() !== ''))].join('、');
}

const count = (f: Figure): number => f.value ?? 0;

/** What the briefing calls the region as a whole: 全州, 全市, 全县, 全省, 全区; else 全域. */
export function scopeWordOf(divisionName: string | null | undefined): string {
  if (!divisionName) return '';
  const n = divisionName.trim();
  if (/自治州$|州$|盟$/.test(n)) return '全州';
  if (/市$/.test(n)) return '全市';
  if (/自治县$|县$|旗$/.test(n)) return '全县';
  if (/省$/.test(n)) return '全省';
  if (/区$/.test(n)) return '全区';
  if (/乡$/.test(n)) return '全乡';
  if (/镇$/.test(n)) return '全镇';
  return '';
}

/** "全州12项指标中，8项正常推进，3项需加快，1项倒退。" */
export function targetStatusSentence(data: Pick<BriefingData, 'counts' | 'region'>): string {
  const total = count(data.counts.targets);
  const scope = data.region.scopeWord || '方案确定的';
  if (total === 0) return '本方案未设定可量化监测的目标指标。';
  const parts = TARGET_STATUSES.filter((s) => count(data.counts.byStatus[s]) > 0).map((s) =>
    s === 'no_data' ? `${count(data.counts.byStatus[s])}项暂无监测数据` : `${count(data.counts.byStatus[s])}项${TARGET_STATUS_LABELS[s]}`,
  );
  if (parts.length === 1 && count(data.counts.byStatus.no_data) === total) return `${scope}${total}项指标均暂无监测数据。`;
  if (parts.length === 1) {
    const only = TARGET_STATUSES.find((s) => count(data.counts.byStatus[s]) > 0)!;
    return `${scope}${total}项指标均${TARGET_STATUS_LABELS[only]}。`;
  }
  return `${scope}${total}项指标中，${parts.join('，')}。`;
}

/** "纳入调度的任务和节点18项中，绿灯12项，黄灯4项，红灯2项。" */
export function taskLightSentence(data: Pick<BriefingData, 'counts'>): string {
  const total = count(data.counts.tasks);
  if (total === 0) return '本方案未设定有完成时限的重点任务。';
  const lit = (['green', 'yellow', 'red'] as const).filter((l) => count(data.counts.byLight[l]) > 0);
  const described: Record<(typeof lit)[number], string> = { green: '按期推进（绿灯）', yellow: '临近时限（黄灯）', red: '逾期未完成（红灯）' };
  const noLight = total - lit.reduce((s, l) => s + count(data.counts.byLight[l]), 0);
  const parts = lit.map((l) => `${described[l]}${count(data.counts.byLight[l])}项`);
  if (noLight > 0) parts.push(`未设时限${noLight}项`);
  return `纳入调度的重点任务和节点${total}项，其中${parts.join('，')}。`;
}

/** "本期应报单位15个，按时报送12个，按时报送率80.0%；逾期报送：…；逾期未报：州教育局、州卫生局。" */
export function completenessSentence(c: BriefingCompleteness | null): string {
  if (!c) return '本期报送情况暂无统计数据。';
  const expected = count(c.unitsExpected);
  if (expected === 0) return '本期无应报送的报表。';
  // One report per unit: the rate reads as units; several (monthly forms in a quarter): as reports.
  let s =
    count(c.reportsExpected) === expected
      ? `本期应报单位${expected}个，按时报送${count(c.unitsOnTime)}个，按时报送率${formatPercent(c.onTimeRate.value)}`
      : `本期应报单位${expected}个、报表${count(c.reportsExpected)}份，按时报送${count(c.reportsOnTime)}份，按时报送率${formatPercent(c.onTimeRate.value)}`;
  const late = c.byUnit.filter((u) => count(u.missing) === 0 && count(u.late) > 0).map((u) => u.unitName);
  const missing = c.byUnit.filter((u) => count(u.missing) > 0).map((u) => u.unitName);
  if (late.length) s += `；逾期报送：${joinNames(late)}`;
  if (missing.length) s += `；逾期未报：${joinNames(missing)}`;
  return `${s}。`;
}

const CMP: Record<string, string> = { '>=': '≥', '<=': '≤', '=': '' };

/** Indicators without data named one by one up to this many. */
export const MAX_NAMED_NO_DATA = 5;

function targetPhrase(t: BriefingTarget, withUnits = true): string {
  const latest = t.latest.value === null ? '暂无数据' : `最新值${formatFigure(t.latest)}`;
  const units = withUnits && t.units.length ? `，责任单位：${joinNames(t.units)}` : '';
  return `${t.indicator}（${latest}，目标${CMP[t.comparator] ?? ''}${formatFigure(t.target)}${units}）`;
}

/**
 * The targets not behind, by status, named: "已达成的指标：…；正常推进的指标：…；暂无监测数据的指标：…。"
 * Behind ones are pointed to the section that names them with their units.
 */
export function targetsDetailSentence(targets: readonly BriefingTarget[], behindSection = '第四部分'): string {
  if (targets.length === 0) return '';
  const parts: string[] = [];
  for (const s of ['achieved', 'on_track'] as const) {
    const list = targets.filter((t) => t.status === s);
    if (list.length) parts.push(`${TARGET_STATUS_LABELS[s]}的指标：${list.map((t) => targetPhrase(t, false)).join('；')}`);
  }
  const none = targets.filter((t) => t.status === 'no_data');
  // A long list of indicators without data would bury the rest: past a few, only the count.
  if (none.length > MAX_NAMED_NO_DATA) parts.push(`另有${none.length}项指标暂无监测数据`);
  else if (none.length) parts.push(`暂无监测数据的指标：${joinNames(none.map((t) => t.indicator))}`);
  const behind = (['accelerate', 'limited', 'regressing'] as const).filter((s) => targets.some((t) => t.status === s));
  let s = parts.length ? `其中，${parts.join('；')}。` : '';
  if (behind.length) s += `${behind.map((b) => TARGET_STATUS_LABELS[b]).join('、')}的指标见${behindSection}。`;
  return `${s}各项指标完成情况见表1。`;
}

/** Reporting by unit, named: who reported everything on time, who was late, who did not report. */
export function completenessByUnitSentence(c: BriefingCompleteness | null): string {
  if (!c || c.byUnit.length === 0) return '';
  const full = c.byUnit.filter((u) => (u.expected.value ?? 0) > 0 && u.onTime.value === u.expected.value).map((u) => u.unitName);
  const late = c.byUnit.filter((u) => count(u.late) > 0).map((u) => `${u.unitName}逾期报送${count(u.late)}份`);
  const missing = c.byUnit.filter((u) => count(u.missing) > 0).map((u) => `${u.unitName}未报${count(u.missing)}份`);
  const parts = [full.length ? `${joinNames(full)}全部按时报送` : '', ...late, ...missing].filter(Boolean);
  return `分单位看，${parts.join('；')}。各单位报送情况见表2。`;
}

/** The behind targets grouped by status: "需加快的指标：A（…）、B（…）；倒退的指标：C（…）。" */
export function behindTargetsSentence(targets: readonly BriefingTarget[]): string {
  if (targets.length === 0) return '目标指标均未出现滞后。';
  const groups = (['regressing', 'limited', 'accelerate'] as const)
    .map((s) => ({ s, list: targets.filter((t) => t.status === s) }))
    .filter((g) => g.list.length > 0)
    .map((g) => `${TARGET_STATUS_LABELS[g.s]}的指标${g.list.length}项：${g.list.map((t) => targetPhrase(t)).join('；')}`);
  return `${groups.join('。')}。`;
}

function taskPhrase(t: BriefingTask): string {
  // A task named after its unit ("电信海北分公司：…") does not repeat it.
  const units = t.units.filter((u) => !t.title.startsWith(u));
  const bits = [units.length ? `责任单位：${joinNames(units)}` : null, t.deadline ? `时限：${formatDate(t.deadline)}` : null, t.progress.value !== null ? `进度${formatPercent(t.progress.value)}` : null].filter(Boolean);
  return bits.length ? `${t.title}（${bits.join('，')}）` : t.title;
}

/** "亮红灯的任务2项：A（责任单位：…，时限：…）；亮黄灯的任务1项：B（…）。" */
export function behindTasksSentence(tasks: readonly BriefingTask[]): string {
  if (tasks.length === 0) return '重点任务均按期推进。';
  const groups = (['red', 'yellow'] as const)
    .map((l) => ({ l, list: tasks.filter((t) => t.light === l) }))
    .filter((g) => g.list.length > 0)
    .map((g) => `亮${LIGHT_LABELS[g.l]}的任务${g.list.length}项：${g.list.map(taskPhrase).join('；')}`);
  return `${groups.join('。')}。`;
}

/** "进展滞后的单位：州教育局（红灯任务1项、逾期未报），州卫生局（指标需加快）。" */
export function behindUnitsSentence(units: readonly { name: string; reasons: string[] }[]): string {
  if (units.length === 0) return '';
  return `进展滞后的单位：${units.map((u) => (u.reasons.length ? `${u.name}（${u.reasons.join('、')}）` : u.name)).join('，')}。`;
}

/** "本期主要数据：固定宽带家庭普及率38.5%，……。" */
export function keyNumbersSentence(data: Pick<BriefingData, 'keyNumbers'>): string {
  if (data.keyNumbers.length === 0) return '本期暂无新报送的监测数据。';
  return `${data.keyNumbers.map((k) => `${k.label}${formatFigure(k.figure)}`).join('，')}。`;
}

/** The closing requirement names who must act; without laggards it only asks to keep going. */
export function requirementSentence(data: Pick<BriefingData, 'behind'>): string {
  const names = data.behind.units.map((u) => u.name);
  if (names.length === 0) return '请各单位继续按照方案确定的目标任务和时间节点，扎实推进各项工作，按时报送进展情况。';
  return `请${joinNames(names)}认真分析滞后原因，制定整改措施，加快工作进度，确保按期完成目标任务；其他各单位继续按照方案确定的时间节点扎实推进，按时报送进展情况。`;
}

/** The lead-in of the first section: as of which day, which plan. */
export function overviewLead(data: Pick<BriefingData, 'asOf' | 'period' | 'plan'>): string {
  return `截至${formatDate(data.asOf)}，现将${data.period.label}《${shortTitle(data.plan.title)}》推进情况通报如下。`;
}

/** The plan's title without the issuing organ ("海北州人民政府办公室关于…" → "…"). */
export function shortTitle(title: string): string {
  const t = title.trim();
  const i = t.indexOf('关于');
  return i > 0 && i < 40 ? t.slice(i + 2) : t.replace(/^关于/, '');
}

/** "关于《…》2014年第二季度工作推进情况的通报". */
export function briefingTitle(data: Pick<BriefingData, 'plan' | 'period'>): string {
  return `关于《${shortTitle(data.plan.title)}》${data.period.label}工作推进情况的通报`;
}

/** A 文号 for the office to complete: the plan's organ abbreviation, the year, "X号". */
export function docNumberPlaceholder(data: Pick<BriefingData, 'plan' | 'period'>): string {
  const year = data.period.code.slice(0, 4);
  const prefix = /^(.*?)〔\d{4}〕/.exec(data.plan.docNumber ?? '')?.[1] ?? '';
  return `${prefix}〔${year}〕X号`;
}
