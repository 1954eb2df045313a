/**
 * The briefing laid out as a notice (GB/T 9704 elements in order), independent of the output
 * format: the .docx and the HTML/PDF renderers draw this same structure, so both say the same.
 */
import { type BriefingData, TARGET_STATUS_LABELS, LIGHT_LABELS } from './briefing-data.ts';
import {
  behindTargetsSentence,
  behindTasksSentence,
  behindUnitsSentence,
  briefingTitle,
  completenessByUnitSentence,
  completenessSentence,
  docNumberPlaceholder,
  formatDate,
  formatNumber,
  formatPercent,
  joinNames,
  keyNumbersSentence,
  overviewLead,
  requirementSentence,
  targetsDetailSentence,
  targetStatusSentence,
  taskLightSentence,
} from './briefing-sentences.ts';

export interface DocTable {
  caption: string;
  columns: string[];
  /** relative column widths */
  widths: number[];
  /** cell text; a line break ("\n") starts a new line within the cell */
  rows: string[][];
  /** columns holding numbers (centred, as official tables set them) */
  numeric: number[];
}

export type DocBlock = { type: 'paragraph'; text: string } | { type: 'table'; table: DocTable };

export interface DocSection {
  /** "一、总体进展" */
  heading: string;
  blocks: DocBlock[];
}

export interface BriefingDocument {
  /** 发文机关标志 (红头); null without the red head */
  redHead: string | null;
  docNumber: string;
  title: string;
  /** 主送机关, ending with the full-width colon */
  addressee: string;
  sections: DocSection[];
  signature: string;
  date: string;
  /** 数据说明: where the numbers come from, printed small after the date */
  provenance: string;
}

export interface ComposeOptions {
  redHead?: boolean;
}

const ORDINALS = ['一', '二', '三', '四', '五', '六', '七', '八', '九', '十'];

const CMP: Record<string, string> = { '>=': '≥', '<=': '≤', '=': '' };

function targetsTable(data: BriefingData): DocTable {
  return {
    caption: '表1　目标指标完成情况',
    columns: ['序号', '指标', '范围', '基期值', '最新值（期）', '目标值', '时限', '状态'],
    widths: [7, 20, 7, 13, 13, 11, 15, 14],
    numeric: [3, 4, 5],
    rows: data.targets.map((t, i) => [
      String(i + 1),
      t.unit && t.unit !== '%' ? `${t.indicator}（${t.unit}）` : t.indicator,
      t.scope ?? '—',
      t.baseline.value === null ? '—' : `${formatNumber(t.baseline.value)}${t.baseline.period ? `\n${t.baseline.period}` : ''}`,
      t.latest.value === null ? '—' : `${formatNumber(t.latest.value)}${t.latest.period ? `\n${t.latest.period}` : ''}`,
      `${CMP[t.comparator] ?? ''}${formatNumber(t.target.value)}`,
      formatDate(t.deadline),
      TARGET_STATUS_LABELS[t.status],
    ]),
  };
}

function completenessTable(data: BriefingData): DocTable | null {
  const c = data.completeness;
  if (!c || c.byUnit.length === 0) return null;
  return {
    caption: '表2　各单位报送情况',
    columns: ['序号', '单位', '应报', '已报', '按时', '逾期报送', '未报', '按时报送率'],
    widths: [6, 30, 9, 9, 9, 11, 9, 17],
    numeric: [2, 3, 4, 5, 6, 7],
    rows: c.byUnit.map((u, i) => [
      String(i + 1),
      u.unitName,
      formatNumber(u.expected.value),
      formatNumber(u.submitted.value),
      formatNumber(u.onTime.value),
      formatNumber(u.late.value),
      formatNumber(u.missing.value),
      formatPercent(u.onTimeRate.value),
    ]),
  };
}

function behindTasksTable(data: BriefingData): DocTable | null {
  if (data.behind.tasks.length === 0) return null;
  return {
    caption: '表3　滞后任务和节点',
    columns: ['序号', '任务或节点', '责任单位', '时限', '进度', '提示'],
    widths: [6, 40, 20, 12, 10, 12],
    numeric: [4],
    rows: data.behind.tasks.map((t, i) => [
      String(i + 1),
      t.title,
      joinNames(t.units) || '—',
      formatDate(t.deadline),
      formatPercent(t.progress.value),
      t.light ? LIGHT_LABELS[t.light] : '—',
    ]),
  };
}

/** Lays the data out as the notice's parts, numbering the body sections 一、二、三、…. */
export function composeBriefing(data: BriefingData, opts: ComposeOptions = {}): BriefingDocument {
  const p = (text: string): DocBlock => ({ type: 'paragraph', text });
  const t = (table: DocTable | null): DocBlock[] => (table ? [{ type: 'table', table }] : []);
  const body: { heading: string; blocks: DocBlock[] }[] = [
    {
      heading: '总体进展',
      blocks: [p(`${overviewLead(data)}${targetStatusSentence(data)}${taskLightSentence(data)}`), p(completenessSentence(data.completeness))],
    },
    {
      heading: '目标指标完成情况',
      blocks: data.targets.length ? [p(targetsDetailSentence(data.targets, '第四部分')), ...t(targetsTable(data))] : [p(targetStatusSentence(data))],
    },
    {
      heading: '报送情况',
      blocks: data.completeness?.byUnit.length ? [p(completenessByUnitSentence(data.completeness)), ...t(completenessTable(data))] : [p(completenessSentence(data.completeness))],
    },
    {
      heading: '进展滞后的单位和任务',
      blocks: [
        p(behindTargetsSentence(data.behind.targets)),
        p(behindTasksSentence(data.behind.tasks)),
        ...(data.behind.units.length ? [p(behindUnitsSentence(data.behind.units))] : []),
        ...t(behindTasksTable(data)),
      ],
    },
    { heading: '本期主要数据', blocks: [p(keyNumbersSentence(data))] },
    { heading: '下一步工作要求', blocks: [p(requirementSentence(data))] },
  ];
  const apis = [...new Set([...data.targets.map((x) => x.latest.source.api), ...data.tasks.map((x) => x.progress.source.api), ...(data.completeness ? [data.completeness.onTimeRate.source.api] : [])])];
  return {
    redHead: opts.redHead === false ? null : data.issuer,
    docNumber: docNumberPlaceholder(data),
    title: briefingTitle(data),
    addressee: `${data.addressee}：`,
    sections: body.map((s, i) => ({ heading: `${ORDINALS[i]}、${s.heading}`, blocks: s.blocks })),
    signature: data.issuer,
    date: formatDate(data.asOf),
    provenance: `数据说明：${
      data.targetsAsOf !== data.asOf ? `目标指标按${formatDate(data.targetsAsOf)}（期末）数据评估，任务进度和报送情况截至${formatDate(data.asOf)}` : `本通报数据截至${formatDate(data.asOf)}`
    }，由落实系统于${formatDate(data.generatedAt.slice(0, 10))}根据已审核数据生成${
      apis.length ? `，来源：${apis.join('；')}` : ''
    }。${data.notes.length ? data.notes.join('；') + '。' : ''}`,
  };
}
