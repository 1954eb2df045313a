import { Alert, Card, Col, Descriptions, Empty, Row, Spin, Table, Typography } from 'antd';
import { useParams } from 'react-router-dom';
import { ApiError } from '../../api/client.ts';
import { TrajectoryChart } from '../../charts/TrajectoryChart.tsx';
import type { Trajectory } from '../../charts/types.ts';
import { errorText } from '../../components/errors.ts';
import { useI18n } from '../../i18n/index.tsx';
import { periodEnd } from '../dashboard/periods.ts';
import { TargetStatusTag } from '../dashboard/StatusTag.tsx';
import { Downloads } from './Downloads.tsx';
import { cmp, fmtNumber, type Page, type PublicPlan, type PublicTarget, usePublic } from './portal.api.ts';

/** A public target as the shared trajectory chart draws it; null without a deadline or a baseline. */
function toTrajectory(t: PublicTarget): Trajectory | null {
  const deadline = t.deadline ? periodEnd(t.deadline) : null;
  const baseDate = t.baseline?.period ? periodEnd(t.baseline.period) : null;
  if (!deadline || !t.baseline || !baseDate) return null;
  const series = t.series
    .map((p) => ({ period: p.period, date: periodEnd(p.period) ?? '', value: p.value }))
    .filter((p) => p.date > baseDate)
    .sort((a, b) => a.date.localeCompare(b.date));
  return {
    unit: t.unit,
    baseline: { value: t.baseline.value, at: t.baseline.period as string, date: baseDate },
    target: { value: t.target, comparator: t.comparator, deadline: t.deadline as string, date: deadline },
    series,
    expectedNow: t.expectedByNow,
    projection: t.projection === null ? null : { value: t.projection, meets: false },
  };
}

/** /open/plans/:id — one published plan: its targets, their status and trajectories. */
export default function PortalPlanPage() {
  const { id } = useParams();
  const { t } = useI18n();
  const plan = usePublic<PublicPlan>(`/api/public/plans/${id}`);
  const targets = usePublic<Page<PublicTarget>>(plan.data ? `/api/public/plans/${id}/targets` : null, { limit: 500 });

  if (plan.loading) return <Spin />;
  if (plan.error || !plan.data) {
    const missing = plan.error instanceof ApiError && plan.error.status === 404;
    return <Alert type="warning" showIcon title={missing ? t('portal.plan.notFound') : errorText(t, plan.error)} data-testid="portal-plan-missing" />;
  }
  const p = plan.data;
  const items = targets.data?.items ?? [];
  const charts = items.map((x) => ({ x, traj: toTrajectory(x) })).filter((c) => c.traj && c.traj.series.length > 0);
  return (
    <div>
      <Typography.Title level={2} data-testid="portal-plan-title">
        {p.title}
      </Typography.Title>
      <Descriptions size="small" column={{ xs: 1, md: 3 }} style={{ marginBottom: 24 }}>
        <Descriptions.Item label={t('portal.plan.docNumber')}>{p.docNumber ?? '—'}</Descriptions.Item>
        <Descriptions.Item label={t('portal.plan.issuer')}>{p.issuer ?? '—'}</Descriptions.Item>
        <Descriptions.Item label={t('portal.plan.issuedOn')}>{p.issuedOn ?? '—'}</Descriptions.Item>
        <Descriptions.Item label={t('portal.plan.division')}>{p.divisionName ?? '—'}</Descriptions.Item>
        <Descriptions.Item label={t('portal.plan.period')}>{p.periodStart ? `${p.periodStart}${p.periodEnd ? `–${p.periodEnd}` : ''}` : '—'}</Descriptions.Item>
        <Descriptions.Item label={t('portal.plan.publishedAt')}>{p.publishedAt.slice(0, 10)}</Descriptions.Item>
      </Descriptions>

      <Typography.Title level={3}>{t('portal.targets.title')}</Typography.Title>
      {targets.error && <Alert type="error" showIcon title={errorText(t, targets.error)} />}
      <div style={{ marginBottom: 12 }}>
        <Downloads path={`/api/public/plans/${id}/targets`} />
      </div>
      <Table<PublicTarget>
        rowKey="id"
        size="small"
        loading={targets.loading}
        dataSource={items}
        pagination={false}
        locale={{ emptyText: t('portal.targets.empty') }}
        data-testid="portal-targets"
        columns={[
          { title: t('portal.target.indicator'), key: 'indicator', render: (_, r) => `${r.scope ? `${r.scope} ` : ''}${r.indicator}` },
          { title: t('portal.target.baseline'), key: 'baseline', align: 'right', render: (_, r) => (r.baseline ? `${fmtNumber(r.baseline.value)}${r.baseline.period ? ` (${r.baseline.period})` : ''}` : '—') },
          { title: t('portal.target.latest'), key: 'latest', align: 'right', render: (_, r) => (r.latest ? `${fmtNumber(r.latest.value)} (${r.latest.period})` : '—') },
          { title: t('portal.target.expected'), dataIndex: 'expectedByNow', align: 'right', render: (v: number | null) => fmtNumber(v) },
          { title: t('portal.target.target'), key: 'target', align: 'right', render: (_, r) => `${cmp(r.comparator)} ${fmtNumber(r.target)} ${r.unit}` },
          { title: t('portal.target.deadline'), dataIndex: 'deadline', render: (v: string | null) => v ?? '—' },
          { title: t('portal.target.status'), key: 'status', render: (_, r) => <TargetStatusTag status={r.status} /> },
        ]}
      />
      {items.length > 0 && charts.length === 0 && <Empty description={t('portal.target.noChart')} style={{ marginTop: 24 }} />}
      <Row gutter={[16, 16]} style={{ marginTop: 24 }}>
        {charts.map(({ x, traj }) => (
          <Col xs={24} lg={12} key={x.id}>
            <Card size="small" title={`${x.scope ? `${x.scope} ` : ''}${x.indicator}`} extra={<TargetStatusTag status={x.status} />} data-testid="portal-trajectory">
              <TrajectoryChart data={traj!} title={x.indicator} height={240} />
            </Card>
          </Col>
        ))}
      </Row>
    </div>
  );
}
