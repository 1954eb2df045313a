/**
 * Repairs the text layer of PDFs printed by Chromium with CJK fonts. Noto CJK maps a Kangxi
 * radical (U+2F08 ⼈) and the ideograph it looks like (U+4EBA 人) to one glyph, and Chromium's
 * PDF writer puts the lower code point into the font's ToUnicode map: searching or copying
 * "人民政府" then fails. This rewrites every affected ToUnicode CMap to the unified ideograph and
 * appends the new objects as an incremental update, so the original bytes stay untouched.
 */
import { deflateSync, inflateSync } from 'node:zlib';

/** CJK Radicals Supplement and Kangxi Radicals: the compatibility forms to undo. */
const RADICAL = /[\u2E80-\u2EFF\u2F00-\u2FDF]/g;

/**
 * Supplement radicals have no Unicode decomposition (NFKC leaves them alone): pairs of radical and
 * the ideograph that shares its glyph in Noto Sans CJK, read from the font's cmap.
 */
const SUPPLEMENT_PAIRS = '⺂乛⺃乚⺅亻⺉刂⺋㔾⺎兀⺏尣⺐尢⺒巳⺓幺⺔彑⺕彐⺖忄⺘扌⺙攵⺛旡⺞歺⺟母⺠民⺡氵⺣灬⺤爫⺦丬⺨犭⺫罒⺭礻⺯糹⺰纟⺱罓⺲罒⺳㓁⺹耂⺺肀⺾艹⺿艹⻂衤⻃覀⻄西⻅见⻆角⻈讠⻉贝⻋车⻌辶⻍辶⻎辶⻐钅⻑長⻒镸⻓长⻔门⻖阝⻘青⻙韦⻚页⻛风⻜飞⻝食⻟飠⻠饣⻢马⻣骨⻤鬼⻥鱼⻦鸟⻧卤⻨麦⻩黄⻪黾⻫斉⻬齐⻭歯⻮齿⻯竜⻰龙⻱龜⻲亀⻳龟';
const SUPPLEMENT = new Map<string, string>();
for (let i = 0; i + 1 < SUPPLEMENT_PAIRS.length; i += 2) SUPPLEMENT.set(SUPPLEMENT_PAIRS[i], SUPPLEMENT_PAIRS[i + 1]);

/** Replaces radicals by the ideographs they stand in for (Kangxi radicals by NFKC). */
export function unifyRadicals(s: string): string {
  return s.replace(RADICAL, (c) => SUPPLEMENT.get(c) ?? c.normalize('NFKC'));
}

const hexToString = (hex: string): string => {
  const units: number[] = [];
  for (let i = 0; i + 4 <= hex.length; i += 4) units.push(parseInt(hex.slice(i, i + 4), 16));
  return String.fromCharCode(...units);
};
const stringToHex = (s: string): string => [...s].flatMap((ch) => {
  const cp = ch.codePointAt(0)!;
  if (cp < 0x10000) return [cp];
  const v = cp - 0x10000;
  return [0xd800 + (v >> 10), 0xdc00 + (v & 0x3ff)];
}).map((u) => u.toString(16).toUpperCase().padStart(4, '0')).join('');

const incHex = (hex: string, by: number): string => (parseInt(hex, 16) + by).toString(16).toUpperCase().padStart(hex.length, '0');

/** The mappings of a ToUnicode CMap, source code (hex) → text. */
function parseCMap(cmap: string): Map<string, string> {
  const out = new Map<string, string>();
  for (const block of cmap.matchAll(/beginbfchar([\s\S]*?)endbfchar/g)) {
    for (const m of block[1].matchAll(/<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]*)>/g)) out.set(m[1].toUpperCase(), hexToString(m[2]));
  }
  for (const block of cmap.matchAll(/beginbfrange([\s\S]*?)endbfrange/g)) {
    for (const m of block[1].matchAll(/<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>\s*(<[0-9A-Fa-f]*>|\[[^\]]*\])/g)) {
      const lo = parseInt(m[1], 16), hi = parseInt(m[2], 16);
      if (m[3].startsWith('[')) {
        const dests = [...m[3].matchAll(/<([0-9A-Fa-f]*)>/g)].map((d) => d[1]);
        for (let c = lo; c <= hi && c - lo < dests.length; c++) out.set(incHex(m[1], c - lo).toUpperCase(), hexToString(dests[c - lo]));
      } else {
        const dst = m[3].slice(1, -1);
        // A range increments the last UTF-16 unit of its destination.
        const head = dst.slice(0, -4), last = dst.slice(-4);
        for (let c = lo; c <= hi; c++) out.set(incHex(m[1], c - lo).toUpperCase(), hexToString(head + incHex(last, c - lo)));
      }
    }
  }
  return out;
}

