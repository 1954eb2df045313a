/**
 * Turns an uploaded file into plain text, one converter per format, and refuses what cannot be a
 * plan: empty or binary files, oversize uploads, unknown formats, scanned PDFs, zip bombs.
 */
import { AppError } from '../../platform/errors.ts';
import { unprocessable } from './errors.ts';
import { convertTxt } from './convert-txt.ts';
import { convertDocx } from './convert-docx.ts';
import { convertPdf } from './convert-pdf.ts';
import { convertHtml } from './convert-html.ts';
import { extractPlan, type ExtractedPlan } from '../extract/extract-plan.ts';

/** Largest accepted upload: 50 MiB. */
export const MAX_DOCUMENT_BYTES = 50 * 1024 * 1024;

export type DocumentFormat = 'txt' | 'docx' | 'pdf' | 'html';

const EXTENSIONS: Record<string, DocumentFormat> = {
  txt: 'txt', text: 'txt', md: 'txt', docx: 'docx', pdf: 'pdf', html: 'html', htm: 'html', xhtml: 'html',
};

export function formatOf(filename: string): DocumentFormat {
  const ext = /\.([A-Za-z0-9]+)$/.exec(filename.trim())?.[1]?.toLowerCase() ?? '';
  const f = EXTENSIONS[ext];
  if (!f) {
    throw new AppError(
      'unsupported_media_type',
      `不支持的文件类型“.${ext || '?'}”，请上传 .txt、.docx、.pdf 或 .html 文件 / unsupported file type ".${ext || '?'}"; upload .txt, .docx, .pdf or .html`,
      { extension: ext },
    );
  }
  return f;
}

/** Share of characters that no real document contains: controls and U+FFFD. */
export function junkShare(text: string): number {
  if (!text.length) return 0;
  let junk = 0;
  for (const ch of text) {
    const c = ch.codePointAt(0)!;
    if ((c < 0x20 && c !== 0x0a && c !== 0x0d && c !== 0x09) || c === 0xfffd || (c >= 0x7f && c < 0xa0) || (c >= 0xe000 && c <= 0xf8ff)) junk++;
  }
  return junk / text.length;
}

export async function readDocument(bytes: Uint8Array, filename: string): Promise<{ text: string; format: DocumentFormat }> {
  if (bytes.byteLength > MAX_DOCUMENT_BYTES) {
    throw new AppError(
      'payload_too_large',
      `文件过大（${(bytes.byteLength / 1048576).toFixed(1)} MB），上限为 50 MB / file too large (${bytes.byteLength} bytes); the limit is 50 MB`,
      { bytes: bytes.byteLength, limit: MAX_DOCUMENT_BYTES },
    );
  }
  const format = formatOf(filename);
  if (bytes.byteLength === 0) throw unprocessable('文件为空', 'the file is empty');
  if (format === 'txt' || format === 'html') {
    const sample = bytes.subarray(0, 8192);
    const utf16 = sample.length >= 2 && ((sample[0] === 0xff && sample[1] === 0xfe) || (sample[0] === 0xfe && sample[1] === 0xff));
    if (!utf16 && sample.includes(0)) throw binary();
  }
  let text: string;
  if (format === 'txt') text = convertTxt(bytes);
  else if (format === 'html') text = convertHtml(bytes);
  else if (format === 'docx') text = await convertDocx(bytes);
  else text = await convertPdf(bytes);
  if (!text.trim()) throw unprocessable('文件中没有文字内容', 'the file contains no text');
  if (junkShare(text) > 0.02) throw binary();
  return { text, format };
}

const binary = () => unprocessable('文件内容不是可读文字（疑似二进制或已损坏）', 'the file does not contain readable text (binary or corrupt data)');

/** readDocument + extractPlan, refusing text in which no plan can be recognised. */
export async function extractPlanFromFile(bytes: Uint8Array, filename: string): Promise<ExtractedPlan & { format: DocumentFormat }> {
  const { text, format } = await readDocument(bytes, filename);
  const plan = extractPlan(text);
  if (!plan.title && plan.tasks.length === 0 && plan.targets.length === 0) {
    throw unprocessable(
      '未能识别出实施方案：没有找到标题、任务或目标',
      'no recognisable plan: no title, tasks or targets were found',
    );
  }
  return { ...plan, format };
}
