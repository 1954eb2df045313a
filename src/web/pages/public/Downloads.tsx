import { Space, Typography } from 'antd';
import type { Query } from '../../api/client.ts';
import { useI18n } from '../../i18n/index.tsx';
import { downloadUrl } from './portal.api.ts';

/** CSV / Excel / JSON links for a public list (the whole selection, not one page). */
export function Downloads({ path, query = {}, testId }: { path: string; query?: Query; testId?: string }) {
  const { t } = useI18n();
  return (
    <Space size="small" data-testid={testId ?? 'downloads'}>
      <Typography.Text type="secondary">{t('portal.download')}:</Typography.Text>
      {(['csv', 'xlsx', 'json'] as const).map((f) => (
        <a key={f} href={downloadUrl(path, query, f)} download data-format={f}>
          {t(`portal.download.${f}`)}
        </a>
      ))}
    </Space>
  );
}
