/**
 * The briefing as a Word document laid out after GB/T 9704 (党政机关公文格式): A4, 天头 37 mm,
 * 订口 28 mm, 版心 156 × 225 mm; red issuer line with a red rule below; 文号; title 二号小标宋;
 * body 三号仿宋 at a fixed 28 pt line pitch (22 lines a page); headings 一、 in 黑体; page number
 * "— N —" in 四号宋体 below the text block, odd pages right and even pages left.
 */
import {
  AlignmentType,
  BorderStyle,
  Document,
  Footer,
  LineRuleType,
  Packer,
  PageNumber,
  Tab,
  TabStopType,
  Paragraph,
  Table,
  TableCell,
  TableLayoutType,
  TableRow,
  TextRun,
  VerticalAlign,
  WidthType,
} from 'docx';
import type { BriefingData } from './briefing-data.ts';
import { type BriefingDocument, composeBriefing, type ComposeOptions, type DocTable, titleLines } from './briefing-document.ts';

/**
 * Font names as Chinese offices have them installed. Word substitutes a missing East Asian font
 * by its own table; the HTML renderer lists the fallbacks explicitly (see briefing-html.ts).
 */
export const FONTS = {
  xiaobiaosong: ['方正小标宋简体', '方正小标宋_GBK', '华文中宋', 'STZhongsong', '宋体', 'SimSun', 'AR PL SungtiL GB'],
  fangsong: ['仿宋_GB2312', '仿宋', 'FangSong', 'STFangsong', 'AR PL SungtiL GB'],
  heiti: ['黑体', 'SimHei', 'STHeiti', 'WenQuanYi Zen Hei'],
  kaiti: ['楷体_GB2312', '楷体', 'KaiTi', 'STKaiti', 'AR PL KaitiM GB'],
  songti: ['宋体', 'SimSun', 'STSong', 'AR PL SungtiL GB'],
} as const;
/*
 * The open fallbacks at the end of each list are TrueType fonts from Debian (fonts-arphic-gbsn00lp,
 * fonts-arphic-gkai00mp, fonts-wqy-zenhei): Chromium embeds TrueType as subset CID fonts, whereas
 * CFF-based OpenType fonts such as Noto CJK come out as Type 3 (bitmap-like, not editable,
 * refused by archives). An office's own licensed fonts go in LUOSHI_FONTS_DIR and win by name.
 */

/** Chinese type sizes in points (号). */
export const SIZES = { chuhao: 42, xiaochu: 36, erhao: 22, sanhao: 16, sihao: 14, xiaosi: 12, wuhao: 10.5 } as const;

const RED = 'FF0000';
const LINE = 560; // fixed 28 pt line pitch, in twips: 22 lines in the 225 mm text block
const CHAR = SIZES.sanhao * 20; // one 三号 character, in twips
/** Millimetres to twips, rounded (docx's own helper truncates: A4 would come out 1 twip short). */
const mm = (v: number) => Math.round((v * 1440) / 25.4);
const TEXT_WIDTH = mm(156);

const font = (names: readonly string[]) => ({ ascii: 'Times New Roman', hAnsi: 'Times New Roman', eastAsia: names[0], cs: names[0], hint: 'eastAsia' });
const half = (pt: number) => Math.round(pt * 2);

/**
 * 28 characters a line: the 156 mm block is 442.2 pt, so a 三号 (16 pt) character must advance
 * 15.79 pt; −0.25 pt of character spacing (−5 twentieths) makes 28 fit in Word and WPS alike.
 */
const BODY_SPACING = -5;

function run(text: string, names: readonly string[], pt: number, extra: { color?: string; bold?: boolean } = {}): TextRun {
  return new TextRun({ text, font: font(names), size: half(pt), ...(pt === SIZES.sanhao ? { characterSpacing: BODY_SPACING } : {}), ...extra });
}

type Align = (typeof AlignmentType)[keyof typeof AlignmentType];

function line(text: string, opts: { names?: readonly string[]; pt?: number; align?: Align; firstLine?: number; left?: number; right?: number; color?: string; spacingLine?: number; keepNext?: boolean; pageBreakBefore?: boolean } = {}): Paragraph {
  return new Paragraph({
    keepNext: opts.keepNext,
    keepLines: opts.keepNext,
    pageBreakBefore: opts.pageBreakBefore,
    alignment: opts.align ?? AlignmentType.JUSTIFIED,
    spacing: { line: opts.spacingLine ?? LINE, lineRule: LineRuleType.EXACT, before: 0, after: 0 },
    indent: { firstLine: opts.firstLine ?? 0, left: opts.left ?? 0, right: opts.right ?? 0 },
    children: text ? [run(text, opts.names ?? FONTS.fangsong, opts.pt ?? SIZES.sanhao, { color: opts.color })] : [],
  });
}

