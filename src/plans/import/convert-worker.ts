/**
 * Document conversion off the event loop. readDocument (pdf.js, mammoth, HTML parsing) can spend
 * minutes and gigabytes on a hostile file; here it runs in a worker thread with a heap limit and a
 * timeout, after the real decompressed size has been measured against a budget.
 */
import { runIsolated } from '../../platform/isolate/run-isolated.ts';
import { checkPdfInflation, checkZipInflation } from './inflate-budget.ts';
import { formatOf, readDocument, type DocumentFormat } from './read-document.ts';

export const CONVERT_LIMITS = { timeoutMs: 60_000, maxHeapMb: 512 };

/** Runs in the worker: the inflation budget first, then the ordinary conversion. */
export async function readDocumentGuarded(bytes: Uint8Array, filename: string): Promise<{ text: string; format: DocumentFormat }> {
  const format = formatOf(filename);
  if (format === 'pdf') checkPdfInflation(bytes);
  if (format === 'docx') checkZipInflation(bytes);
  return readDocument(bytes, filename);
}

/** readDocument in a worker thread; its 4xx answers come back as they are. */
export async function readDocumentIsolated(bytes: Uint8Array, filename: string): Promise<{ text: string; format: DocumentFormat }> {
  formatOf(filename); // an unsupported type is refused without starting a worker
  const own = bytes.slice(); // a copy the worker owns (the upload buffer may be pooled)
  return runIsolated({
    module: new URL('./convert-worker.ts', import.meta.url),
    fn: 'readDocumentGuarded',
    args: [own, filename],
    transfer: [own.buffer],
    what: { zh: '文档转换', en: 'document conversion' },
    ...CONVERT_LIMITS,
  });
}
