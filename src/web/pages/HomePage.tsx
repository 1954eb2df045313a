import { Button, Card, Empty, Space, Spin, Typography } from 'antd';
import { Link } from 'react-router-dom';
import type { Plan } from '../api/types.ts';
import { useAuth } from '../auth/AuthContext.tsx';
import { useT } from '../i18n/index.tsx';
import DashboardHomePage from './dashboard/DashboardHomePage.tsx';
import { useApi } from './dashboard/useApi.ts';

/** The landing page: the dashboards once a plan is tracked, otherwise the first steps to get there. */
export default function HomePage() {
  const t = useT();
  const { user, can } = useAuth();
  const admin = user?.role === 'admin';
  const plans = useApi<{ items: Plan[] }>('/api/plans');
  if (plans.loading) return <Spin />;
  if ((plans.data?.items ?? []).some((p) => p.status !== 'draft')) return <DashboardHomePage />;
  return (
    <Card>
      <Typography.Title level={3} style={{ marginTop: 0 }}>
        {t('home.welcome', { name: user?.displayName || user?.username || '' })}
      </Typography.Title>
      <Typography.Paragraph>{t('home.intro')}</Typography.Paragraph>
      <Empty
        description={
          <div style={{ textAlign: 'left', display: 'inline-block' }}>
            <Typography.Text strong>{t('home.emptyTitle')}</Typography.Text>
            <Typography.Paragraph style={{ marginTop: 8, marginBottom: 4 }}>{t('home.nextSteps')}</Typography.Paragraph>
            <ol style={{ paddingLeft: 20, margin: 0 }}>
              {admin ? (
                <>
                  <li>{t('home.step.divisions')}</li>
                  <li>{t('home.step.units')}</li>
                  {can('manageUsers') && <li>{t('home.step.users')}</li>}
                </>
              ) : (
                <li>{t('home.step.reporter')}</li>
              )}
            </ol>
          </div>
        }
      >
        <Space>
          <Link to="/divisions">
            <Button>{t('home.goDivisions')}</Button>
          </Link>
          <Link to="/units">
            <Button type="primary">{t('home.goUnits')}</Button>
          </Link>
        </Space>
      </Empty>
    </Card>
  );
}
