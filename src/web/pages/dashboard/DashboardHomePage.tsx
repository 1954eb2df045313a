import { Card, Col, List, Row, Space, Typography } from 'antd';
import { Link, useNavigate } from 'react-router-dom';
import type { Division, Plan } from '../../api/types.ts';
import { useAuth } from '../../auth/AuthContext.tsx';
import { DivisionSelect } from '../../components/DivisionSelect.tsx';
import { useI18n } from '../../i18n/index.tsx';
import { EmptyHint, Section } from './Section.tsx';
import { useApi } from './useApi.ts';

/** /dashboard — where the dashboards start: each plan's, and each division's. */
export default function DashboardHomePage() {
  const { t } = useI18n();
  const { user } = useAuth();
  const navigate = useNavigate();
  const plans = useApi<{ items: Plan[] }>('/api/plans');
  const provinces = useApi<{ items: Division[] }>('/api/divisions', { level: 'province', pageSize: 50 });
  const root = user?.role === 'viewer' ? user.divisionCode : null;
  return (
    <Space orientation="vertical" size="middle" style={{ width: '100%' }} data-testid="dashboard-home">
      <Typography.Title level={3} style={{ margin: 0 }}>
        {t('dash.home')}
      </Typography.Title>
      <Row gutter={[16, 16]}>
        <Col xs={24} lg={14}>
          <Section
            title={t('dash.planDashboards')}
            state={plans}
            testId="plan-dashboards"
            empty={(d) => (d.items.filter((p) => p.status !== 'draft').length === 0 ? <EmptyHint text={t('dash.noActivePlans')} action={<Link to="/plans">{t('dash.goPlans')}</Link>} /> : null)}
          >
            {(d) => (
              <List
                dataSource={d.items.filter((p) => p.status !== 'draft')}
                renderItem={(p) => (
                  <List.Item actions={[<Link key="d" to={`/plans/${p.id}/dashboard`} data-testid="plan-dashboard-link">{t('dash.open')}</Link>]}>
                    <List.Item.Meta title={<Link to={`/plans/${p.id}/dashboard`}>{p.title}</Link>} description={p.docNumber} />
                  </List.Item>
                )}
              />
            )}
          </Section>
        </Col>
        <Col xs={24} lg={10}>
          <Card title={t('dash.divisionDashboards')}>
            <Space orientation="vertical" style={{ width: '100%' }}>
              {root && <Link to={`/divisions/${root}/dashboard`}>{t('dash.myDivision')}</Link>}
              <DivisionSelect placeholder={t('dash.pickDivision')} style={{ width: '100%' }} onChange={(c) => c && navigate(`/divisions/${c}/dashboard`)} />
              <Space wrap>
                {(provinces.data?.items ?? []).map((d) => (
                  <Link key={d.code} to={`/divisions/${d.code}/dashboard`} data-testid="province-link">
                    {d.name}
                  </Link>
                ))}
              </Space>
            </Space>
          </Card>
        </Col>
      </Row>
    </Space>
  );
}