const blank = () => line('');

/** Size of the red issuer line: as large as fits the text block on one line, 22–42 pt. */
export function redHeadSize(text: string): number {
  const widthPt = 156 / 25.4 * 72;
  return Math.max(22, Math.min(SIZES.chuhao, Math.floor((widthPt / Math.max(1, [...text].length)) * 0.95)));
}

function table(t: DocTable): (Paragraph | Table)[] {
  const total = t.widths.reduce((a, b) => a + b, 0);
  const widths = t.widths.map((w) => Math.floor((w / total) * TEXT_WIDTH));
  const border = { style: BorderStyle.SINGLE, size: 6, color: '000000' };
  const cell = (text: string, col: number, header: boolean) =>
    new TableCell({
      width: { size: widths[col], type: WidthType.DXA },
      verticalAlign: VerticalAlign.CENTER,
      margins: { left: 60, right: 60, top: 20, bottom: 20 },
      children: text.split('\n').map(
        (lineText) =>
          new Paragraph({
            alignment: header || col === 0 || t.numeric.includes(col) ? AlignmentType.CENTER : AlignmentType.LEFT,
            spacing: { line: 320, lineRule: LineRuleType.AT_LEAST, before: 0, after: 0 },
            children: [run(lineText, header ? FONTS.heiti : FONTS.fangsong, SIZES.xiaosi)],
          }),
      ),
    });
  const rows = [
    new TableRow({ tableHeader: true, cantSplit: true, children: t.columns.map((c, i) => cell(c, i, true)) }),
    ...t.rows.map((r) => new TableRow({ cantSplit: true, children: r.map((v, i) => cell(v, i, false)) })),
  ];
  return [
    line(t.caption, { names: FONTS.heiti, pt: SIZES.sihao, align: AlignmentType.CENTER, keepNext: true }),
    new Table({
      rows,
      width: { size: TEXT_WIDTH, type: WidthType.DXA },
      columnWidths: widths,
      layout: TableLayoutType.FIXED,
      borders: { top: border, bottom: border, left: border, right: border, insideHorizontal: border, insideVertical: border },
    }),
    blank(),
  ];
}

function pageNumberFooter(side: 'left' | 'right'): Footer {
  const oneChar = SIZES.sihao * 20;
  return new Footer({
    children: [
      new Paragraph({
        alignment: side === 'right' ? AlignmentType.RIGHT : AlignmentType.LEFT,
        indent: side === 'right' ? { right: oneChar } : { left: oneChar },
        children: [new TextRun({ children: ['— ', PageNumber.CURRENT, ' —'], font: font(FONTS.songti), size: half(SIZES.sihao) })],
      }),
    ],
  });
}

