/**
 * Reads a zip's central directory without inflating anything, so that a zip bomb (a small file
 * that expands to gigabytes) is refused before mammoth unzips it.
 */
import { unprocessable } from './errors.ts';

export const MAX_UNCOMPRESSED_BYTES = 200 * 1024 * 1024;
export const MAX_COMPRESSION_RATIO = 200;

export interface ZipSummary {
  entries: number;
  compressed: number;
  uncompressed: number;
}

export function inspectZip(bytes: Uint8Array): ZipSummary {
  const dv = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const corrupt = () => unprocessable('文件已损坏或不是有效的 .docx 文件', 'the file is corrupt or not a valid .docx (zip) file');
  if (bytes.length < 22 || dv.getUint32(0, true) !== 0x04034b50) throw corrupt();
  // End of central directory: last 22 bytes plus up to 64 KiB of comment.
  let eocd = -1;
  for (let i = bytes.length - 22; i >= Math.max(0, bytes.length - 22 - 0xffff); i--) {
    if (dv.getUint32(i, true) === 0x06054b50) {
      eocd = i;
      break;
    }
  }
  if (eocd < 0) throw corrupt();
  const count = dv.getUint16(eocd + 10, true);
  const cdSize = dv.getUint32(eocd + 12, true);
  const cdOffset = dv.getUint32(eocd + 16, true);
  if (cdOffset + cdSize > bytes.length || count === 0) throw corrupt();
  let p = cdOffset, compressed = 0, uncompressed = 0;
  for (let k = 0; k < count; k++) {
    if (p + 46 > bytes.length || dv.getUint32(p, true) !== 0x02014b50) throw corrupt();
    const c = dv.getUint32(p + 20, true);
    const u = dv.getUint32(p + 24, true);
    // Zip64 markers hide the real sizes; a document never needs them.
    if (c === 0xffffffff || u === 0xffffffff) throw bomb(uncompressed);
    compressed += c;
    uncompressed += u;
    p += 46 + dv.getUint16(p + 28, true) + dv.getUint16(p + 30, true) + dv.getUint16(p + 32, true);
  }
  if (uncompressed > MAX_UNCOMPRESSED_BYTES || uncompressed > MAX_COMPRESSION_RATIO * Math.max(compressed, 1)) throw bomb(uncompressed);
  return { entries: count, compressed, uncompressed };
}

const bomb = (size: number) =>
  unprocessable(
    '压缩文件解压后过大或压缩比异常，疑似压缩炸弹，已拒绝处理',
    'the archive would expand too much (possible zip bomb) and was refused',
    { uncompressedBytes: size },
  );
