/**
 * Word .docx via mammoth's HTML, after the zip directory has been checked. Tables stay tables: a
 * cell is one paragraph however many paragraphs it holds, cells are separated, and an empty cell
 * is kept as "—" so that a 任务分解表's columns (牵头单位 / 责任单位 / 完成时限) do not shift.
 */
import mammoth from 'mammoth';
import { AppError } from '../../platform/errors.ts';
import { unprocessable } from './errors.ts';
import { inspectZip } from './zip-guard.ts';
import { htmlToText } from './convert-html.ts';

export function docxHtmlToText(html: string): string {
  const cells = html.replace(/<(td|th)\b[^>]*>([\s\S]*?)<\/\1>/g, (_m, tag: string, inner: string) => {
    const flat = inner.replace(/<\/p>\s*<p[^>]*>/g, '').replace(/<br\s*\/?>/g, '').replace(/<\/?p[^>]*>/g, '').trim();
    return `<${tag}>${flat || '—'}</${tag}>`;
  });
  return htmlToText(`<body>${cells}</body>`);
}

export async function convertDocx(bytes: Uint8Array): Promise<string> {
  inspectZip(bytes);
  try {
    const { value } = await mammoth.convertToHtml({ buffer: Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength) });
    return docxHtmlToText(value);
  } catch (e) {
    if (e instanceof AppError) throw e;
    throw unprocessable('无法读取该 .docx 文件（文件可能已损坏）', `cannot read the .docx file (it may be corrupt): ${(e as Error).message}`);
  }
}
