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
  // Yellow covers both a deadline drawing near and a unit's own report of 滞后: "需关注" is true of both.
  const described: Record<(typeof lit)[number], string> = { green: '按期推进（绿灯）', yellow: '需关注（黄灯）', red: '逾期未完成（红灯）' };
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

/**
 * The plan's title without the issuing organ and the covering notice: "海北州人民政府办公室关于…" →
 * "…"; "关于印发《X》的通知" → "X" (a plan is usually issued under such a notice).
 */
export function shortTitle(title: string): string {
  const t = title.trim();
  const wrapped = /印发《(.+)》的(?:通知|函)$/.exec(t);
  if (wrapped) return wrapped[1].trim();
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

/** 一二三… for the numbered measures （一）（二）. */
export const CHINESE_ORDINALS = ['一', '二', '三', '四', '五', '六', '七', '八', '九', '十', '十一', '十二', '十三', '十四', '十五', '十六', '十七', '十八', '十九', '二十'];

/** "根据《…》（北政办〔2014〕11号）要求，现将2014年第二季度工作推进情况通报如下：" */
export function basisSentence(data: Pick<BriefingData, 'plan' | 'period' | 'region'>): string {
  const doc = data.plan.docNumber?.trim();
  const scope = data.region.scopeWord ? `${data.region.scopeWord}` : '';
  return `根据《${shortTitle(data.plan.title)}》${doc ? `（${doc}）` : ''}要求，现将${data.period.label}${scope}工作推进情况通报如下：`;
}

const delta = (now: number, before: number, unit: string, up: string, down: string) =>
  now === before ? `与上期持平` : `${now > before ? up : down}${formatNumber(Math.abs(now - before))}${unit}`;

/** "与上期（2014年第一季度）相比，已达成的指标由2项增加到3项，红灯任务由4项减少到2项，按时报送率提高6.7个百分点。" */
export function comparisonSentence(data: Pick<BriefingData, 'previous' | 'counts' | 'behind' | 'completeness'>): string {
  const p = data.previous;
  if (!p) return '';
  const parts: string[] = [];
  const achieved = data.counts.byStatus.achieved.value ?? 0;
  if (achieved !== p.achieved) parts.push(`已达成的指标由${p.achieved}项${achieved > p.achieved ? '增加' : '减少'}到${achieved}项`);
  const behind = data.behind.targets.length;
  if (behind !== p.behindTargets) parts.push(`进展滞后的指标由${p.behindTargets}项${behind > p.behindTargets ? '增加' : '减少'}到${behind}项`);
  const red = data.counts.byLight.red.value ?? 0;
  if (red !== p.red) parts.push(`红灯任务由${p.red}项${red > p.red ? '增加' : '减少'}到${red}项`);
  const rate = data.completeness?.onTimeRate.value ?? null;
  if (rate !== null && p.onTimeRate !== null) {
    const d = Math.round((rate - p.onTimeRate) * 10) / 10;
    parts.push(d === 0 ? '按时报送率与上期持平' : `按时报送率${d > 0 ? '提高' : '下降'}${Math.abs(d).toFixed(1)}个百分点`);
  }
  if (parts.length === 0) return `与上期（${p.period.label}）相比，主要指标和任务进展情况基本持平。`;
  return `与上期（${p.period.label}）相比，${parts.join('，')}。`;
}

/** Units named last time and how they stand now: "上期通报的州教育局本期已按时报送；州卫生局仍进展滞后。" */
export function followUpSentence(data: Pick<BriefingData, 'previous' | 'behind'>): string {
  const named = data.previous?.behindUnits ?? [];
  if (named.length === 0) return '';
  const still = new Set(data.behind.units.map((u) => u.name));
  const better = named.filter((n) => !still.has(n));
  const worse = named.filter((n) => still.has(n));
  const parts = [better.length ? `${joinNames(better)}已整改到位，本期未再出现滞后` : '', worse.length ? `${joinNames(worse)}仍存在滞后，须作为下一步督办重点` : ''].filter(Boolean);
  return `上期（${data.previous!.period.label}）通报进展滞后的${named.length}个单位中，${parts.join('；')}。`;
}

const TOP = 3;

/** "从各县看，固定宽带家庭普及率排在前列的是门源县（45.2%）、…；排在后面的是…。详见附件1。" */
export function divisionRankingSentence(r: NonNullable<BriefingData['rankings']>['divisions'], annex: string): string {
  if (!r) return '';
  const valued = r.items.filter((i) => i.value !== null);
  if (valued.length < 2) return '';
  const fmt = (i: { name: string; value: number | null }) => `${i.name}（${formatNumber(i.value)}${r.unit === '%' ? '%' : r.unit}）`;
  const n = Math.min(TOP, Math.floor(valued.length / 2));
  const top = valued.slice(0, n);
  const bottom = valued.slice(-n).reverse();
  const missing = r.items.filter((i) => i.value === null).map((i) => i.name);
  return `从各地看，${r.indicator}（${formatDate(r.period)}）排在前列的是${top.map(fmt).join('、')}；排在后面的是${bottom.map(fmt).join('、')}${missing.length ? `；${joinNames(missing)}暂无数据` : ''}。详见${annex}。`;
}

/** "从各单位看，按时报送和任务推进较好的是…；相对滞后的是…。" */
export function unitRankingSentence(units: NonNullable<BriefingData['rankings']>['units'], annex: string): string {
  if (units.length < 2) return '';
  const n = Math.min(TOP, Math.floor(units.length / 2));
  const fmt = (u: { name: string; onTimeRate: number | null; progress: number | null }) =>
    `${u.name}（${[u.onTimeRate !== null ? `按时报送率${formatPercent(u.onTimeRate)}` : '', u.progress !== null ? `任务平均进度${formatPercent(u.progress)}` : ''].filter(Boolean).join('，')}）`;
  return `从各单位看，按时报送和任务推进较好的是${units.slice(0, n).map(fmt).join('、')}；相对滞后的是${units.slice(-n).reverse().map(fmt).join('、')}。详见${annex}。`;
}

/** "方案计划投资17282万元，截至2014年7月11日完成4200万元，完成率24.3%。其中，…" */
export function investmentSentence(inv: BriefingData['investments'], asOf: string): string {
  if (!inv) return '';
  const c = inv.currency;
  const head = `方案计划投资${formatNumber(inv.totals.planned)}${c}，截至${formatDate(asOf)}已报完成${formatNumber(inv.totals.done)}${c}${inv.totals.rate !== null ? `，完成率${formatPercent(inv.totals.rate)}` : ''}。`;
  const byUnit = inv.items.map((u) => `${u.unitName}计划${formatNumber(u.planned)}${c}、完成${formatNumber(u.done)}${c}${u.rate !== null ? `（${formatPercent(u.rate)}）` : ''}`);
  const none = inv.items.filter((u) => u.done === 0 && u.planned > 0).map((u) => u.unitName);
  return `${head}其中，${byUnit.join('；')}。${none.length ? `${joinNames(none)}尚未报送完成投资情况。` : ''}`;
}

/** A unit's own words, quoted and attributed: "州电信公司：“…”" (long texts cut at a sentence). */
export function quoteOf(t: { unitName: string; text: string }, max = 120): string {
  let text = t.text.replace(/\s+/g, '');
  if ([...text].length > max) {
    const cut = [...text].slice(0, max).join('');
    const end = Math.max(cut.lastIndexOf('。'), cut.lastIndexOf('；'));
    text = end > max / 3 ? cut.slice(0, end + 1) : `${cut}……`;
  }
  return `${t.unitName}：“${text.replace(/[。；]$/, '')}。”`;
}
