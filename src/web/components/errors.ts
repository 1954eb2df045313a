import { ApiError } from '../api/client.ts';
import type { TFunction } from '../i18n/index.tsx';

/** A human message for any failure: known codes are translated, others show the server's message. */
export function errorText(t: TFunction, err: unknown): string {
  if (err instanceof ApiError) {
    switch (err.code) {
      case 'network':
        return t('error.network');
      case 'unauthenticated':
        return t('error.unauthenticated');
      case 'forbidden':
      case 'csrf_failed':
        return t('error.forbidden');
      case 'conflict':
        return t('error.conflict');
    }
    return err.message || t('common.error');
  }
  return err instanceof Error ? err.message : t('common.error');
}
