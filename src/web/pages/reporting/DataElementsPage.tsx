import { Alert, Card, Input, Space, Table, Typography } from 'antd';
import { useEffect, useState } from 'react';
import { api } from '../../api/client.ts';
import type { DataElement } from '../../api/types.ts';
import { errorText } from '../../components/errors.ts';
import { itemsOf } from '../../components/reporting/lists.ts';
import { pct, rangeText } from '../../components/reporting/model.ts';
import { useI18n, type MessageKey } from '../../i18n/index.tsx';

/** The office's catalogue of data elements (read-only list; definitions come through the API and imports). */
export default function DataElementsPage() {
  const { t } = useI18n();
  const [q, setQ] = useState('');
  const [items, setItems] = useState<DataElement[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    let live = true;
    const h = setTimeout(() => {
      api
        .get<unknown>('/api/reporting/data-elements', { q: q.trim() || undefined })
        .then((r) => live && setItems(itemsOf(r, 'elements', 'dataElements') as DataElement[]))
        .catch((e) => live && setError(errorText(t, e)));
    }, 250);
    return () => {
      live = false;
      clearTimeout(h);
    };
  }, [q, t]);
  return (
    <Space direction="vertical" style={{ width: '100%' }} size="middle">
      <Typography.Title level={3} style={{ margin: 0 }}>
        {t('rep.el.title')}
      </Typography.Title>
      <Input.Search allowClear style={{ maxWidth: 320 }} placeholder={t('common.search')} onChange={(e) => setQ(e.target.value)} />
      {error && <Alert type="error" showIcon title={error} />}
      <Card>
        <Table<DataElement>
          rowKey="id"
          size="small"
          loading={items === null && !error}
          dataSource={items ?? []}
          pagination={{ pageSize: 50, hideOnSinglePage: true }}
          data-testid="elements-table"
          columns={[
            { title: t('rep.el.code'), dataIndex: 'code', key: 'code', render: (v: string) => <Typography.Text code>{v}</Typography.Text> },
            { title: t('rep.el.name'), dataIndex: 'name', key: 'name' },
            { title: t('rep.el.valueType'), key: 'type', render: (_, e) => t(`rep.el.type.${e.valueType}` as MessageKey) },
            { title: t('rep.el.unit'), dataIndex: 'unit', key: 'unit' },
            { title: t('rep.el.range'), key: 'range', render: (_, e) => rangeText(e) ?? '—' },
            { title: t('rep.el.periodType'), key: 'period', render: (_, e) => t(`rep.period.${e.periodType}` as MessageKey) },
            { title: t('rep.el.temporal'), key: 'temporal', render: (_, e) => t(`rep.el.temporal.${e.temporal}` as MessageKey) },
            { title: t('rep.el.level'), dataIndex: 'divisionLevel', key: 'level' },
            { title: t('rep.el.jump'), key: 'jump', render: (_, e) => (e.maxJumpShare ? pct(e.maxJumpShare) : '—') },
          ]}
        />
      </Card>
    </Space>
  );
}
