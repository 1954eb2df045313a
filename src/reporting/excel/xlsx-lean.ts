/**
 * A lean reader of the parts of an .xlsx the upload needs: sheet names and states, shared
 * strings, number formats, and the cells (value, formula, cached result, number format) and
 * merged ranges of chosen worksheets. It streams each worksheet through zlib and a small tag
 * tokenizer, so 100,000 rows read in well under a second and sheets not asked for are never
 * inflated. (exceljs' streaming reader builds a full Row/Cell object per cell and skips merges.)
 */
import { createReadStream } from 'node:fs';
import { open } from 'node:fs/promises';
import { createInflateRaw } from 'node:zlib';
import { corrupt, MAX_EXPANDED_BYTES, type ZipEntry } from './xlsx-zip.ts';

export type LeanValue =
  | null
  | number
  | string
  | boolean
  | Date
  | { formula: string; result: number | string | boolean | null | { error: string } }
  | { error: string };

export interface LeanCell {
  /** 1-based column */
  col: number;
  value: LeanValue;
  numFmt: string | undefined;
}

export interface SheetInfo {
  name: string;
  state: string;
  path: string;
}

const ENTITY: Record<string, string> = { lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" };
export function decodeXml(s: string): string {
  if (!s.includes('&')) return s;
  return s.replace(/&(#x[0-9a-fA-F]+|#[0-9]+|[a-z]+);/g, (m, e: string) =>
    e[0] === '#' ? String.fromCodePoint(e[1] === 'x' ? parseInt(e.slice(2), 16) : parseInt(e.slice(1), 10)) : (ENTITY[e] ?? m),
  );
}

const CELL_ATTR = /([A-Za-z]+)\s*=\s*"([^"]*)"/g;

function columnOf(ref: string): number {
  let n = 0;
  for (let i = 0; i < ref.length; i++) {
    const c = ref.charCodeAt(i);
    if (c < 65 || c > 90) break;
    n = n * 26 + c - 64;
  }
  return n;
}

const ATTR_RE = new Map<string, RegExp>();
function attr(attrs: string, name: string): string | undefined {
  let re = ATTR_RE.get(name);
  if (!re) {
    re = new RegExp(`(?:^|\\s)(?:\\w+:)?${name}\\s*=\\s*("([^"]*)"|'([^']*)')`);
    ATTR_RE.set(name, re);
  }
  const m = re.exec(attrs);
  return m ? decodeXml(m[2] ?? m[3] ?? '') : undefined;
}

/** Streams the inflated text of an entry in chunks; refuses to expand past the real limit. */
async function* entryChunks(path: string, e: ZipEntry): AsyncGenerator<string> {
  const fh = await open(path, 'r');
  let start: number;
  try {
    const local = Buffer.alloc(30);
    await fh.read(local, 0, 30, e.localOffset);
    if (local.readUInt32LE(0) !== 0x04034b50) throw corrupt(`bad local header of ${e.name}`);
    start = e.localOffset + 30 + local.readUInt16LE(26) + local.readUInt16LE(28);
  } finally {
    await fh.close();
  }
  if (e.method !== 0 && e.method !== 8) throw corrupt(`unsupported compression ${e.method} in ${e.name}`);
  const src = createReadStream(path, { start, end: start + Math.max(e.compressed, 1) - 1, highWaterMark: 1 << 20 });
  const stream = e.method === 0 ? src : src.pipe(createInflateRaw({ chunkSize: 1 << 20 }));
  src.on('error', (err) => stream.destroy(err));
  const decoder = new TextDecoder('utf-8');
  let seen = 0;
  const limit = Math.min(MAX_EXPANDED_BYTES, e.uncompressed * 1.01 + 4096);
  try {
    for await (const chunk of stream as AsyncIterable<Buffer>) {
      seen += chunk.length;
      if (seen > limit) throw corrupt(`${e.name} expands beyond its declared size`);
      yield decoder.decode(chunk, { stream: true });
    }
  } catch (err) {
    if ((err as { code?: string }).code === 'Z_DATA_ERROR' || (err as { errno?: number }).errno !== undefined) throw corrupt((err as Error).message);
    throw err;
  } finally {
    src.destroy();
  }
  yield decoder.decode();
}

async function entryText(path: string, e: ZipEntry): Promise<string> {
  let s = '';
  for await (const c of entryChunks(path, e)) s += c;
  return s;
}

/** `before()` is the text between the previous tag and this one, sliced only when asked for. */
type TokenHandler = (closing: boolean, name: string, attrs: string, selfClosing: boolean, before: () => string) => void;

