/**
 * What must be known about an uploaded .xlsx before anything inflates it: that it is a zip
 * holding a workbook, and that its directory does not promise an expansion without bound (zip
 * bomb). xlsx-lean.ts then enforces the real expanded size of each entry it reads.
 */
import { open } from 'node:fs/promises';
import { AppError } from '../../platform/errors.ts';

/**
 * An xlsx of 100,000 rows expands to ~60 MB; a workbook expanding past this is refused (reading
 * costs CPU in proportion: 900 MB of sheet XML took 84 s).
 */
export const MAX_EXPANDED_BYTES = 256 * 1024 * 1024;
export const MAX_RATIO = 200;

export interface ZipEntry {
  name: string;
  method: number;
  compressed: number;
  uncompressed: number;
  localOffset: number;
}

const notXlsx = (detail: string) =>
  new AppError('unsupported_media_type', `文件不是 Excel 工作簿（.xlsx）：${detail} / the file is not an .xlsx workbook`, {
    fields: [{ field: 'file', reason: `not an .xlsx workbook: ${detail}` }],
  });
export const corrupt = (detail: string) =>
  new AppError('bad_request', `文件已损坏，无法读取：${detail} / the file is corrupt`, { fields: [{ field: 'file', reason: `corrupt: ${detail}` }] });
const bomb = () =>
  new AppError('bad_request', '文件解压后过大或压缩比异常，疑似压缩炸弹，已拒绝 / the file would expand too much (possible zip bomb) and was refused', {
    fields: [{ field: 'file', reason: 'expands too much (zip bomb)' }],
  });

/** Checks the first bytes and the zip directory; returns the entries. Never inflates anything. */
export async function inspectXlsx(path: string): Promise<ZipEntry[]> {
  const fh = await open(path, 'r');
  try {
    const { size } = await fh.stat();
    const head = Buffer.alloc(8);
    await fh.read(head, 0, 8, 0);
    if (head.subarray(0, 8).equals(Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]))) {
      throw notXlsx('这是旧版 .xls 或 WPS .et 文件，请另存为 .xlsx / an old .xls file: save it as .xlsx');
    }
    if (size < 22 || head.readUInt32LE(0) !== 0x04034b50) throw notXlsx('不是 zip 格式 / not a zip container');
    const tailLen = Math.min(size, 22 + 0xffff);
    const tail = Buffer.alloc(tailLen);
    await fh.read(tail, 0, tailLen, size - tailLen);
    let eocd = -1;
    for (let i = tailLen - 22; i >= 0; i--) {
      if (tail.readUInt32LE(i) === 0x06054b50) {
        eocd = i;
        break;
      }
    }
    if (eocd < 0) throw corrupt('zip directory missing');
    const count = tail.readUInt16LE(eocd + 10);
    const cdSize = tail.readUInt32LE(eocd + 12);
    const cdOffset = tail.readUInt32LE(eocd + 16);
    if (count === 0xffff || cdOffset === 0xffffffff) throw bomb(); // zip64: never needed by a form
    if (cdOffset + cdSize > size) throw corrupt('zip directory out of bounds');
    const cd = Buffer.alloc(cdSize);
    await fh.read(cd, 0, cdSize, cdOffset);
    const entries: ZipEntry[] = [];
    let p = 0;
    let total = 0;
    for (let k = 0; k < count; k++) {
      if (p + 46 > cd.length || cd.readUInt32LE(p) !== 0x02014b50) throw corrupt('bad zip directory entry');
      const flags = cd.readUInt16LE(p + 8);
      const method = cd.readUInt16LE(p + 10);
      const compressed = cd.readUInt32LE(p + 20);
      const uncompressed = cd.readUInt32LE(p + 24);
      const nameLen = cd.readUInt16LE(p + 28);
      const name = cd.subarray(p + 46, p + 46 + nameLen).toString('utf8');
      if (flags & 1) throw new AppError('bad_request', '文件已加密，请取消密码后再上传 / the workbook is encrypted', { fields: [{ field: 'file', reason: 'encrypted' }] });
      if (compressed === 0xffffffff || uncompressed === 0xffffffff) throw bomb();
      if (uncompressed > 10 * 1024 * 1024 && uncompressed > MAX_RATIO * Math.max(compressed, 1)) throw bomb();
      total += uncompressed;
      entries.push({ name, method, compressed, uncompressed, localOffset: cd.readUInt32LE(p + 42) });
      p += 46 + nameLen + cd.readUInt16LE(p + 30) + cd.readUInt16LE(p + 32);
    }
    if (total > MAX_EXPANDED_BYTES) throw bomb();
    if (!entries.some((e) => e.name === 'xl/workbook.xml')) throw notXlsx('缺少 xl/workbook.xml / no workbook inside the zip');
    return entries;
  } finally {
    await fh.close();
  }
}
