import { Alert, Table, Typography } from 'antd';
import { Link } from 'react-router-dom';
import { errorText } from '../../components/errors.ts';
import { useI18n } from '../../i18n/index.tsx';
import { Downloads } from './Downloads.tsx';
import { type Page, type PublicPlan, usePublic } from './portal.api.ts';

/** /open — the published plans. */
export default function PortalPlansPage() {
  const { t } = useI18n();
  const plans = usePublic<Page<PublicPlan>>('/api/public/plans', { limit: 500 });
  return (
    <div>
      <Typography.Title level={2}>{t('portal.plans.title')}</Typography.Title>
      <Typography.Paragraph>{t('portal.plans.intro')}</Typography.Paragraph>
      {plans.error && <Alert type="error" showIcon title={errorText(t, plans.error)} />}
      <div style={{ marginBottom: 12 }}>
        <Downloads path="/api/public/plans" />
      </div>
      <Table<PublicPlan>
        rowKey="id"
        loading={plans.loading}
        dataSource={plans.data?.items ?? []}
        pagination={false}
        locale={{ emptyText: t('portal.plans.empty') }}
        data-testid="portal-plans"
        columns={[
          { title: t('portal.plan.title'), key: 'title', render: (_, p) => <Link to={`/open/plans/${p.id}`} data-testid="portal-plan-link">{p.title}</Link> },
          { title: t('portal.plan.docNumber'), dataIndex: 'docNumber', render: (v: string | null) => v ?? '—' },
          { title: t('portal.plan.division'), dataIndex: 'divisionName', render: (v: string | null) => v ?? '—' },
          { title: t('portal.plan.period'), key: 'period', render: (_, p) => (p.periodStart ? `${p.periodStart}${p.periodEnd ? `–${p.periodEnd}` : ''}` : '—') },
          { title: t('portal.plan.targets'), dataIndex: 'targetCount', align: 'right' },
          { title: t('portal.plan.publishedAt'), dataIndex: 'publishedAt', render: (v: string) => v.slice(0, 10) },
        ]}
      />
    </div>
  );
}
