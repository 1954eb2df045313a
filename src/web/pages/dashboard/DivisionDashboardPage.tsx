import { Breadcrumb, Card, Col, Empty, Row, Segmented, Select, Space, Table, Typography } from 'antd';
import { useCallback, useMemo, useState } from 'react';
import { Link, useNavigate, useParams, useSearchParams } from 'react-router-dom';
import type { Division } from '../../api/types.ts';
import { ChoroplethMap, type MapMode } from '../../charts/ChoroplethMap.tsx';
import { RankingBar } from '../../charts/RankingBar.tsx';
import { TrajectoryChart } from '../../charts/TrajectoryChart.tsx';
import type { AreaValue } from '../../charts/types.ts';
import { fmtNumber } from '../../charts/format.ts';
import { useAuth } from '../../auth/AuthContext.tsx';
import { useI18n } from '../../i18n/index.tsx';
import { MapUploadButton } from './MapUploadButton.tsx';
import { quartersBetween } from './periods.ts';
import { EmptyHint, Section } from './Section.tsx';
import { TargetStatusTag } from './StatusTag.tsx';
import { toTrajectory } from './trajectory.ts';
import type { DivisionIndicators, IndicatorDefinition, IndicatorSummary, RankingResponse, TargetStatusRow } from './types.ts';
import { useApi } from './useApi.ts';
import { useChildStatuses } from './useChildStatuses.ts';
import { appToday } from '../../layout/clock.tsx';
import { matchesPeriod, periodText } from '../../i18n/periods.ts';

interface IndexChild {
  code?: string;
  divisionCode?: string;
  name?: string;
  score?: number | null;
  value?: number | null;
  rank?: number | null;
}

const areaOf = (e: { code?: string; divisionCode?: string | null; name?: string; divisionName?: string }, names: Map<string, string>) => {
  const code = e.code ?? e.divisionCode ?? '';
  return { code, name: e.name ?? e.divisionName ?? names.get(code) ?? code };
};

/**
 * /divisions/:code/dashboard — one division: its own indicators against their targets, and its
 * children ranked on a chosen indicator, on a bar chart and a map. Clicking a child (bar or map
 * area) opens the child's dashboard with the same indicator and period; the breadcrumb goes back.
 */
