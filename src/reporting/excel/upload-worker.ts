/**
 * Reading an uploaded workbook off the event loop: inflating and scanning sheet XML is CPU work
 * proportional to the expanded size, which the uploader controls. The worker has a heap limit and
 * a timeout; xlsx-zip.ts and xlsx-lean.ts bound the expansion itself.
 */
import { runIsolated } from '../../platform/isolate/run-isolated.ts';
import type { ReadWorkbook } from './upload-reader.ts';

/** The largest real form (118,136 rows) reads in a few seconds with ~150 MB of heap. */
export const UPLOAD_READ_LIMITS = { timeoutMs: 120_000, maxHeapMb: 1024 };

export async function readUploadIsolated(path: string): Promise<ReadWorkbook> {
  return runIsolated({
    module: new URL('./upload-reader.ts', import.meta.url),
    fn: 'readUpload',
    args: [path],
    what: { zh: '读取工作簿', en: 'reading the workbook' },
    ...UPLOAD_READ_LIMITS,
  });
}
