import { describe, expect, it } from 'vitest';
import { Document, Packer, Paragraph, Table, TableCell, TableRow, TextRun } from 'docx';
import { existsSync } from 'node:fs';
import { readDocument } from './read-document.ts';
import { extractPlan } from '../extract/extract-plan.ts';
import { layoutText, type PdfItem } from './pdf-layout.ts';
import { CHROMIUM, PdfPrinter } from './test-variants.ts';

const cell = (t: string) => new TableCell({ children: t.split('\n').map((l) => new Paragraph({ children: [new TextRun(l)] })) });

describe('DOCX tables', () => {
  it('reads a 任务分解表 as tasks with units and milestones, cells of several paragraphs and empty cells included', async () => {
    const rows = [
      ['序号', '重点任务', '牵头单位', '责任单位', '完成时限'],
      ['1', '建设全市数据共享\n交换平台', '市数据局', '市发展改革委、\n市财政局', '2024年6月底前'],
      ['2', '开展公共数据开放试点', '市数据局', '', '2024年12月底前'],
      ['3', '制定数据交易管理办法', '市市场监管局、市数据局', '市司法局', '9月底前'],
    ];
    const doc = new Document({
      sections: [{ children: [new Paragraph('某市2024年数据工作实施方案'), new Paragraph('附件：重点任务分解表'), new Table({ rows: rows.map((r) => new TableRow({ children: r.map(cell) })) })] }],
    });
    const { text } = await readDocument(new Uint8Array(await Packer.toBuffer(doc)), 'plan.docx');
    const plan = extractPlan(text);
    expect(plan.tasks.map((t) => [t.title, t.leadUnits, t.responsibleUnits])).toEqual([
      ['建设全市数据共享交换平台', ['市数据局'], ['市发展改革委', '市财政局']],
      ['开展公共数据开放试点', ['市数据局'], []],
      ['制定数据交易管理办法', ['市市场监管局', '市数据局'], ['市司法局']],
    ]);
    // "9月底前" in a plan for 2024 is September 2024.
    expect(plan.milestones.filter((m) => m.task).map((m) => [m.task, m.due])).toEqual([
      ['建设全市数据共享交换平台', '2024-06'],
      ['开展公共数据开放试点', '2024-12'],
      ['制定数据交易管理办法', '2024-09'],
    ]);
  });
});

describe('PDF layout', () => {
  const line = (str: string, x: number, y: number, size = 12): PdfItem => ({ str, x, y, width: str.length * size, size });
  it('re-joins wrapped lines, keeps indented paragraphs apart and drops running headers and page numbers', () => {
    const page = (n: number, body: PdfItem[]) => [line('某市数据工作实施方案', 200, 800, 9), ...body, line(`- ${n} -`, 290, 40, 10)];
    const text = layoutText([
      page(1, [line('一、重点任务', 100, 700), line('1.建设平台。建设全市数据共享交换平台，实现', 76, 680), line('部门数据全量汇聚。（牵头单位：市数据局）', 76, 660)].map((l, i) => (i === 0 ? { ...l, x: 100 } : l)).map((l) => ({ ...l, width: l.str.length === 22 ? 504 - l.x : l.width }))),
      page(2, [line('2.开展试点。', 100, 700)]),
      page(3, [line('3.制定办法。', 100, 700)]),
    ]);
    expect(text.split('\n')).toEqual(['一、重点任务', '1.建设平台。建设全市数据共享交换平台，实现部门数据全量汇聚。（牵头单位：市数据局）', '2.开展试点。', '3.制定办法。']);
  });
  it.skipIf(!existsSync(CHROMIUM))('reads a Chromium-printed plan: one task with its unit parenthesis although the lines wrap', async () => {
    const printer = new PdfPrinter();
    try {
      const long = '加快建设全市统一的公共数据共享交换平台，推动各部门政务数据按照统一标准全量汇聚、按需共享、有序开放，支撑跨部门业务协同和一网通办。';
      const pdf = await printer.print(['某市数据工作实施方案', '一、重点任务', `1.建设数据平台。${long}${long}（牵头单位：市数据局；责任单位：市发展改革委、市财政局）`, '2.开展开放试点。推进公共数据开放。（牵头单位：市数据局）'].join('\n'));
      const { text } = await readDocument(pdf, 'plan.pdf');
      expect(text).not.toMatch(/- \d+ -/);
      const plan = extractPlan(text);
      expect(plan.tasks.map((t) => [t.title, t.leadUnits, t.responsibleUnits])).toEqual([
        ['建设数据平台', ['市数据局'], ['市发展改革委', '市财政局']],
        ['开展开放试点', ['市数据局'], []],
      ]);
    } finally {
      await printer.close();
    }
  });
});
