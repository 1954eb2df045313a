import { Alert, Breadcrumb, Card, Descriptions, Select, Space, Table, Typography } from 'antd';
import { useMemo, useState } from 'react';
import { useNavigate, useParams } from 'react-router-dom';
import { errorText } from '../../components/errors.ts';
import { useI18n, type MessageKey } from '../../i18n/index.tsx';
import { TargetStatusTag } from '../dashboard/StatusTag.tsx';
import { Downloads } from './Downloads.tsx';
import { cmp, fmtNumber, type Page, type PublicIndicator, type PublicIndicatorDetail, type PublicValue, usePublic } from './portal.api.ts';

/** /open/indicators[/:code] — published indicators by division, with drill-down and downloads. */
export default function PortalIndicatorsPage() {
  const { code } = useParams();
  const navigate = useNavigate();
  const { t, locale } = useI18n();
  const list = usePublic<Page<PublicIndicator>>('/api/public/indicators', { limit: 500 });
  const current = code ?? list.data?.items[0]?.code ?? null;
  const detail = usePublic<PublicIndicatorDetail>(current ? `/api/public/indicators/${current}` : null);
  // The drill-down path: [] = the provinces; each entry a division whose children are listed.
  const [path, setPath] = useState<{ code: string; name: string }[]>([]);
  const [period, setPeriod] = useState<string | undefined>(undefined);
  const parent = path.at(-1)?.code;
  const query = useMemo(() => ({ parent, limit: 500 }), [parent]);
  const values = usePublic<Page<PublicValue>>(current ? `/api/public/indicators/${current}/values` : null, query);

  const d = detail.data;
  const periods = [...new Set((values.data?.items ?? []).map((v) => v.period))].sort().reverse();
  const rows = (values.data?.items ?? []).filter((v) => !period || v.period === period);
  const childLevel = path.length + 1;
  const canDrill = !!d && (d.lowestLevel === null || childLevel < d.lowestLevel);
  const levelName = (n: number) => t(`portal.level.${n}` as MessageKey);

  if (!list.loading && (list.data?.items.length ?? 0) === 0) {
    return (
      <div>
        <Typography.Title level={2}>{t('portal.indicators.title')}</Typography.Title>
        {list.error ? <Alert type="error" showIcon title={errorText(t, list.error)} /> : <Alert type="info" showIcon title={t('portal.indicators.empty')} />}
      </div>
    );
  }
  return (
    <div>
      <Typography.Title level={2}>{t('portal.indicators.title')}</Typography.Title>
      <Space wrap style={{ marginBottom: 16 }}>
        <span>{t('portal.indicators.pick')}</span>
        <Select
          style={{ minWidth: 280 }}
          value={current ?? undefined}
          loading={list.loading}
          options={(list.data?.items ?? []).map((i) => ({ value: i.code, label: `${(locale === 'en-US' && i.nameEn) || i.name}（${i.unit}）` }))}
          onChange={(c: string) => {
            setPath([]);
            setPeriod(undefined);
            navigate(`/open/indicators/${c}`);
          }}
          data-testid="portal-indicator-select"
        />
        <span>{t('portal.indicators.period')}</span>
        <Select allowClear style={{ width: 140 }} value={period} onChange={setPeriod} options={periods.map((p) => ({ value: p, label: p }))} placeholder="—" />
      </Space>
      {detail.error && <Alert type="warning" showIcon title={errorText(t, detail.error)} />}
      {d && (
        <Card size="small" style={{ marginBottom: 16 }}>
          <Descriptions size="small" column={1}>
            <Descriptions.Item label={t('portal.indicators.definition')}>{d.description ?? '—'}</Descriptions.Item>
            {d.source && <Descriptions.Item label={t('portal.indicators.source')}>{d.source}</Descriptions.Item>}
            <Descriptions.Item label="">
              <Typography.Text type="secondary">
                {t('portal.indicators.limits', {
                  levels: d.lowestLevel === null ? t('portal.indicators.allLevels') : t('portal.indicators.toLevel', { level: levelName(d.lowestLevel) }),
                  from: d.fromPeriod === null ? t('portal.indicators.fromAll') : t('portal.indicators.fromPeriod', { period: d.fromPeriod }),
                })}
              </Typography.Text>
            </Descriptions.Item>
          </Descriptions>
        </Card>
      )}
      <Space style={{ marginBottom: 12, width: '100%', justifyContent: 'space-between' }} wrap>
        <Breadcrumb
          items={[
            { title: <a onClick={() => setPath([])}>{t('portal.indicators.country')}</a> },
            ...path.map((p, i) => ({ title: <a onClick={() => setPath(path.slice(0, i + 1))}>{p.name}</a> })),
          ]}
        />
        {current && <Downloads path={`/api/public/indicators/${current}/values`} query={{ parent, period }} />}
      </Space>
      {values.error && <Alert type="warning" showIcon title={errorText(t, values.error)} />}
      <Table<PublicValue>
        rowKey={(r) => `${r.divisionCode}-${r.period}`}
        size="small"
        loading={values.loading}
        dataSource={rows}
        pagination={{ pageSize: 50, hideOnSinglePage: true }}
        locale={{ emptyText: t('portal.indicators.noValues') }}
        data-testid="portal-values"
        columns={[
          {
            title: t('portal.value.division'),
            key: 'division',
            render: (_, r) => (canDrill ? <a onClick={() => { setPath([...path, { code: r.divisionCode, name: r.divisionName }]); setPeriod(undefined); }}>{r.divisionName}</a> : r.divisionName),
          },
          { title: t('portal.value.code'), dataIndex: 'divisionCode' },
          { title: t('portal.value.period'), dataIndex: 'period' },
          { title: `${t('portal.value.value')}${d ? `（${d.unit}）` : ''}`, dataIndex: 'value', align: 'right', render: (v: number) => fmtNumber(v) },
          { title: t('portal.value.contributors'), dataIndex: 'contributors', align: 'right' },
        ]}
      />
      {d && d.targets.length > 0 && (
        <>
          <Typography.Title level={4} style={{ marginTop: 24 }}>
            {t('portal.indicators.targets')}
          </Typography.Title>
          <Table
            rowKey="id"
            size="small"
            pagination={false}
            dataSource={d.targets}
            columns={[
              { title: t('portal.plan.title'), key: 'plan', render: (_, r) => <a onClick={() => navigate(`/open/plans/${r.planId}`)}>{r.planTitle}</a> },
              { title: t('portal.target.indicator'), dataIndex: 'indicator' },
              { title: t('portal.target.target'), key: 'target', render: (_, r) => `${cmp(r.comparator)} ${fmtNumber(r.target)}` },
              { title: t('portal.target.deadline'), dataIndex: 'deadline' },
              { title: t('portal.target.status'), key: 's', render: (_, r) => <TargetStatusTag status={r.status} /> },
            ]}
          />
        </>
      )}
    </div>
  );
}
