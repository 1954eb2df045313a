/**
 * The briefing laid out as a notice (GB/T 9704 elements in order), independent of the output
 * format: the .docx, the HTML/PDF renderers and the web preview draw this same structure, so all
 * say the same.
 *
 * Every generated paragraph has a stable key: the office can reword or drop it (`edits`) before
 * it signs, and the saved draft applies the same edits to every format.
 */
import { addDays } from '../kernel/day.ts';
import { type BriefingData, LIGHT_LABELS, TARGET_STATUS_LABELS } from './briefing-data.ts';
import {
  basisSentence,
  behindTargetsSentence,
  behindTasksSentence,
  behindUnitsSentence,
  briefingTitle,
  CHINESE_ORDINALS,
  comparisonSentence,
  completenessByUnitSentence,
  completenessSentence,
  divisionRankingSentence,
  docNumberPlaceholder,
  followUpSentence,
  formatDate,
  formatNumber,
  formatPercent,
  investmentSentence,
  joinNames,
  quoteOf,
  targetsDetailSentence,
  targetStatusSentence,
  taskLightSentence,
  unitRankingSentence,
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

export type DocBlock = { type: 'paragraph'; key: string; text: string } | { type: 'table'; table: DocTable };

export interface DocSection {
  /** "一、总体进展" */
  heading: string;
  blocks: DocBlock[];
}

/** 版记: 抄送, 印发机关 and 印发日期 between rules, at the end of the document. */
export interface DocRecord {
  cc: string | null;
  printedBy: string;
  printedOn: string;
}

export interface DocAttachment {
  /** "附件1" */
  label: string;
  title: string;
  blocks: DocBlock[];
}

export interface BriefingDocument {
  /** 发文机关标志 (红头); null without the red head */
  redHead: string | null;
  docNumber: string;
  title: string;
  /** the title cut into lines at phrase boundaries (GB/T 9704: 回行时要做到词意完整) */
  titleLines: string[];
  /** 主送机关, ending with the full-width colon */
  addressee: string;
  /** the basis sentence opening the text: 根据《…》（…号）要求，现将…通报如下： */
  opening: DocBlock & { type: 'paragraph' };
  sections: DocSection[];
  /** 附件说明 lines ("1．各县（区）…排名") printed after the text, before the signature */
  attachmentNotes: string[];
  signature: string;
  date: string;
  /** 附注: （联系人：…，电话：…） */
  contact: string | null;
  attachments: DocAttachment[];
  record: DocRecord;
  /** 数据说明: where the numbers come from; a separate file, never printed in the 公文 */
  provenance: string;
}

/** What the office decides before generating: 文号, 抄送, contact, and its edits to the text. */
export interface Issuance {
  /** 发文字号 as assigned (北政办〔2014〕23号); default: a placeholder to complete */
  docNumber?: string | null;
  /** 抄送机关 */
  cc?: string[];
  /** 印发机关 (default: the issuer) */
  printedBy?: string | null;
  /** 印发日期 YYYY-MM-DD (default: the as-of day) */
  printedOn?: string | null;
  contact?: { name: string; phone: string } | null;
}

export interface ComposeOptions {
  redHead?: boolean;
  issuance?: Issuance;
  /** paragraph key → new text, or null to leave the paragraph out */
  edits?: Record<string, string | null>;
}

const CMP: Record<string, string> = { '>=': '≥', '<=': '≤', '=': '' };

/** Chinese characters of a line of the title at 二号 in the 156 mm text block. */
const TITLE_LINE = 20;

/**
 * Cuts the title into lines no longer than TITLE_LINE characters, only after a phrase: after 》,
 * before the period label or before 工作推进情况; the most balanced cut wins.
 */
export function titleLines(title: string): string[] {
  const chars = [...title];
  if (chars.length <= TITLE_LINE) return [title];
  const cuts = new Set<number>();
  const at = (re: RegExp, after: boolean) => {
    for (const m of title.matchAll(re)) cuts.add([...title.slice(0, (m.index ?? 0) + (after ? m[0].length : 0))].length);
  };
  at(/》/g, true);
  at(/\d{4}年/g, false);
  at(/工作推进情况/g, false);
  at(/[，、]/g, true);
  const lines = (pos: number[]) => pos.map((p, i) => chars.slice(i === 0 ? 0 : pos[i - 1], p).join('')).concat(chars.slice(pos[pos.length - 1] ?? 0).join(''));
  const sorted = [...cuts].filter((c) => c > 0 && c < chars.length).sort((a, b) => a - b);
  let best: string[] | null = null;
  let bestScore = Infinity;
  const consider = (pos: number[]) => {
    const ls = lines(pos);
    if (ls.some((l) => [...l].length > TITLE_LINE)) return;
    const lens = ls.map((l) => [...l].length);
    const score = ls.length * 1000 + Math.max(...lens) - Math.min(...lens);
    if (score < bestScore) [best, bestScore] = [ls, score];
  };
  for (const a of sorted) {
    consider([a]);
    for (const b of sorted) if (b > a) consider([a, b]);
  }
  if (best) return best;
  // No phrase boundary fits: even lines, so at least nothing runs past the block.
  const n = Math.ceil(chars.length / TITLE_LINE);
  const per = Math.ceil(chars.length / n);
  return Array.from({ length: n }, (_, i) => chars.slice(i * per, (i + 1) * per).join(''));
}

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

function completenessTable(data: BriefingData, n: number): DocTable | null {
  const c = data.completeness;
  if (!c || c.byUnit.length === 0) return null;
  return {
    caption: `表${n}　各单位报送情况`,
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

function investmentTable(data: BriefingData, n: number): DocTable | null {
  const inv = data.investments;
  if (!inv) return null;
  return {
    caption: `表${n}　各单位投资完成情况（${inv.currency}）`,
    columns: ['序号', '单位', '计划投资', '已完成', '完成率'],
    widths: [7, 41, 17, 17, 18],
    numeric: [2, 3, 4],
    rows: [
      ...inv.items.map((u, i) => [String(i + 1), u.unitName, formatNumber(u.planned), formatNumber(u.done), formatPercent(u.rate)]),
      ['', '合计', formatNumber(inv.totals.planned), formatNumber(inv.totals.done), formatPercent(inv.totals.rate)],
    ],
  };
}

function behindTasksTable(data: BriefingData, n: number): DocTable | null {
  if (data.behind.tasks.length === 0) return null;
  return {
    caption: `表${n}　滞后任务和节点`,
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

/**
 * 下一步工作要求 as numbered measures, each naming who and by when: the laggards' rectification,
 * overdue tasks, reports still missing, work falling due in the next period, then the general duty.
 */
export function nextSteps(data: BriefingData): string[] {
  const out: string[] = [];
  const red = data.behind.tasks.filter((t) => t.light === 'red');
  const byUnit = new Map<string, string[]>();
  for (const t of red) for (const u of t.units.length ? t.units : ['有关单位']) byUnit.set(u, [...(byUnit.get(u) ?? []), t.title]);
  for (const [unit, titles] of byUnit) {
    const shown = titles.slice(0, 3).map((t) => `“${t}”`).join('、');
    out.push(`请${unit}针对${shown}${titles.length > 3 ? `等${titles.length}项` : ''}逾期未完成的情况，认真分析原因，制定整改措施，明确完成时限，在下期报送时一并说明整改进展。`);
  }
  const behindTargets = data.behind.targets;
  if (behindTargets.length) {
    const units = joinNames(behindTargets.flatMap((t) => t.units));
    out.push(`${units ? `请${units}` : '请各责任单位'}聚焦${joinNames(behindTargets.map((t) => t.indicator))}等进展滞后的指标，加大工作力度，确保${formatDate(behindTargets.map((t) => t.deadline).filter(Boolean).sort()[0] ?? null)}前实现方案确定的目标。`);
  }
  const missing = data.completeness?.byUnit.filter((u) => (u.missing.value ?? 0) > 0).map((u) => u.unitName) ?? [];
  if (missing.length) out.push(`请${joinNames(missing)}于通报印发后5个工作日内补报${data.period.label}进展情况，逾期未报的将在下期通报中继续点名。`);
  const end = data.period.end;
  const horizon = addDays(end, 92);
  const upcoming = data.tasks.filter((t) => t.deadline && t.deadline.length >= 10 && t.deadline > end && t.deadline <= horizon && t.light !== 'red');
  for (const t of upcoming.slice(0, 5)) out.push(`请${joinNames(t.units) || '责任单位'}抓紧推进“${t.title}”，确保${formatDate(t.deadline)}前完成。`);
  out.push('各单位要继续按照方案确定的目标任务和时间节点扎实推进各项工作，按时、准确报送工作进展和统计数据。');
  return out;
}

/** Lays the data out as the notice's parts, numbering the body sections 一、二、三、…. */
export function composeBriefing(data: BriefingData, opts: ComposeOptions = {}): BriefingDocument {
  const edits = opts.edits ?? {};
  const p = (key: string, text: string): DocBlock[] => {
    const edited = key in edits ? edits[key] : text;
    return edited === null || edited === undefined || edited.trim() === '' ? [] : [{ type: 'paragraph', key, text: edited }];
  };
  let tableNo = 1;
  const t = (make: (n: number) => DocTable | null): DocBlock[] => {
    const table = make(tableNo);
    if (!table) return [];
    tableNo++;
    return [{ type: 'table', table }];
  };

  // Annexes first, so the text can point at them by number.
  const attachments: DocAttachment[] = [];
  const annex = (title: string, blocks: DocBlock[]): string => {
    attachments.push({ label: `附件${attachments.length + 1}`, title, blocks });
    return `附件${attachments.length}`;
  };
  const r = data.rankings;
  const divAnnex = r?.divisions && r.divisions.items.filter((i) => i.value !== null).length >= 2
    ? annex(`${r.divisions.indicator}排名情况（${formatDate(r.divisions.period)}）`, [
        {
          type: 'table',
          table: {
            caption: `${r.divisions.indicator}（${r.divisions.unit}）`,
            columns: ['排名', '地区', '数值'],
            widths: [15, 50, 35],
            numeric: [2],
            rows: r.divisions.items.map((i) => [i.rank === null ? '—' : String(i.rank), i.name, formatNumber(i.value)]),
          },
        },
      ])
    : null;
  const unitAnnex = r && r.units.length >= 2
    ? annex('各单位推进情况排名', [
        {
          type: 'table',
          table: {
            caption: '各单位按时报送和任务进展',
            columns: ['排名', '单位', '按时报送率', '任务平均进度'],
            widths: [12, 48, 20, 20],
            numeric: [2, 3],
            rows: r.units.map((u) => [String(u.rank), u.name, formatPercent(u.onTimeRate), formatPercent(u.progress)]),
          },
        },
      ])
    : null;
  const zero = data.completeness?.byUnit.filter((u) => (u.missing.value ?? 0) > 0) ?? [];
  if (zero.length) {
    annex('未报送单位名单', [
      {
        type: 'table',
        table: {
          caption: `${data.period.label}未报送单位`,
          columns: ['序号', '单位', '应报', '未报'],
          widths: [12, 58, 15, 15],
          numeric: [2, 3],
          rows: zero.map((u, i) => [String(i + 1), u.unitName, formatNumber(u.expected.value), formatNumber(u.missing.value)]),
        },
      },
    ]);
  }

  const practices = (data.reported ?? []).filter((x) => x.kind === 'narrative');
  const problems = (data.reported ?? []).filter((x) => x.kind === 'problem');
  const steps = nextSteps(data);

  const body: { heading: string; blocks: DocBlock[] }[] = [
    {
      heading: '总体进展',
      blocks: [
        ...p('overview.status', `截至${formatDate(data.asOf)}，${targetStatusSentence(data)}${taskLightSentence(data)}`),
        ...p('overview.reporting', completenessSentence(data.completeness)),
        ...p('overview.comparison', comparisonSentence(data)),
      ],
    },
    {
      heading: '目标指标完成情况',
      blocks: data.targets.length ? [...p('targets.detail', targetsDetailSentence(data.targets, '“存在问题”部分')), ...t(() => targetsTable(data))] : p('targets.none', targetStatusSentence(data)),
    },
    ...(divAnnex || unitAnnex
      ? [
          {
            heading: '各地区和单位推进情况',
            blocks: [
              ...p('ranking.divisions', divisionRankingSentence(r?.divisions ?? null, divAnnex ?? '')),
              ...p('ranking.units', r ? unitRankingSentence(r.units, unitAnnex ?? '') : ''),
            ],
          },
        ]
      : []),
    ...(data.investments
      ? [{ heading: '投资完成情况', blocks: [...p('investment', investmentSentence(data.investments, data.asOf)), ...t((n) => investmentTable(data, n))] }]
      : []),
    {
      heading: '报送情况',
      blocks: data.completeness?.byUnit.length
        ? [...p('reporting.byUnit', completenessByUnitSentence(data.completeness).replace('见表2', `见表${tableNo}`)), ...t((n) => completenessTable(data, n))]
        : p('reporting.none', completenessSentence(data.completeness)),
    },
    ...(practices.length
      ? [{ heading: '好的做法', blocks: practices.map((x, i) => p(`practice.${x.itemId}.${i}`, `${quoteOf(x)}${x.itemTitle ? `（${x.itemTitle}）` : ''}`)).flat() }]
      : []),
    {
      heading: '存在问题',
      blocks: [
        ...p('problems.targets', behindTargetsSentence(data.behind.targets)),
        ...p('problems.tasks', behindTasksSentence(data.behind.tasks)),
        ...p('problems.units', behindUnitsSentence(data.behind.units)),
        ...p('problems.followUp', followUpSentence(data)),
        ...(problems.length ? p('problems.reported.lead', '各单位反映需协调解决的问题：') : []),
        ...problems.map((x, i) => p(`problem.${x.itemId}.${i}`, quoteOf(x))).flat(),
        ...t((n) => behindTasksTable(data, n)),
      ],
    },
    { heading: '下一步工作要求', blocks: steps.map((s, i) => p(`next.${i}`, `（${CHINESE_ORDINALS[i] ?? i + 1}）${s}`)).flat() },
  ];

  const apis = [
    ...new Set([
      ...data.targets.map((x) => x.latest.source.api),
      ...data.tasks.map((x) => x.progress.source.api),
      ...(data.completeness ? [data.completeness.onTimeRate.source.api] : []),
      ...(data.rankings?.divisions ? [data.rankings.divisions.source.api] : []),
      ...(data.investments ? [data.investments.source.api] : []),
      ...(data.previous ? [data.previous.source.api] : []),
    ]),
  ];
  const iss = opts.issuance ?? {};
  const title = briefingTitle(data);
  const issuer = data.issuer;
  const contact = iss.contact?.name ? `（联系人：${iss.contact.name}，电话：${iss.contact.phone}）` : null;
  return {
    redHead: opts.redHead === false ? null : issuer,
    docNumber: iss.docNumber?.trim() || docNumberPlaceholder(data),
    title,
    titleLines: titleLines(title),
    addressee: `${data.addressee}：`,
    opening: p('opening', basisSentence(data))[0] as DocBlock & { type: 'paragraph' } ?? { type: 'paragraph', key: 'opening', text: '' },
    sections: body.filter((s) => s.blocks.length > 0).map((s, i) => ({ heading: `${CHINESE_ORDINALS[i]}、${s.heading}`, blocks: s.blocks })),
    attachmentNotes: attachments.map((a, i) => `${i + 1}．${a.title}`),
    signature: issuer,
    date: formatDate(data.asOf),
    contact,
    attachments,
    record: {
      cc: iss.cc && iss.cc.length ? joinNames(iss.cc) : null,
      printedBy: iss.printedBy?.trim() || issuer,
      printedOn: formatDate(iss.printedOn ?? data.asOf),
    },
    provenance: `数据说明：${
      data.targetsAsOf !== data.asOf ? `目标指标按${formatDate(data.targetsAsOf)}（期末）数据评估，任务进度和报送情况截至${formatDate(data.asOf)}` : `本通报数据截至${formatDate(data.asOf)}`
    }，由落实系统于${formatDate(data.generatedAt.slice(0, 10))}根据已审核数据生成${apis.length ? `，来源：${apis.join('；')}` : ''}。${data.notes.length ? data.notes.join('；') + '。' : ''}`,
  };
}

/** Every paragraph of a laid-out briefing with its key, in reading order (the web editor's list). */
export function documentParagraphs(doc: BriefingDocument): { key: string; section: string; text: string }[] {
  const out = doc.opening.text ? [{ key: doc.opening.key, section: '', text: doc.opening.text }] : [];
  for (const s of doc.sections) for (const b of s.blocks) if (b.type === 'paragraph') out.push({ key: b.key, section: s.heading, text: b.text });
  return out;
}
