/** Bilingual AppErrors for document import: the message goes straight to users of the web UI and CLI. */
import { AppError } from '../../platform/errors.ts';

export const unprocessable = (zh: string, en: string, details: Record<string, unknown> = {}) =>
  new AppError('unprocessable', `${zh} / ${en}`, details);
