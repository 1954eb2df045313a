import { Alert, Breadcrumb, Card, Col, Row, Select, Space, Statistic, Table, Typography } from 'antd';
import { useMemo } from 'react';
import { Link, useParams, useSearchParams } from 'react-router-dom';
import { CompletenessBar } from '../../charts/CompletenessBar.tsx';
import { InvestmentBar } from '../../charts/InvestmentBar.tsx';
import { StatusBar, StatusDonut } from '../../charts/StatusCharts.tsx';
import { TrajectoryChart } from '../../charts/TrajectoryChart.tsx';
import { LIGHTS, TARGET_STATUSES, type Light } from '../../charts/types.ts';
import { useAuth } from '../../auth/AuthContext.tsx';
import { fmtNumber } from '../../charts/format.ts';
import { useI18n } from '../../i18n/index.tsx';
import { quartersBetween } from './periods.ts';
import { EmptyHint, Section } from './Section.tsx';
import { LightTag, TargetStatusTag } from './StatusTag.tsx';
import { toTrajectory } from './trajectory.ts';
import type { CompletenessReport, InvestmentReport, PlanStatusReport, WorkStatusRow } from './types.ts';
import { useApi } from './useApi.ts';
import { appToday } from '../../layout/clock.tsx';
import { matchesPeriod, periodText } from '../../i18n/periods.ts';

const lightCounts = (rows: WorkStatusRow[]) => Object.fromEntries(LIGHTS.map((l) => [l, rows.filter((r) => r.light === l).length])) as Record<Light, number>;

