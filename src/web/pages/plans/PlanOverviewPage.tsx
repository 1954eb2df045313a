import { Alert, Card, Descriptions, List, Space, Statistic, Table, Tag, Timeline, Typography } from 'antd';
import { useEffect, useState } from 'react';
import { Link, useLocation, useParams } from 'react-router-dom';
import { api } from '../../api/client.ts';
import { PLAN_ITEM_KINDS, type PlanDetail, type PlanItem, type PlanItemKind, type RelatedPlan, type ReportingDuty } from '../../api/types.ts';
import { useAuth } from '../../auth/AuthContext.tsx';
import { errorText } from '../../components/errors.ts';
import { useI18n, type MessageKey } from '../../i18n/index.tsx';
import BriefingPanel from '../briefings/BriefingPanel.tsx';
import { StatusTag, shown, str } from './common.tsx';
import { TargetLinksPanel } from './TargetLinksPanel.tsx';
import { DivisionName } from '../../i18n/DivisionName.tsx';

type Items = Partial<Record<PlanItemKind, PlanItem[]>>;

export default function PlanOverviewPage() {
  const { id } = useParams();
  const { t } = useI18n();
  const { can, user } = useAuth();
  const { hash } = useLocation();
  const [plan, setPlan] = useState<PlanDetail | null>(null);
  const [items, setItems] = useState<Items>({});
  const [related, setRelated] = useState<RelatedPlan[]>([]);
  const [duties, setDuties] = useState<ReportingDuty[]>([]);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    let live = true;
    (async () => {
      try {
        const [p, rel, cal, ...lists] = await Promise.all([
          api.get<PlanDetail>(`/api/plans/${id}`),
          api.get<{ items: RelatedPlan[] }>(`/api/plans/${id}/related`).catch(() => ({ items: [] })),
          api.get<{ duties: ReportingDuty[] }>(`/api/plans/${id}/calendar`).catch(() => ({ duties: [] })),
          ...PLAN_ITEM_KINDS.map((k) => api.get<{ items: PlanItem[] }>(`/api/plans/${id}/items`, { kind: k })),
        ]);
        if (!live) return;
        setPlan(p);
        setRelated(rel.items ?? []);
        setDuties(cal.duties ?? []);
        const next: Items = {};
        PLAN_ITEM_KINDS.forEach((k, i) => (next[k] = (lists[i]?.items ?? []).filter((x) => x.reviewStatus !== 'deleted')));
        setItems(next);
      } catch (e) {
        if (live) setError(errorText(t, e));
      }
    })();
    return () => {
      live = false;
    };
  }, [id, t]);

  // The dashboard sends the office here (#target-links) to link targets to indicators.
  const loaded = plan !== null;
  useEffect(() => {
    if (loaded && hash === '#target-links') document.getElementById('target-links')?.scrollIntoView({ block: 'start' });
  }, [loaded, hash]);

  if (error) return <Alert type="error" showIcon title={error} />;
  if (!plan) return <Card loading />;

  const byLead = new Map<string, PlanItem[]>();
  for (const task of items.task ?? []) {
    const leads = task.units.filter((u) => u.role === 'lead').map((u) => u.unitName || u.nameAsWritten);
    const keys = leads.length ? leads : [t('plans.noLead')];
    for (const k of keys) byLead.set(k, [...(byLead.get(k) ?? []), task]);
  }
  const milestones = [...(items.milestone ?? [])].sort((a, b) => str(a.data.due).localeCompare(str(b.data.due)));
  const col = (name: string) => ({ title: t(`plans.f.${name}` as MessageKey), key: name, render: (_: unknown, it: PlanItem) => shown(name, it.data[name]) });

  return (
    <Space orientation="vertical" size={16} style={{ width: '100%' }}>
      <Card
        title={
          <Space>
            <span data-testid="plan-title">{plan.title}</span>
            <StatusTag status={plan.status} t={t} />
          </Space>
        }
        extra={
          plan.status === 'draft'
            ? can('managePlans') && <Link to={`/plans/${plan.id}/review`}>{t('plans.review')}</Link>
            : <Link to={`/plans/${plan.id}/dashboard`} data-testid="plan-dashboard-link">{t('dash.open')}</Link>
        }
      >
        <Descriptions size="small" column={{ xs: 1, md: 3 }}>
          <Descriptions.Item label={t('plans.col.docNumber')}>{plan.docNumber}</Descriptions.Item>
          <Descriptions.Item label={t('plans.issuer')}>{plan.issuer}</Descriptions.Item>
          <Descriptions.Item label={t('plans.issuedOn')}>{plan.issuedOn}</Descriptions.Item>
          <Descriptions.Item label={t('plans.col.division')}>
            <DivisionName code={plan.divisionCode} />
          </Descriptions.Item>
        </Descriptions>
        <Space size={32} wrap style={{ marginTop: 16 }}>
          {PLAN_ITEM_KINDS.map((k) => (
            <Statistic key={k} title={t(`plans.kind.${k}` as MessageKey)} value={plan.counts?.[k] ?? 0} />
          ))}
        </Space>
      </Card>

      {plan.status !== 'draft' && <BriefingPanel planId={plan.id} periodStart={plan.periodStart} periodEnd={plan.periodEnd} />}

      <Card title={t('plans.kind.target')}>
        <Table<PlanItem>
          rowKey="id"
          size="small"
          pagination={false}
          dataSource={items.target ?? []}
          locale={{ emptyText: t('common.empty') }}
          columns={[
            col('indicator'),
            col('scope'),
            { title: t('plans.f.value'), key: 'value', render: (_, it) => `${str(it.data.value)}${str(it.data.unit)}` },
            col('comparator'),
            col('deadline'),
          ]}
        />
      </Card>

      <TargetLinksPanel planId={plan.id} canEdit={user?.role === 'admin'} />

      <Card title={t('plans.tasksByLead')}>
        {byLead.size === 0 && <Typography.Text type="secondary">{t('common.empty')}</Typography.Text>}
        {[...byLead].map(([lead, tasks]) => (
          <div key={lead} style={{ marginBottom: 16 }}>
            <Typography.Title level={5}>
              {lead} <Tag>{tasks.length}</Tag>
            </Typography.Title>
            <List size="small" dataSource={tasks} renderItem={(task) => <List.Item key={task.id}>{str(task.data.title) || str(task.data.text)}</List.Item>} />
          </div>
        ))}
      </Card>

      <Card title={t('plans.kind.milestone')}>
        {milestones.length === 0 ? (
          <Typography.Text type="secondary">{t('common.empty')}</Typography.Text>
        ) : (
          <Timeline items={milestones.map((m) => ({ key: m.id, content: `${str(m.data.due)} ${str(m.data.task) || str(m.data.text)}` }))} />
        )}
      </Card>

      <Card title={t('plans.kind.investment')}>
        <Table<PlanItem> rowKey="id" size="small" pagination={false} dataSource={items.investment ?? []} locale={{ emptyText: t('common.empty') }} columns={[col('unit'), col('year'), col('amount'), col('currency')]} />
      </Card>

      <Card title={t('plans.kind.leader')}>
        <Table<PlanItem> rowKey="id" size="small" pagination={false} dataSource={items.leader ?? []} locale={{ emptyText: t('common.empty') }} columns={[col('name'), col('role'), col('title')]} />
      </Card>

      <Card title={t('plans.calendar')} data-testid="plan-calendar">
        {duties.length === 0 && <Typography.Text type="secondary">{t('common.empty')}</Typography.Text>}
        {duties.map((d) => (
          <div key={d.dutyId} style={{ marginBottom: 16 }}>
            <Typography.Text strong>{d.what}</Typography.Text> <Tag>{t(`plans.freq.${d.frequency}` as MessageKey)}</Tag>
            {d.reporter && <Typography.Text type="secondary">{d.reporter}</Typography.Text>}
            {user?.role === 'admin' && (
              <Link to={`/reporting/forms?plan=${plan.id}&duty=${d.dutyId}`} style={{ marginLeft: 12 }} data-testid="duty-build-form">
                {t('fb.fromDutyButton')}
              </Link>
            )}
            <Table
              rowKey="code"
              size="small"
              pagination={false}
              dataSource={d.periods}
              columns={[
                { title: t('plans.period'), dataIndex: 'code' },
                { title: t('plans.dueOn'), dataIndex: 'dueOn' },
                { title: t('plans.exempt'), dataIndex: 'exempt', render: (v: boolean) => (v ? t('common.yes') : '') },
              ]}
            />
          </div>
        ))}
      </Card>

      <Card title={t('plans.related')}>
        <List
          size="small"
          dataSource={related}
          locale={{ emptyText: t('common.empty') }}
          renderItem={(r) => (
            <List.Item key={`${r.relation}-${r.id}`}>
              <Tag>{t(`plans.rel.${r.relation}` as MessageKey)}</Tag>
              <Link to={`/plans/${r.id}`}>{r.title}</Link> {r.docNumber && <Typography.Text type="secondary">{r.docNumber}</Typography.Text>}
            </List.Item>
          )}
        />
      </Card>
    </Space>
  );
}
