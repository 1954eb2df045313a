import { ApiError } from '../api/client.ts';
import { errorMessage } from '../i18n/errors.ts';
import { currentLocale, type TFunction } from '../i18n/index.tsx';

/**
 * A human message for any failure, in the reader's language: the code's sentence, each field by
 * its label with the reason (src/web/i18n/errors.ts, the one mapper).
 */
export function errorText(t: TFunction, err: unknown): string {
  if (err instanceof ApiError) {
    return errorMessage(currentLocale(), { code: err.code, message: err.message, fields: err.fields.length > 0 ? err.fields : err.rows, requestId: err.details.requestId });
  }
  return err instanceof Error && err.name !== 'TypeError' ? err.message : t('common.error');
}