/** Calls `on` for every tag with the text before it; tags split across chunks are carried over. */
async function tokenize(chunks: AsyncIterable<string>, on: TokenHandler): Promise<void> {
  let carry = '';
  const re = /<(\/?)([A-Za-z_][\w.:-]*)((?:[^>"']|"[^"]*"|'[^']*')*?)(\/?)>/g;
  for await (const chunk of chunks) {
    const text = carry + chunk;
    re.lastIndex = 0;
    let last = 0;
    let from = 0;
    let to = 0;
    const before = () => text.slice(from, to);
    let m: RegExpExecArray | null;
    while ((m = re.exec(text))) {
      const colon = m[2].indexOf(':');
      from = last;
      to = m.index;
      on(m[1] === '/', colon >= 0 ? m[2].slice(colon + 1) : m[2], m[3], m[4] === '/', before);
      last = re.lastIndex;
    }
    carry = text.slice(last);
    // skip comments, processing instructions and the XML declaration quickly
    if (carry.length > 1 << 22) throw corrupt('unreadable XML');
  }
}

const BUILTIN_FMT: Record<number, string> = {
  0: 'General', 1: '0', 2: '0.00', 3: '#,##0', 4: '#,##0.00', 9: '0%', 10: '0.00%', 11: '0.00E+00', 12: '# ?/?', 13: '# ??/??',
  14: 'mm-dd-yy', 15: 'd-mmm-yy', 16: 'd-mmm', 17: 'mmm-yy', 18: 'h:mm AM/PM', 19: 'h:mm:ss AM/PM', 20: 'h:mm', 21: 'h:mm:ss', 22: 'm/d/yy h:mm',
  37: '#,##0 ;(#,##0)', 38: '#,##0 ;[Red](#,##0)', 39: '#,##0.00;(#,##0.00)', 40: '#,##0.00;[Red](#,##0.00)', 45: 'mm:ss', 46: '[h]:mm:ss', 47: 'mmss.0', 48: '##0.0E+0', 49: '@',
};

export function isDateFormat(fmt: string | undefined): boolean {
  if (!fmt || fmt === 'General' || fmt === '@') return false;
  const bare = fmt.replace(/"[^"]*"|\[[^\]]*\]|\\./g, '');
  return /[ymdhs]/i.test(bare) && !/^[#0.,%E+\- ]*$/.test(bare);
}

export class LeanWorkbook {
  private constructor(
    private readonly path: string,
    private readonly entries: Map<string, ZipEntry>,
    readonly sheets: SheetInfo[],
    private readonly strings: string[],
    private readonly formats: (string | undefined)[],
    private readonly date1904: boolean,
  ) {}

  static async open(path: string, list: ZipEntry[]): Promise<LeanWorkbook> {
    const entries = new Map(list.map((e) => [e.name, e]));
    const text = async (name: string) => {
      const e = entries.get(name);
      return e ? entryText(path, e) : '';
    };
    const wbXml = await text('xl/workbook.xml');
    const relsXml = await text('xl/_rels/workbook.xml.rels');
    const targets = new Map<string, string>();
    for (const m of relsXml.matchAll(/<(?:\w+:)?Relationship\b([^>]*)>/g)) {
      const id = attr(m[1], 'Id');
      const target = attr(m[1], 'Target');
      if (id && target) targets.set(id, target.startsWith('/') ? target.slice(1) : `xl/${target.replace(/^\.\//, '')}`);
    }
    const sheets: SheetInfo[] = [];
    for (const m of wbXml.matchAll(/<(?:\w+:)?sheet\b([^>]*)>/g)) {
      const name = attr(m[1], 'name') ?? '';
      const rid = attr(m[1], 'id');
      const p = rid ? targets.get(rid) : undefined;
      if (p && entries.has(p)) sheets.push({ name, state: attr(m[1], 'state') ?? 'visible', path: p });
    }
    const date1904 = /date1904\s*=\s*"(1|true)"/.test(wbXml);

    const strings: string[] = [];
    const sst = entries.get('xl/sharedStrings.xml');
    if (sst) {
      let inSi = false;
      let inT = false;
      let inRph = false;
      let cur = '';
      await tokenize(entryChunks(path, sst), (closing, name, _attrs, self, before) => {
        if (inT && !inRph) cur += before();
        if (name === 'si') {
          if (!closing) {
            inSi = true;
            cur = '';
          } else {
            strings.push(decodeXml(cur));
            inSi = false;
          }
          if (self) strings.push('');
        } else if (name === 't' && inSi) inT = !closing && !self;
        else if (name === 'rPh') inRph = !closing && !self; // phonetic runs are not part of the text
      });
    }

    const formats: (string | undefined)[] = [];
    const stylesXml = await text('xl/styles.xml');
    const custom = new Map<number, string>();
    for (const m of stylesXml.matchAll(/<(?:\w+:)?numFmt\b([^>]*)>/g)) {
      const id = attr(m[1], 'numFmtId');
      const code = attr(m[1], 'formatCode');
      if (id !== undefined && code !== undefined) custom.set(Number(id), code);
    }
    const xfs = /<(?:\w+:)?cellXfs\b[^>]*>([\s\S]*?)<\/(?:\w+:)?cellXfs>/.exec(stylesXml)?.[1] ?? '';
    for (const m of xfs.matchAll(/<(?:\w+:)?xf\b([^>]*)>/g)) {
      const id = Number(attr(m[1], 'numFmtId') ?? 0);
      const code = custom.get(id) ?? BUILTIN_FMT[id];
      formats.push(code === 'General' ? undefined : code);
    }
    return new LeanWorkbook(path, entries, sheets, strings, formats, date1904);
  }

  /**
   * Reads a worksheet: `onRow(rowNumber, cells)` for every row with at least one cell; returns the
   * merged ranges. `maxCol` limits the columns kept.
   */
  async readSheet(sheet: SheetInfo, onRow: (row: number, cells: LeanCell[]) => void, maxCol = 64): Promise<string[]> {
    const e = this.entries.get(sheet.path);
    if (!e) return [];
    const merges: string[] = [];
    let rowNo = 0;
    let cells: LeanCell[] = [];
    let col = 0;
    let inCell = false;
    let type = '';
    let style = 0;
    let v: string | null = null;
    let f: string | null = null;
    let inline = '';
    let capture: 'v' | 'f' | 't' | null = null;
    let inIs = false;
    const flushRow = () => {
      if (cells.length > 0) onRow(rowNo, cells);
      cells = [];
    };
    await tokenize(entryChunks(this.path, e), (closing, name, attrs, self, before) => {
      if (capture !== null && closing) {
        if (capture === 'v' && name === 'v') v = (v ?? '') + before();
        else if (capture === 'f' && name === 'f') f = (f ?? '') + before();
        else if (capture === 't' && name === 't') inline += before();
      }
      switch (name) {
        case 'row':
          if (!closing) {
            flushRow();
            const r = attr(attrs, 'r');
            rowNo = r ? Number(r) : rowNo + 1;
            col = 0;
            if (self) flushRow();
          } else flushRow();
          return;
        case 'c':
          if (!closing) {
            let ref: string | undefined;
            type = 'n';
            style = 0;
            CELL_ATTR.lastIndex = 0;
            let a: RegExpExecArray | null;
            while ((a = CELL_ATTR.exec(attrs))) {
              if (a[1] === 'r') ref = a[2];
              else if (a[1] === 't') type = a[2];
              else if (a[1] === 's') style = Number(a[2]);
            }
            col = ref ? columnOf(ref) : col + 1;
            v = null;
            f = null;
            inline = '';
            inIs = false;
            inCell = !self;
            if (self) this.pushCell(cells, col, type, style, null, null, '', maxCol);
          } else if (inCell) {
            inCell = false;
            this.pushCell(cells, col, type, style, v, f, inline, maxCol);
          }
          return;
        case 'v':
          capture = !closing && !self && inCell ? 'v' : null;
          if (!closing && !self && inCell) v = '';
          return;
        case 'f':
          if (!closing && inCell) {
            f = '';
            capture = self ? null : 'f';
          } else capture = null;
          return;
        case 'is':
          inIs = !closing && !self;
          return;
        case 't':
          capture = !closing && !self && inIs ? 't' : null;
          return;
        case 'rPh':
          // phonetic guide inside an inline string: not part of the value
          if (!closing && !self) inIs = false;
          else if (closing) inIs = true;
          return;
        case 'mergeCell':
          if (!closing) {
            const ref = attr(attrs, 'ref');
            if (ref) merges.push(ref);
          }
          return;
        default:
          return;
      }
    });
    flushRow();
    return merges;
  }

  private pushCell(cells: LeanCell[], col: number, type: string, style: number, v: string | null, f: string | null, inline: string, maxCol: number) {
    if (col > maxCol) return;
    const numFmt = this.formats[style];
    const t = this.typed(type, v === null ? null : decodeXml(v), inline, f === null && this.isDate(style));
    const value: LeanValue = f !== null ? { formula: decodeXml(f), result: t instanceof Date ? t.getTime() : t } : t;
    if (value === null) return;
    cells.push({ col, value, numFmt });
  }

  private dateStyles: boolean[] | null = null;
  private isDate(style: number): boolean {
    this.dateStyles ??= this.formats.map((f) => isDateFormat(f));
    return this.dateStyles[style] ?? false;
  }

  /** A cell's value by its type attribute; `asDate`: a plain number in a date format. */
  private typed(type: string, raw: string | null, inline: string, asDate: boolean): number | string | boolean | null | { error: string } | Date {
    if (type === 'inlineStr') return decodeXml(inline);
    if (raw === null) return null;
    switch (type) {
      case 's':
        return this.strings[Number(raw)] ?? '';
      case 'str':
        return raw;
      case 'b':
        return raw === '1' || raw === 'true';
      case 'e':
        return { error: raw };
      case 'd':
        return new Date(raw);
      default: {
        const n = Number(raw);
        if (raw.trim() === '' || Number.isNaN(n)) return raw;
        if (asDate) return new Date(Math.round((n + (this.date1904 ? 1462 : 0) - 25569) * 86400_000));
        return n;
      }
    }
  }
}
