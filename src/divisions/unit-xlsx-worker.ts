/**
 * A units workbook read off the event loop: exceljs inflates and parses the whole file in memory,
 * so an uploaded zip bomb would otherwise hold every request. The worker measures the real expanded
 * size first (64 MB: a units list of 100,000 rows is a few megabytes) and has a heap limit and a timeout.
 */
import { runIsolated } from '../platform/isolate/run-isolated.ts';
import { checkZipInflation } from '../plans/import/inflate-budget.ts';
import { parseXlsx, type ParsedSheet } from './unit.import.ts';

const MAX_EXPANDED_BYTES = 64 * 1024 * 1024;

/** Runs in the worker. */
export async function parseXlsxGuarded(data: Uint8Array): Promise<ParsedSheet> {
  checkZipInflation(data, MAX_EXPANDED_BYTES);
  return parseXlsx(Buffer.from(data.buffer, data.byteOffset, data.byteLength));
}

export async function parseXlsxIsolated(data: Buffer): Promise<ParsedSheet> {
  const own = new Uint8Array(data); // a copy the worker owns
  return runIsolated({
    module: new URL('./unit-xlsx-worker.ts', import.meta.url),
    fn: 'parseXlsxGuarded',
    args: [own],
    transfer: [own.buffer],
    what: { zh: '读取单位表', en: 'reading the units workbook' },
    timeoutMs: 60_000,
    maxHeapMb: 512,
  });
}
