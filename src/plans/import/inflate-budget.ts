/**
 * Real decompressed sizes, measured by inflating with a ceiling. A zip directory or a PDF can
 * claim any size; a 1 MB PDF whose Flate stream inflates to 520 MB, or a docx whose entries lie
 * about their sizes, is refused once the running total passes the budget, before a converter
 * (pdf.js, mammoth) holds the whole expansion in memory.
 */
import { constants, inflateRawSync, inflateSync } from 'node:zlib';
import { unprocessable } from './errors.ts';

/** A text plan of a few hundred pages inflates to tens of megabytes, fonts included. */
export const MAX_INFLATED_BYTES = 160 * 1024 * 1024;

const bomb = (what: string) =>
  unprocessable(
    `文件解压后超过 ${MAX_INFLATED_BYTES / 1048576} MB（${what}），疑似压缩炸弹，已拒绝处理`,
    `the file inflates past ${MAX_INFLATED_BYTES / 1048576} MB (${what}): possible decompression bomb, refused`,
    { limitBytes: MAX_INFLATED_BYTES },
  );

class Budget {
  constructor(private left: number) {}
  /** Inflates `data`, counting its output against the budget; corrupt data counts what came out. */
  take(data: Uint8Array, raw: boolean, what: string): void {
    const opts = { maxOutputLength: this.left + 1, finishFlush: constants.Z_SYNC_FLUSH };
    let size: number;
    try {
      size = (raw ? inflateRawSync(data, opts) : inflateSync(data, opts)).byteLength;
    } catch (e) {
      if ((e as { code?: string }).code === 'ERR_BUFFER_TOO_LARGE') throw bomb(what);
      return; // not valid deflate data: the converter will say so
    }
    this.left -= size;
    if (this.left < 0) throw bomb(what);
  }
}

/** Every FlateDecode stream of a PDF, inflated against the budget. */
export function checkPdfInflation(bytes: Uint8Array, limit = MAX_INFLATED_BYTES): void {
  const buf = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const budget = new Budget(limit);
  let at = 0;
  for (;;) {
    const kw = buf.indexOf('stream', at, 'latin1');
    if (kw < 0) return;
    at = kw + 6;
    if (kw >= 3 && buf.toString('latin1', kw - 3, kw) === 'end') continue;
    let start = kw + 6;
    if (buf[start] === 0x0d) start++;
    if (buf[start] !== 0x0a && buf[start - 1] !== 0x0d) continue;
    if (buf[start] === 0x0a) start++;
    const dict = buf.toString('latin1', Math.max(0, kw - 2048), kw);
    const open = dict.lastIndexOf(' obj');
    const head = open >= 0 ? dict.slice(open) : dict;
    if (!/\/FlateDecode|\/Fl\b/.test(head)) continue;
    const direct = /\/Length\s+(\d+)(?!\s+\d+\s+R)/.exec(head);
    let end = direct ? start + Number(direct[1]) : -1;
    // A /Length not followed by endstream is wrong, and readers then search for endstream: so do we.
    if (end < start || end > buf.length || !/^\s*endstream/.test(buf.toString('latin1', end, end + 32))) end = buf.indexOf('endstream', start, 'latin1');
    if (end < 0) end = buf.length;
    budget.take(buf.subarray(start, end), false, 'PDF');
    at = end;
  }
}

/** Every deflated entry of a zip (docx, xlsx), inflated against the budget. */
export function checkZipInflation(bytes: Uint8Array, limit = MAX_INFLATED_BYTES): void {
  const buf = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let eocd = -1;
  for (let i = buf.length - 22; i >= Math.max(0, buf.length - 22 - 0xffff); i--) {
    if (buf.readUInt32LE(i) === 0x06054b50) {
      eocd = i;
      break;
    }
  }
  if (eocd < 0) return; // not a zip: the converter refuses it
  const budget = new Budget(limit);
  const count = buf.readUInt16LE(eocd + 10);
  let p = buf.readUInt32LE(eocd + 16);
  for (let k = 0; k < count && p + 46 <= buf.length && buf.readUInt32LE(p) === 0x02014b50; k++) {
    const method = buf.readUInt16LE(p + 10);
    const compressed = buf.readUInt32LE(p + 20);
    const local = buf.readUInt32LE(p + 42);
    p += 46 + buf.readUInt16LE(p + 28) + buf.readUInt16LE(p + 30) + buf.readUInt16LE(p + 32);
    if (method !== 8 || local + 30 > buf.length || buf.readUInt32LE(local) !== 0x04034b50) continue;
    const start = local + 30 + buf.readUInt16LE(local + 26) + buf.readUInt16LE(local + 28);
    budget.take(buf.subarray(start, Math.min(buf.length, start + compressed)), true, 'zip');
  }
}