/** /plans/:id/dashboard — how the plan is doing: targets, deadlines, reporting, investment. */
export default function PlanDashboardPage() {
  const { id } = useParams();
  const { t, locale } = useI18n();
  const { can } = useAuth();
  const [search, setSearch] = useSearchParams();
  const period = search.get('period') ?? undefined;
  const status = useApi<PlanStatusReport>(`/api/plans/${id}/status`, { period });
  // The plan's reporting for the period as the briefing counts it (same rows, day and definition).
  const compl = useApi<CompletenessReport>(`/api/plans/${id}/reporting`, { period });
  const invest = useApi<InvestmentReport>(`/api/plans/${id}/investments`, { period });

  const plan = status.data?.plan;
  // The quarters worth picking: from the earliest baseline or plan start to a year past the last
  // deadline (or plan end), never beyond this year.
  const periods = useMemo(() => {
    const now = Number(appToday().slice(0, 4));
    const d = status.data;
    const year = (s: string | null | undefined) => (s && /^\d{4}/.test(s) ? Number(s.slice(0, 4)) : null);
    const starts = [d?.plan.periodStart ?? null, ...(d?.targets ?? []).flatMap((x) => [year(x.baseline?.at), ...x.series.map((p) => year(p.period))])].filter((y): y is number => y !== null);
    const ends = [d?.plan.periodEnd ?? null, ...(d?.targets ?? []).map((x) => year(x.target.deadline))].filter((y): y is number => y !== null);
    const from = starts.length ? Math.min(...starts) : now - 2;
    const to = Math.min(now, ends.length ? Math.max(...ends) + 1 : now);
    return quartersBetween(Math.min(from, to), to);
  }, [status.data]);
  const review = <Link to={`/plans/${id}/review`}>{t('dash.goReview')}</Link>;
  // Links are edited on the plan overview, also once the plan is active (the review page is for drafts).
  const linkTargets = <Link to={`/plans/${id}#target-links`} data-testid="go-link-targets">{t('dash.goLink')}</Link>;

  return (
    <Space orientation="vertical" size="middle" style={{ width: '100%' }} data-testid="plan-dashboard">
      <Breadcrumb items={[{ title: <Link to="/plans">{t('nav.plans')}</Link> }, { title: <Link to={`/plans/${id}`}>{plan?.title ?? id}</Link> }, { title: t('dash.title') }]} />
      <Space wrap style={{ justifyContent: 'space-between', width: '100%' }}>
        <Typography.Title level={3} style={{ margin: 0 }} data-testid="dashboard-title">
          {plan ? plan.title : t('dash.title')}
        </Typography.Title>
        <Space>
          <Typography.Text type="secondary">{t('dash.period')}</Typography.Text>
          <Select
            data-testid="dashboard-period"
            showSearch
            style={{ width: 160 }}
            value={period ?? ''}
            onChange={(v) => setSearch(v ? { period: v } : {})}
            filterOption={matchesPeriod}
            options={[{ value: '', label: t('dash.periodLatest') }, ...periods.map((p) => ({ value: p, label: periodText(p, locale) }))]}
          />
          {status.data && <Typography.Text type="secondary">{t('dash.asOf', { day: status.data.asOf })}</Typography.Text>}
        </Space>
      </Space>

      <Row gutter={[16, 16]}>
        <Col xs={24} lg={10}>
          <Section
            title={t('dash.targetsByStatus')}
            state={status}
            testId="targets-by-status"
            empty={(d) =>
              d.targets.length === 0 ? (
                <EmptyHint text={t('dash.noTargets')} action={review} />
              ) : d.targets.every((x) => !x.linked) ? (
                <EmptyHint text={t('dash.noLinks')} action={can('managePlans') ? linkTargets : undefined} />
              ) : null
            }
          >
            {(d) => (
              <>
                <StatusDonut counts={d.summary.targets} testId="status-donut" />
                <Row gutter={8}>
                  {TARGET_STATUSES.filter((s) => s !== 'no_data').map((s) => (
                    <Col span={8} key={s}>
                      <Statistic title={<TargetStatusTag status={s} />} value={d.summary.targets[s] ?? 0} />
                    </Col>
                  ))}
                </Row>
              </>
            )}
          </Section>
        </Col>
        <Col xs={24} lg={14}>
          <Section
            title={t('dash.lights')}
            state={status}
            testId="lights"
            empty={(d) => (d.tasks.length + d.milestones.length === 0 ? <EmptyHint text={t('dash.noTasks')} action={review} /> : null)}
          >
            {(d) => (
              <>
                <StatusBar
                  testId="lights-bar"
                  rows={[
                    { label: t('dash.tasks'), counts: lightCounts(d.tasks) },
                    { label: t('dash.milestones'), counts: lightCounts(d.milestones) },
                  ]}
                />
                <Table
                  size="small"
                  rowKey="itemId"
                  data-testid="lights-table"
                  pagination={{ pageSize: 6, hideOnSinglePage: true }}
                  dataSource={[...d.tasks, ...d.milestones].filter((w) => w.light !== 'green').sort((a, b) => (a.light === 'red' ? -1 : 1) - (b.light === 'red' ? -1 : 1))}
                  locale={{ emptyText: t('dash.allGreen') }}
                  columns={[
                    { title: t('dash.light'), key: 'light', width: 110, render: (_: unknown, w: WorkStatusRow) => <LightTag light={w.light} label={locale === 'en-US' ? w.label.en : w.label.zh} /> },
                    { title: t('dash.item'), dataIndex: 'title', ellipsis: true },
                    { title: t('dash.due'), dataIndex: 'dueOn', width: 110 },
                    { title: t('dash.units'), key: 'units', ellipsis: true, render: (_: unknown, w: WorkStatusRow) => w.units.map((u) => u.name).join('、') },
                  ]}
                />
              </>
            )}
          </Section>
        </Col>
      </Row>

      <Section
        title={t('dash.trajectories')}
        state={status}
        testId="trajectories"
        empty={(d) => (d.targets.some((x) => x.linked) ? null : <EmptyHint text={t('dash.noLinks')} action={can('managePlans') ? linkTargets : undefined} />)}
      >
        {(d) => (
          <Row gutter={[16, 16]}>
            {d.targets.map((target) => {
              const tr = target.linked ? toTrajectory(target, d.asOf) : null;
              const name = target.indicator?.name ?? target.text;
              return (
                <Col xs={24} md={12} xl={8} key={target.itemId}>
                  <Card
                    size="small"
                    data-testid="trajectory-card"
                    title={<span title={target.text}>{name}{target.scopeText ? `（${target.scopeText}）` : ''}</span>}
                    extra={<TargetStatusTag status={target.status} />}
                  >
                    {tr ? (
                      <TrajectoryChart data={tr} title={name} testId="trajectory-chart" />
                    ) : (
                      <EmptyHint text={target.linked ? t('dash.noDeadline') : t('dash.targetUnlinked')} action={target.linked || !can('managePlans') ? undefined : linkTargets} />
                    )}
                    <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                      {t('dash.traj.caption', {
                        baseline: target.baseline ? `${fmtNumber(target.baseline.value)}（${target.baseline.at}）` : '—',
                        latest: target.latest ? `${fmtNumber(target.latest.value)}（${target.latest.period}）` : '—',
                        target: `${target.target.comparator} ${target.target.value}${target.target.deadline ? `（${target.target.deadline}）` : ''}`,
                      })}
                    </Typography.Text>
                  </Card>
                </Col>
              );
            })}
          </Row>
        )}
      </Section>

      <Row gutter={[16, 16]}>
        <Col xs={24} lg={12}>
          <Section
            title={t('dash.completeness')}
            state={compl}
            testId="completeness"
            extra={
              compl.data && compl.data.totals.expected > 0 ? (
                <Typography.Text type="secondary" data-testid="completeness-rate" title={locale === 'en-US' ? compl.data.definitions.onTimeRate.definition.en : compl.data.definitions.onTimeRate.definition.zh}>
                  {t('dash.compl.total', { rate: ((compl.data.totals.onTimeRate ?? 0) * 100).toFixed(1), n: compl.data.totals.expected, day: compl.data.asOf })}
                </Typography.Text>
              ) : null
            }
            empty={(d) => (d.byUnit.length === 0 ? <EmptyHint text={t('dash.noForms')} action={<Link to={`/plans/${id}`}>{t('dash.goPlan')}</Link>} /> : null)}
          >
            {(d) => <CompletenessBar testId="completeness-bar" rows={d.byUnit} />}
          </Section>
        </Col>
        <Col xs={24} lg={12}>
          <Section
            title={t('dash.investment')}
            state={invest}
            testId="investment"
            extra={invest.data && invest.data.items.length > 0 ? <Typography.Text type="secondary">{t('dash.inv.total', { planned: invest.data.totals.planned, done: invest.data.totals.done, currency: invest.data.currency })}</Typography.Text> : null}
            empty={(d) => (d.items.length === 0 ? <EmptyHint text={t('dash.noInvestment')} action={review} /> : null)}
          >
            {(d) => (
              <>
                {!d.doneElement && <Alert type="info" showIcon title={t('dash.inv.noElement')} style={{ marginBottom: 8 }} />}
                <InvestmentBar testId="investment-bar" rows={d.items} />
              </>
            )}
          </Section>
        </Col>
      </Row>
    </Space>
  );
}
