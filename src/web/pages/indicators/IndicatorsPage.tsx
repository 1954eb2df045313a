import { Alert, Button, Input, Space, Table, Tag, Typography } from 'antd';
import { useEffect, useMemo, useState } from 'react';
import { Link } from 'react-router-dom';
import { api } from '../../api/client.ts';
import type { DataElement } from '../../api/types.ts';
import { errorText } from '../../components/errors.ts';
import { useI18n } from '../../i18n/index.tsx';
import { useApi } from '../dashboard/useApi.ts';
import { type IndicatorDetail, type IndicatorItem, type IndicatorVersion } from './indicator-types.ts';

/** "固定宽带家庭用户数 / 家庭户数 × 100", with element names where known. */
export function formulaText(v: Pick<IndicatorVersion, 'numeratorElementId' | 'denominatorElementId' | 'factor'>, names: Map<number, string>): string {
  const name = (id: number) => names.get(id) ?? `#${id}`;
  let s = name(v.numeratorElementId);
  if (v.denominatorElementId !== null) s += ` / ${name(v.denominatorElementId)}`;
  if (v.factor !== 1) s += ` × ${v.factor}`;
  return s;
}

function Versions({ id, names }: { id: number; names: Map<number, string> }) {
  const { t } = useI18n();
  const { data, loading, error } = useApi<IndicatorDetail>(`/api/indicators/${id}`);
  if (error) return <Alert type="error" showIcon title={errorText(t, error)} />;
  return (
    <div data-testid={`indicator-versions-${id}`}>
      <Typography.Text strong>{t('ind.versions')}</Typography.Text>
      <Table<IndicatorVersion>
        size="small"
        loading={loading}
        rowKey="number"
        pagination={false}
        dataSource={[...(data?.versions ?? [])].sort((a, b) => b.number - a.number)}
        columns={[
          { title: t('ind.version'), dataIndex: 'number', width: 90, render: (n: number) => `v${n}` },
          { title: t('ind.name'), dataIndex: 'name' },
          { title: t('ind.unit'), dataIndex: 'unit', width: 80 },
          { title: t('ind.formula'), key: 'formula', render: (_, v) => formulaText(v, names) },
          { title: t('ind.validFrom'), dataIndex: 'validFrom', width: 120, render: (d: string | null) => d ?? t('ind.validFromStart') },
          { title: t('ind.reason'), dataIndex: 'reason', render: (r: string | null) => r ?? '—' },
          { title: t('ind.createdAt'), dataIndex: 'createdAt', width: 170, render: (d: string) => new Date(d).toLocaleString() },
        ]}
      />
    </div>
  );
}

export default function IndicatorsPage() {
  const { t } = useI18n();
  const [q, setQ] = useState('');
  const list = useApi<{ items: IndicatorItem[] }>('/api/indicators', { q: q.trim() || undefined });
  const [names, setNames] = useState(new Map<number, string>());
  useEffect(() => {
    let live = true;
    api.get<{ items: DataElement[] }>('/api/reporting/data-elements').then(
      (r) => live && setNames(new Map(r.items.map((e) => [e.id, e.name]))),
      () => {},
    );
    return () => {
      live = false;
    };
  }, []);
  const items = useMemo(() => list.data?.items ?? [], [list.data]);

  return (
    <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
      <Typography.Title level={3} style={{ margin: 0 }}>
        {t('ind.title')}
      </Typography.Title>
      <Input.Search allowClear placeholder={t('ind.search')} onSearch={setQ} style={{ maxWidth: 360 }} data-testid="indicator-search" />
      {list.error && <Alert type="error" showIcon title={errorText(t, list.error)} />}
      <Table<IndicatorItem>
        rowKey="id"
        loading={list.loading}
        dataSource={items}
        data-testid="indicators-table"
        pagination={{ pageSize: 50, hideOnSinglePage: true }}
        expandable={{ expandedRowRender: (r) => <Versions id={r.id} names={names} /> }}
        onRow={(r) => ({ 'data-testid': `indicator-row-${r.code}` }) as React.HTMLAttributes<HTMLElement>}
        columns={[
          { title: t('ind.code'), dataIndex: 'code', width: 160 },
          {
            title: t('ind.name'),
            key: 'name',
            render: (_, r) => (
              <Space size={4}>
                {r.definition.name}
                {r.status === 'archived' && <Tag>{t('ind.status.archived')}</Tag>}
                {r.published && <Tag color="green">{t('ind.published')}</Tag>}
              </Space>
            ),
          },
          { title: t('ind.unit'), key: 'unit', width: 80, render: (_, r) => r.definition.unit || '—' },
          { title: t('ind.direction'), key: 'direction', width: 110, render: (_, r) => t(`ind.direction.${r.definition.direction}`) },
          { title: t('ind.formula'), key: 'formula', render: (_, r) => <span data-testid="indicator-formula">{formulaText(r.definition, names)}</span> },
          { title: t('ind.version'), key: 'version', width: 100, render: (_, r) => `v${r.latestVersion}` },
          {
            title: t('common.actions'),
            key: 'actions',
            width: 110,
            render: (_, r) => (
              <Link to={`/indicators/${r.id}/pivot`} data-testid={`indicator-pivot-${r.code}`}>
                <Button size="small">{t('ind.pivot')}</Button>
              </Link>
            ),
          },
        ]}
      />
    </Space>
  );
}