/** The Word document of a laid-out briefing. */
export function briefingDocx(doc: BriefingDocument): Document {
  const children: (Paragraph | Table)[] = [];
  if (doc.redHead) {
    children.push(
      new Paragraph({
        alignment: AlignmentType.CENTER,
        spacing: { before: 0, after: 0, line: Math.round(redHeadSize(doc.redHead) * 20 * 1.3), lineRule: LineRuleType.EXACT },
        children: [run(doc.redHead, FONTS.xiaobiaosong, redHeadSize(doc.redHead), { color: RED })],
      }),
      blank(),
      blank(),
    );
  }
  // 发文字号 with the red rule 4 mm below it (a bottom border of the same paragraph).
  children.push(
    new Paragraph({
      alignment: AlignmentType.CENTER,
      spacing: { line: LINE, lineRule: LineRuleType.EXACT, before: 0, after: 0 },
      border: doc.redHead ? { bottom: { style: BorderStyle.SINGLE, size: 12, color: RED, space: 11 } } : undefined,
      children: [run(doc.docNumber, FONTS.fangsong, SIZES.sanhao)],
    }),
    blank(),
    new Paragraph({
      alignment: AlignmentType.CENTER,
      spacing: { line: 700, lineRule: LineRuleType.EXACT, before: 0, after: 0 },
      children: doc.titleLines.map((l, i) => new TextRun({ text: l, font: font(FONTS.xiaobiaosong), size: half(SIZES.erhao), break: i > 0 ? 1 : undefined })),
    }),
    blank(),
    line(doc.addressee),
  );
  if (doc.opening.text) children.push(line(doc.opening.text, { firstLine: 2 * CHAR }));
  // The last paragraph, the 附件说明, the signature and the date stay on one page (keepNext).
  const sections = doc.sections.map((x) => ({ heading: x.heading, blocks: [...x.blocks] }));
  const lastSection = sections[sections.length - 1];
  const tail = lastSection && lastSection.blocks[lastSection.blocks.length - 1]?.type === 'paragraph' ? lastSection.blocks.pop()! : null;
  for (const s of sections) {
    children.push(line(s.heading, { names: FONTS.heiti, firstLine: 2 * CHAR, keepNext: true }));
    for (const b of s.blocks) {
      if (b.type === 'paragraph') children.push(line(b.text, { firstLine: 2 * CHAR }));
      else children.push(...table(b.table));
    }
  }
  if (tail?.type === 'paragraph') children.push(line(tail.text, { firstLine: 2 * CHAR, keepNext: true }));
  if (doc.attachmentNotes.length) {
    children.push(blank());
    doc.attachmentNotes.forEach((n, i) => children.push(line(`${i === 0 ? '附件：' : ''}${n}`, { left: i === 0 ? 2 * CHAR : 5 * CHAR, firstLine: 0, keepNext: true })));
  }
  // 成文日期 右空四字; 发文机关署名 centred above it.
  const dateChars = [...doc.date].length;
  const sigChars = [...doc.signature].length;
  const sigRight = Math.max(0, 4 + (dateChars - sigChars) / 2);
  children.push(
    line('', { keepNext: true }),
    line('', { keepNext: true }),
    line(doc.signature, { align: AlignmentType.RIGHT, right: Math.round(sigRight * CHAR), keepNext: true }),
    line(doc.date, { align: AlignmentType.RIGHT, right: 4 * CHAR }),
  );
  if (doc.contact) children.push(line(doc.contact, { firstLine: 2 * CHAR }));
  for (const a of doc.attachments) {
    children.push(line(a.label, { names: FONTS.heiti, pageBreakBefore: true }));
    children.push(
      blank(),
      new Paragraph({
        alignment: AlignmentType.CENTER,
        spacing: { line: 700, lineRule: LineRuleType.EXACT, before: 0, after: 0 },
        children: titleLines(a.title).map((l, i) => new TextRun({ text: l, font: font(FONTS.xiaobiaosong), size: half(SIZES.erhao), break: i > 0 ? 1 : undefined })),
      }),
      blank(),
    );
    for (const b of a.blocks) {
      if (b.type === 'paragraph') children.push(line(b.text, { firstLine: 2 * CHAR }));
      else children.push(...table(b.table));
    }
  }
  // 版记: 抄送 and 印发机关/日期 (四号) between a thick first and last rule and thin rules between.
  const thick = { style: BorderStyle.SINGLE, size: 8, color: '000000', space: 1 };
  const thin = { style: BorderStyle.SINGLE, size: 4, color: '000000', space: 1 };
  const rec = doc.record;
  const recLine = (children: TextRun[], border: { top?: typeof thick; bottom?: typeof thick }, tabs = false) =>
    new Paragraph({
      keepNext: true,
      keepLines: true,
      spacing: { line: 520, lineRule: LineRuleType.EXACT, before: 0, after: 0 },
      indent: { left: SIZES.sihao * 20, right: SIZES.sihao * 20 },
      border,
      tabStops: tabs ? [{ type: TabStopType.RIGHT, position: TEXT_WIDTH - 2 * SIZES.sihao * 20 }] : undefined,
      children,
    });
  const r4 = (text: string) => new TextRun({ text, font: font(FONTS.fangsong), size: half(SIZES.sihao) });
  children.push(blank(), blank());
  if (rec.cc) children.push(recLine([r4(`抄送：${rec.cc}。`)], { top: thick, bottom: thin }));
  children.push(recLine([r4(rec.printedBy), new TextRun({ children: [new Tab()], size: half(SIZES.sihao) }), r4(`${rec.printedOn}印发`)], { ...(rec.cc ? {} : { top: thick }), bottom: thick }, true));

  return new Document({
    evenAndOddHeaderAndFooters: true,
    creator: 'luoshi 落实',
    title: doc.title,
    styles: { default: { document: { run: { font: font(FONTS.fangsong), size: half(SIZES.sanhao) } } } },
    sections: [
      {
        properties: {
          page: {
            size: { width: mm(210), height: mm(297) },
            margin: {
              top: mm(37),
              bottom: mm(35),
              left: mm(28),
              right: mm(26),
              footer: mm(21),
              header: mm(15),
            },
          },
        },
        // 页码: odd pages right, even pages left, one character in from the edge of the text block.
        footers: { default: pageNumberFooter('right'), even: pageNumberFooter('left') },
        children,
      },
    ],
  });
}

/** Renders BriefingData as .docx bytes. */
export async function renderBriefingDocx(data: BriefingData, opts: ComposeOptions = {}): Promise<Buffer> {
  return Packer.toBuffer(briefingDocx(composeBriefing(data, opts)));
}