function writeCMap(original: string, map: Map<string, string>): string {
  const start = original.search(/\d+\s+beginbf(char|range)/);
  const end = original.indexOf('endcmap');
  const entries = [...map];
  let body = '';
  for (let i = 0; i < entries.length; i += 100) {
    const chunk = entries.slice(i, i + 100);
    body += `${chunk.length} beginbfchar\n${chunk.map(([src, text]) => `<${src}> <${stringToHex(text)}>`).join('\n')}\nendbfchar\n`;
  }
  return original.slice(0, start) + body + original.slice(end);
}

/** The PDF with its ToUnicode maps pointing at unified ideographs; unchanged when none needed it. */
export function repairCjkTextLayer(pdf: Buffer): Buffer {
  const s = pdf.toString('latin1');
  const ids = new Set([...s.matchAll(/\/ToUnicode\s+(\d+)\s+0\s+R/g)].map((m) => Number(m[1])));
  const replaced: { id: number; bytes: Buffer }[] = [];
  for (const id of ids) {
    const head = new RegExp(`(?:^|[\\r\\n])${id}\\s+0\\s+obj\\s*(<<[\\s\\S]*?>>)\\s*stream\\r?\\n`).exec(s);
    if (!head) continue;
    const len = /\/Length\s+(\d+)(?!\s+\d+\s+R)/.exec(head[1]);
    if (!len || !/\/FlateDecode/.test(head[1])) continue;
    const from = head.index + head[0].length;
    let cmap: string;
    try {
      cmap = inflateSync(pdf.subarray(from, from + Number(len[1]))).toString('latin1');
    } catch {
      continue;
    }
    const map = parseCMap(cmap);
    let changed = false;
    for (const [k, v] of map) {
      const u = unifyRadicals(v);
      if (u !== v) {
        map.set(k, u);
        changed = true;
      }
    }
    if (!changed) continue;
    const data = deflateSync(Buffer.from(writeCMap(cmap, map), 'latin1'));
    replaced.push({ id, bytes: Buffer.concat([Buffer.from(`${id} 0 obj\n<</Filter /FlateDecode\n/Length ${data.length}>> stream\n`, 'latin1'), data, Buffer.from('\nendstream\nendobj\n', 'latin1')]) });
  }
  if (replaced.length === 0) return pdf;
  const prev = /startxref\s+(\d+)\s+%%EOF\s*$/.exec(s);
  const trailer = /trailer\s*<<([\s\S]*?)>>\s*startxref\s+\d+\s+%%EOF\s*$/.exec(s);
  if (!prev || !trailer) return pdf;
  const size = /\/Size\s+(\d+)/.exec(trailer[1])?.[1];
  const root = /\/Root\s+(\d+\s+\d+\s+R)/.exec(trailer[1])?.[1];
  const info = /\/Info\s+(\d+\s+\d+\s+R)/.exec(trailer[1])?.[1];
  if (!size || !root) return pdf;
  const parts: Buffer[] = [pdf.at(-1) === 0x0a ? pdf : Buffer.concat([pdf, Buffer.from('\n')])];
  let offset = parts[0].length;
  const xref: string[] = ['xref'];
  for (const r of replaced.sort((a, b) => a.id - b.id)) {
    xref.push(`${r.id} 1`, `${String(offset).padStart(10, '0')} 00000 n `);
    parts.push(r.bytes);
    offset += r.bytes.length;
  }
  parts.push(Buffer.from(`${xref.join('\n')}\ntrailer\n<</Size ${size}\n/Root ${root}${info ? `\n/Info ${info}` : ''}\n/Prev ${prev[1]}>>\nstartxref\n${offset}\n%%EOF\n`, 'latin1'));
  return Buffer.concat(parts);
}
