/**
 * Document conversion and extraction off the event loop. readDocument (pdf.js, mammoth, HTML
 * parsing) can spend minutes and gigabytes on a hostile file, and extractPlan seconds on a few
 * megabytes of text; here both run in a worker thread with a heap limit and a timeout, after the
 * real decompressed size has been measured against a budget.
 */
import { runIsolated } from '../../platform/isolate/run-isolated.ts';
import { extractPlan, type ExtractedPlan } from '../extract/extract-plan.ts';
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

export interface ReadAndExtracted {
  text: string;
  format: DocumentFormat;
  extracted: ExtractedPlan;
}

/** Runs in the worker: conversion as above, then the extraction importPlanText would do. */
export async function readAndExtractGuarded(bytes: Uint8Array, filename: string): Promise<ReadAndExtracted> {
  const doc = await readDocumentGuarded(bytes, filename);
  return { ...doc, extracted: extractPlan(doc.text) };
}

/** Conversion and extraction of an uploaded plan in a worker thread; its 4xx answers come back as they are. */
export async function readAndExtractIsolated(bytes: Uint8Array, filename: string): Promise<ReadAndExtracted> {
  formatOf(filename); // an unsupported type is refused without starting a worker
  const own = bytes.slice(); // a copy the worker owns (the upload buffer may be pooled)
  return runIsolated({
    module: new URL('./convert-worker.ts', import.meta.url),
    fn: 'readAndExtractGuarded',
    args: [own, filename],
    transfer: [own.buffer],
    what: { zh: '文档转换与识别', en: 'document conversion and extraction' },
    ...CONVERT_LIMITS,
  });
}
