import { Alert, Breadcrumb, Card, Descriptions, Select, Space, Table, Typography } from 'antd';
import { useMemo, useState } from 'react';
import { errorText } from '../../components/errors.ts';
import { useI18n } from '../../i18n/index.tsx';
import { Downloads } from './Downloads.tsx';
import { fmtNumber, type Page, type PublicIndex, type PublicIndexRow, usePublic } from './portal.api.ts';

/** /open/index — the published development index: scores by division, ranked, and its method. */
export default function PortalIndexPage() {
  const { t } = useI18n();
  const list = usePublic<Page<PublicIndex>>('/api/public/indexes', { limit: 500 });
  const [picked, setPicked] = useState<string | undefined>(undefined);
  const index = list.data?.items.find((i) => i.code === picked) ?? list.data?.items[0] ?? null;
  const [path, setPath] = useState<{ code: string; name: string }[]>([]);
  const parent = path.at(-1)?.code;
  const query = useMemo(() => ({ parent, limit: 500 }), [parent]);
  const values = usePublic<Page<PublicIndexRow> & { parent: PublicIndexRow; period: string }>(index ? `/api/public/indexes/${index.code}/values` : null, query);
  const canDrill = !!index && (index.lowestLevel === null || path.length + 1 < index.lowestLevel);

  if (!list.loading && !index) {
    return (
      <div>
        <Typography.Title level={2}>{t('portal.index.title')}</Typography.Title>
        {list.error ? <Alert type="error" showIcon title={errorText(t, list.error)} /> : <Alert type="info" showIcon title={t('portal.index.empty')} />}
      </div>
    );
  }
  const v = values.data;
  return (
    <div>
      <Typography.Title level={2}>{index?.name ?? t('portal.index.title')}</Typography.Title>
      {(list.data?.items.length ?? 0) > 1 && (
        <Select style={{ minWidth: 240, marginBottom: 16 }} value={index?.code} onChange={(c: string) => { setPicked(c); setPath([]); }} options={list.data!.items.map((i) => ({ value: i.code, label: i.name }))} />
      )}
      {index?.description && <Typography.Paragraph>{index.description}</Typography.Paragraph>}
      <Space style={{ marginBottom: 12, width: '100%', justifyContent: 'space-between' }} wrap>
        <Breadcrumb
          items={[
            { title: <a onClick={() => setPath([])}>{t('portal.indicators.country')}</a> },
            ...path.map((p, i) => ({ title: <a onClick={() => setPath(path.slice(0, i + 1))}>{p.name}</a> })),
          ]}
        />
        {index && v && <Downloads path={`/api/public/indexes/${index.code}/values`} query={{ parent, period: v.period }} />}
      </Space>
      {values.error && <Alert type="warning" showIcon title={errorText(t, values.error)} />}
      {v && (
        <Typography.Paragraph strong data-testid="portal-index-overall">
          {v.period} · {t('portal.index.overall', { name: v.parent.divisionName, score: fmtNumber(v.parent.score) })}
        </Typography.Paragraph>
      )}
      <Table<PublicIndexRow>
        rowKey="divisionCode"
        size="small"
        loading={values.loading}
        dataSource={v?.items ?? []}
        pagination={false}
        data-testid="portal-index-values"
        columns={[
          { title: t('portal.index.rank'), dataIndex: 'rank', width: 80, render: (r: number | null) => r ?? '—' },
          { title: t('portal.value.division'), key: 'd', render: (_, r) => (canDrill ? <a onClick={() => setPath([...path, { code: r.divisionCode, name: r.divisionName }])}>{r.divisionName}</a> : r.divisionName) },
          { title: t('portal.index.score'), dataIndex: 'score', align: 'right', render: (s: number | null) => fmtNumber(s) },
          ...(index?.method.groups ?? []).map((g, i) => ({ title: g.name, key: g.code, align: 'right' as const, render: (_: unknown, r: PublicIndexRow) => fmtNumber(r.groups[i]?.score ?? null, 3) })),
        ]}
      />
      {index && (
        <Card title={t('portal.index.method')} style={{ marginTop: 24 }} data-testid="portal-index-method">
          <Typography.Paragraph>{index.method.text}</Typography.Paragraph>
          <Descriptions size="small" column={1}>
            <Descriptions.Item label={t('portal.index.formula')}>
              <Typography.Text code>{index.method.formula}</Typography.Text>
            </Descriptions.Item>
            <Descriptions.Item label={t('portal.index.groups')}>{index.method.groups.map((g) => `${g.name} ${g.weight}`).join('；')}</Descriptions.Item>
          </Descriptions>
          <Table
            rowKey="indicator"
            size="small"
            pagination={false}
            style={{ marginTop: 12 }}
            dataSource={index.method.components}
            columns={[
              { title: t('portal.index.components'), dataIndex: 'name' },
              { title: t('portal.index.groups'), dataIndex: 'group' },
              { title: t('portal.index.reference'), key: 'ref', align: 'right', render: (_, c) => `${fmtNumber(c.reference)}${c.unit ? ` ${c.unit}` : ''}` },
              { title: t('portal.index.log'), dataIndex: 'log', render: (l: boolean) => (l ? '✓' : '') },
              { title: t('portal.index.cap'), dataIndex: 'cap', align: 'right' },
              { title: t('portal.index.weight'), dataIndex: 'weight', align: 'right' },
            ]}
          />
          {index.method.sources.length > 0 && (
            <Typography.Paragraph type="secondary" style={{ marginTop: 12 }}>
              {t('portal.index.sources')}：{index.method.sources.join('；')}
            </Typography.Paragraph>
          )}
        </Card>
      )}
    </div>
  );
}
