/** Word .docx via mammoth's raw text, after the zip directory has been checked. */
import mammoth from 'mammoth';
import { AppError } from '../../platform/errors.ts';
import { unprocessable } from './errors.ts';
import { inspectZip } from './zip-guard.ts';

export async function convertDocx(bytes: Uint8Array): Promise<string> {
  inspectZip(bytes);
  try {
    const { value } = await mammoth.extractRawText({ buffer: Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength) });
    return value;
  } catch (e) {
    if (e instanceof AppError) throw e;
    throw unprocessable('无法读取该 .docx 文件（文件可能已损坏）', `cannot read the .docx file (it may be corrupt): ${(e as Error).message}`);
  }
}