export default function DivisionDashboardPage() {
  const { code = '' } = useParams();
  const { t, locale } = useI18n();
  const navigate = useNavigate();
  const { user } = useAuth();
  const [mapRevision, setMapRevision] = useState(0);
  const [search, setSearch] = useSearchParams();
  const period = search.get('period') ?? undefined;
  const mode = (search.get('mode') as MapMode | 'index' | null) ?? 'value';

  const division = useApi<Division>(`/api/divisions/${code}`);
  const ancestors = useApi<{ items: Division[] }>(`/api/divisions/${code}/ancestors`);
  const children = useApi<{ items: Division[] }>(`/api/divisions/${code}/children`);
  const own = useApi<DivisionIndicators>(`/api/divisions/${code}/indicators`, { period });
  const catalogue = useApi<{ items: IndicatorDefinition[] }>('/api/indicators', { status: 'active' });
  const indexes = useApi<{ items: { id: number; code?: string; name: string }[] }>(mode === 'index' ? '/api/index' : null);

  const indicators = useMemo(() => {
    const list: IndicatorSummary[] = (catalogue.data?.items ?? []).map((i) => ({ id: i.id, code: i.code, name: i.definition.name, unit: i.definition.unit, direction: i.definition.direction }));
    const linked = new Set((own.data?.items ?? []).map((r) => r.indicator?.id).filter(Boolean));
    return [...list].sort((a, b) => Number(linked.has(b.id)) - Number(linked.has(a.id)));
  }, [catalogue.data, own.data]);
  const indicatorId = search.get('indicator') ?? (indicators[0] ? String(indicators[0].id) : null);
  const indicator = indicators.find((i) => String(i.id) === indicatorId) ?? null;
  const indexId = search.get('index') ?? (indexes.data?.items[0] ? String(indexes.data.items[0].id) : null);

  // A municipality's only child is a placeholder (北京市 → 1101 市辖区) while its map draws the
  // districts: rank and score the placeholder's children, which are what the map shows.
  const kids = children.data?.items ?? [];
  const rankParent = kids.length === 1 && kids[0].kind === 'placeholder' ? kids[0].code : code;
  const ranking = useApi<RankingResponse>(indicatorId && children.data ? `/api/indicators/${indicatorId}/ranking` : null, { parent: rankParent, period });
  const index = useApi<{ items?: IndexChild[]; children?: IndexChild[] }>(mode === 'index' && indexId && children.data ? `/api/index/${indexId}` : null, { parent: rankParent, period });

  const names = useMemo(() => new Map((children.data?.items ?? []).map((d) => [d.code, d.name])), [children.data]);
  const unit = ranking.data?.indicator.unit ?? indicator?.unit ?? '';
  const childCodes = useMemo(() => (children.data?.items ?? []).map((d) => d.code), [children.data]);
  const statuses = useChildStatuses(childCodes, indicatorId, period, mode === 'status');
  const rankValues: AreaValue[] = useMemo(
    () => (ranking.data?.items ?? []).map((e) => {
      const area = areaOf(e, names);
      return { ...area, value: e.value, rank: e.rank, status: statuses.get(area.code) ?? null, unit };
    }),
    [ranking.data, names, unit, statuses],
  );
  const indexValues: AreaValue[] = useMemo(
    () => (index.data?.items ?? index.data?.children ?? []).map((e) => ({ ...areaOf(e, names), value: e.score ?? e.value ?? null, rank: e.rank ?? null })),
    [index.data, names],
  );

  const set = useCallback(
    (patch: Record<string, string | null>) => {
      const next = new URLSearchParams(search);
      for (const [k, v] of Object.entries(patch)) (v ? next.set(k, v) : next.delete(k));
      setSearch(next);
    },
    [search, setSearch],
  );
  const drill = useCallback((child: string) => navigate({ pathname: `/divisions/${child}/dashboard`, search: search.toString() }), [navigate, search]);

  const crumbs = [...(ancestors.data?.items ?? []), ...(division.data ? [division.data] : [])];
  const now = Number(appToday().slice(0, 4));
  const mapValues = mode === 'index' ? indexValues : rankValues;
  const mapTitle = mode === 'index' ? (indexes.data?.items.find((i) => String(i.id) === indexId)?.name ?? t('dash.map.index')) : (indicator?.name ?? '');

  return (
    <Space orientation="vertical" size="middle" style={{ width: '100%' }} data-testid="division-dashboard">
      <Breadcrumb
        data-testid="division-breadcrumb"
        items={crumbs.map((d, i) => ({
          title: i === crumbs.length - 1 ? d.name : <Link to={{ pathname: `/divisions/${d.code}/dashboard`, search: search.toString() }}>{d.name}</Link>,
        }))}
      />
      <Space wrap style={{ justifyContent: 'space-between', width: '100%' }}>
        <Typography.Title level={3} style={{ margin: 0 }} data-testid="dashboard-title">
          {division.data ? `${division.data.fullName} · ${t('dash.title')}` : t('dash.title')}
        </Typography.Title>
        <Space wrap>
          <Select
            data-testid="indicator-select"
            showSearch
            optionFilterProp="label"
            style={{ width: 260 }}
            placeholder={t('dash.chooseIndicator')}
            loading={catalogue.loading}
            value={indicatorId ?? undefined}
            onChange={(v) => set({ indicator: v })}
            options={indicators.map((i) => ({ value: String(i.id), label: `${i.name}${i.unit ? `（${i.unit}）` : ''}` }))}
            notFoundContent={t('dash.noIndicators')}
          />
          <Select
            data-testid="dashboard-period"
            showSearch
            style={{ width: 140 }}
            value={period ?? ''}
            onChange={(v) => set({ period: v || null })}
            filterOption={matchesPeriod}
            options={[{ value: '', label: t('dash.periodLatest') }, ...quartersBetween(now - 12, now).map((p) => ({ value: p, label: periodText(p, locale) }))]}
          />
        </Space>
      </Space>

      <Section
        title={t('dash.ownIndicators')}
        state={own}
        testId="own-indicators"
        empty={(d) => (d.items.length === 0 ? <EmptyHint text={t('dash.noOwnTargets')} action={<Link to="/plans">{t('dash.goPlans')}</Link>} /> : null)}
      >
        {(d) => (
          <Table<TargetStatusRow>
            size="small"
            rowKey="itemId"
            pagination={{ pageSize: 8, hideOnSinglePage: true }}
            dataSource={d.items}
            expandable={{
              rowExpandable: (r) => r.linked,
              expandedRowRender: (r) => {
                const tr = toTrajectory(r, d.asOf);
                return tr ? <TrajectoryChart data={tr} title={r.indicator?.name ?? r.text} height={220} /> : <Empty description={t('dash.noDeadline')} />;
              },
            }}
            columns={[
              { title: t('dash.indicator'), key: 'name', render: (_: unknown, r) => r.indicator?.name ?? r.text },
              { title: t('dash.plan'), dataIndex: 'planTitle', ellipsis: true, responsive: ['lg'] },
              { title: t('dash.baseline'), key: 'b', render: (_: unknown, r) => (r.baseline ? `${fmtNumber(r.baseline.value)}（${r.baseline.at}）` : '—') },
              { title: t('dash.latest'), key: 'l', render: (_: unknown, r) => (r.latest ? `${fmtNumber(r.latest.value)}（${r.latest.period}）` : '—') },
              { title: t('dash.target'), key: 't', render: (_: unknown, r) => `${r.target.comparator} ${r.target.value} ${r.unit}${r.target.deadline ? `（${r.target.deadline}）` : ''}` },
              { title: t('dash.status'), key: 's', render: (_: unknown, r) => <TargetStatusTag status={r.status} /> },
            ]}
          />
        )}
      </Section>

      <Row gutter={[16, 16]}>
        <Col xs={24} xl={10}>
          {indicatorId ? (
            <Section
              title={t('dash.ranking')}
              state={{ ...ranking, loading: ranking.loading || children.loading }}
              testId="ranking"
              extra={ranking.data ? <Typography.Text type="secondary">{ranking.data.period}</Typography.Text> : null}
              empty={(d) => (d.items.every((e) => e.value === null) ? <EmptyHint text={t('dash.noChildValues')} /> : null)}
            >
              {() => <RankingBar rows={rankValues} unit={unit} onDrill={drill} testId="ranking-bar" />}
            </Section>
          ) : (
            <Section title={t('dash.ranking')} state={catalogue} testId="ranking" empty={() => <EmptyHint text={t('dash.noIndicators')} />}>
              {() => null}
            </Section>
          )}
        </Col>
        <Col xs={24} xl={14}>
          <Card
            title={t('dash.map')}
            data-testid="map-card"
            extra={
              <Space>
                {user?.role === 'admin' && <MapUploadButton code={code} onUploaded={() => setMapRevision((n) => n + 1)} />}
                <Segmented
                data-testid="map-mode"
                value={mode}
                onChange={(v) => set({ mode: v === 'value' ? null : String(v) })}
                options={[
                  { value: 'value', label: t('dash.map.byValue') },
                  { value: 'status', label: t('dash.map.byStatus') },
                  { value: 'index', label: t('dash.map.index') },
                ]}
                />
              </Space>
            }
          >
            {mode === 'index' && indexes.data && indexes.data.items.length > 1 && (
              <Select style={{ width: 220, marginBottom: 8 }} value={indexId ?? undefined} onChange={(v) => set({ index: v })} options={indexes.data.items.map((i) => ({ value: String(i.id), label: i.name }))} />
            )}
            <ChoroplethMap code={code} values={mapValues} mode={mode === 'status' ? 'status' : 'value'} unit={mode === 'index' ? '' : unit} title={mapTitle} onDrill={drill} testId="division-map" revision={mapRevision} />
          </Card>
        </Col>
      </Row>
    </Space>
  );
}
