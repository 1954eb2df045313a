import { Alert, Button, Radio, Select, Space, Table, Tag, Tooltip, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { useEffect, useMemo, useState } from 'react';
import { useNavigate, useParams, useSearchParams } from 'react-router-dom';
import { api, withQuery } from '../../api/client.ts';
import type { Division } from '../../api/types.ts';
import { useAuth } from '../../auth/AuthContext.tsx';
import { DivisionSelect } from '../../components/DivisionSelect.tsx';
import { errorText } from '../../components/errors.ts';
import { useI18n } from '../../i18n/index.tsx';
import { useApi } from '../dashboard/useApi.ts';
import type { IndicatorItem, PivotCell, PivotDivision, PivotResult } from './indicator-types.ts';
import { DEFAULT_SPAN, PROBE_SPAN, parentCode, periodOf, periodsBetween, periodTypeOf, shiftPeriod, type PeriodType } from './pivot-periods.ts';
import { appNow } from '../../layout/clock.tsx';

const TYPES: PeriodType[] = ['M', 'Q', 'Y'];
const apiCode = (c: string) => (c === '' ? '0' : c);

/** Which divisions the pivot covers: the children of a parent, or a chosen list. */
interface Scope {
  parent: string | null;
  divisions: string[] | null;
}

function scopeQuery(s: Scope): { parent?: string; divisions?: string } {
  return s.divisions ? { divisions: s.divisions.map(apiCode).join(',') } : { parent: apiCode(s.parent ?? '') };
}

/**
 * The default range ends at the latest period with data for the scope's root (the parent, or the
 * chosen divisions) within the probe window, and spans DEFAULT_SPAN periods back from there.
 */
async function defaultRange(indicatorId: string, scope: Scope, type: PeriodType): Promise<{ from: string; to: string }> {
  const now = periodOf(type, appNow());
  const start = shiftPeriod(now, -(PROBE_SPAN[type] - 1));
  const roots = scope.divisions ?? [scope.parent ?? ''];
  let last = -1;
  try {
    const probe = await api.get<PivotResult>(`/api/indicators/${indicatorId}/pivot`, { divisions: roots.map(apiCode).join(','), periods: `${start}..${now}` });
    for (const row of probe.cells) row.forEach((c, i) => c.value !== null && i > last && (last = i));
  } catch {
    // No probe (e.g. nothing to read): fall back to the periods up to now.
  }
  const to = last >= 0 ? shiftPeriod(start, last) : now;
  return { from: shiftPeriod(to, -(DEFAULT_SPAN[type] - 1)), to };
}

function useNumber(): (v: number | null, unit?: string) => string {
  const { locale } = useI18n();
  return useMemo(() => {
    const f = new Intl.NumberFormat(locale, { maximumFractionDigits: 2 });
    return (v, unit) => (v === null ? '—' : !unit ? f.format(v) : unit === '%' || unit === '‰' ? `${f.format(v)}${unit}` : `${f.format(v)} ${unit}`);
  }, [locale]);
}

function Cell({ cell, division, period, unit }: { cell: PivotCell; division: PivotDivision; period: string; unit: string }) {
  const { t } = useI18n();
  const num = useNumber();
  const lines: string[] = [];
  if (cell.numerator !== null) lines.push(`${t('pivot.numerator')} ${num(cell.numerator)}${cell.denominator !== null ? ` / ${t('pivot.denominator')} ${num(cell.denominator)}` : ''}`);
  if (division.expected !== undefined) lines.push(t('pivot.reported', { n: cell.contributors, m: division.expected }));
  const body = (
    <span data-testid={`pivot-cell-${apiCode(division.code)}-${period}`} data-value={cell.value ?? ''} style={cell.value === null ? { color: '#999' } : undefined}>
      {num(cell.value, unit)}
    </span>
  );
  return lines.length ? <Tooltip title={lines.map((l) => <div key={l}>{l}</div>)}>{body}</Tooltip> : body;
}

export default function PivotPage() {
  const { t } = useI18n();
  const { user } = useAuth();
  const navigate = useNavigate();
  const { id = '' } = useParams();
  const [search, setSearch] = useSearchParams();
  const viewerRoot = user?.role === 'viewer' ? (user.divisionCode ?? '') : null;

  const type = (TYPES as string[]).includes(search.get('type') ?? '') ? (search.get('type') as PeriodType) : 'M';
  const rows = search.get('rows') === 'periods' ? 'periods' : 'divisions';
  const listParam = search.get('divisions');
  const scope: Scope = listParam
    ? { parent: null, divisions: listParam.split(',').filter(Boolean).map((c) => (c === '0' ? '' : c)) }
    : { parent: search.has('parent') ? (search.get('parent') === '0' ? '' : search.get('parent')!) : (viewerRoot ?? ''), divisions: null };
  const from = search.get('from');
  const to = search.get('to');
  const rangeOk = !!from && !!to && periodTypeOf(from) === type && periodTypeOf(to) === type && from <= to;

  const update = (patch: Record<string, string | null>, replace = false) => {
    const next = new URLSearchParams(search);
    for (const [k, v] of Object.entries(patch)) (v === null ? next.delete(k) : next.set(k, v));
    setSearch(next, { replace });
  };

  // A missing or mismatched range becomes the default one for the scope and type.
  const scopeKey = JSON.stringify(scope);
  useEffect(() => {
    if (rangeOk || !id) return;
    let live = true;
    defaultRange(id, scope, type).then((r) => live && update(r, true));
    return () => {
      live = false;
    };
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [id, type, scopeKey, rangeOk]);

  const indicators = useApi<{ items: IndicatorItem[] }>('/api/indicators', { status: 'active' });
  const query = rangeOk ? { ...scopeQuery(scope), periods: `${from}..${to}`, rows } : null;
  const pivot = useApi<PivotResult>(query ? `/api/indicators/${id}/pivot` : null, query ?? undefined);
  const parentDiv = useApi<Division>(scope.parent ? `/api/divisions/${scope.parent}` : null);
  const data = pivot.data;
  const unit = data?.indicator.unit ?? '';

  const rangeOptions = useMemo(() => {
    const now = periodOf(type, appNow());
    return periodsBetween(shiftPeriod(now, -(PROBE_SPAN[type] - 1)), now)
      .reverse()
      .map((p) => ({ value: p, label: p }));
  }, [type]);

  const drill = (d: PivotDivision) => {
    if (d.level >= 5) return;
    update({ parent: apiCode(d.code), divisions: null });
  };
  const canGoUp = scope.parent !== null && scope.parent !== '' && (viewerRoot === null || (scope.parent !== viewerRoot && scope.parent.startsWith(viewerRoot)));

  const columns: ColumnsType<{ key: string; head: PivotDivision | string; cells: PivotCell[] }> = useMemo(() => {
    if (!data) return [];
    const divisionLabel = (d: PivotDivision) => (
      <span>
        {d.name} <Typography.Text type="secondary">{d.code || ''}</Typography.Text>
      </span>
    );
    if (data.rows === 'divisions') {
      return [
        { title: t('pivot.division'), key: 'head', fixed: 'left', width: 200, render: (_, r) => divisionLabel(r.head as PivotDivision) },
        ...data.periods.map((p, c) => ({
          title: p,
          key: p,
          align: 'right' as const,
          render: (_: unknown, r: { head: PivotDivision | string; cells: PivotCell[] }) => <Cell cell={r.cells[c]} division={r.head as PivotDivision} period={p} unit={unit} />,
        })),
      ];
    }
    return [
      { title: t('pivot.period'), key: 'head', fixed: 'left', width: 110, render: (_, r) => r.head as string },
      ...data.divisions.map((d, c) => ({
        title: (
          <a onClick={() => drill(d)} data-testid={`pivot-col-${apiCode(d.code)}`}>
            {divisionLabel(d)}
          </a>
        ),
        key: d.code || '0',
        align: 'right' as const,
        render: (_: unknown, r: { head: PivotDivision | string; cells: PivotCell[] }) => <Cell cell={r.cells[c]} division={d} period={r.head as string} unit={unit} />,
      })),
    ];
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [data, t, unit]);

  const tableRows = data
    ? data.rows === 'divisions'
      ? data.divisions.map((d, r) => ({ key: d.code || '0', head: d as PivotDivision | string, cells: data.cells[r] }))
      : data.periods.map((p, r) => ({ key: p, head: p as PivotDivision | string, cells: data.cells[r] }))
    : [];
  const empty = !!data && data.cells.every((r) => r.every((c) => c.value === null));
  const exportHref = (format: 'xlsx' | 'csv') => (query ? withQuery(`/api/indicators/${id}/pivot`, { ...query, format }) : undefined);

  return (
    <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
      <Typography.Title level={3} style={{ margin: 0 }} data-testid="pivot-title">
        {t('pivot.title')}
        {data ? ` · ${data.indicator.name}` : ''}
      </Typography.Title>
      <Space wrap size="middle">
        <Select
          style={{ minWidth: 260 }}
          showSearch={{ optionFilterProp: 'label' }}
          placeholder={t('pivot.pickIndicator')}
          value={indicators.data?.items.some((i) => String(i.id) === id) ? Number(id) : undefined}
          options={(indicators.data?.items ?? []).map((i) => ({ value: i.id, label: `${i.definition.name}（${i.code}）` }))}
          onChange={(v: number) => navigate(`/indicators/${v}/pivot?${withQuery('', { type, rows, ...scopeQuery(scope) }).slice(1)}`)}
          data-testid="pivot-indicator"
          aria-label={t('pivot.indicator')}
        />
        <Radio.Group
          value={scope.divisions ? 'list' : 'children'}
          onChange={(e) => update(e.target.value === 'list' ? { divisions: apiCode(scope.parent ?? ''), parent: null } : { divisions: null, parent: apiCode(scope.divisions?.[0] ?? '') })}
          optionType="button"
          options={[
            { value: 'children', label: t('pivot.scope.children') },
            { value: 'list', label: t('pivot.scope.list') },
          ]}
          data-testid="pivot-scope"
        />
        {scope.divisions ? (
          <Space wrap size={4} data-testid="pivot-division-list">
            {scope.divisions.map((c) => (
              <Tag key={c || '0'} closable={scope.divisions!.length > 1} onClose={() => update({ divisions: scope.divisions!.filter((x) => x !== c).map(apiCode).join(',') })}>
                {data?.divisions.find((d) => d.code === c)?.name ?? (c || t('pivot.country'))}
              </Tag>
            ))}
            <DivisionSelect
              value={null}
              placeholder={t('pivot.addDivision')}
              style={{ width: 220 }}
              onChange={(c) => c && !scope.divisions!.includes(c) && update({ divisions: [...scope.divisions!, c].map(apiCode).join(',') })}
            />
          </Space>
        ) : (
          <Space size={4}>
            <DivisionSelect
              value={scope.parent || null}
              initialLabel={parentDiv.data?.name}
              placeholder={viewerRoot === null ? t('pivot.country') : t('pivot.parent')}
              allowClear={viewerRoot === null}
              style={{ width: 240 }}
              onChange={(c) => update({ parent: apiCode(c ?? viewerRoot ?? '') })}
            />
            <Button disabled={!canGoUp} onClick={() => update({ parent: apiCode(parentCode(scope.parent ?? '')) })} data-testid="pivot-up">
              {t('pivot.up')}
            </Button>
          </Space>
        )}
      </Space>
      <Space wrap size="middle">
        <Radio.Group
          value={type}
          onChange={(e) => update({ type: e.target.value, from: null, to: null })}
          optionType="button"
          options={TYPES.map((x) => ({ value: x, label: t(`pivot.type.${x}`) }))}
          data-testid="pivot-type"
        />
        <Space size={4}>
          <Typography.Text>{t('pivot.range')}</Typography.Text>
          <Select style={{ width: 120 }} showSearch value={rangeOk ? from : undefined} options={rangeOptions} onChange={(v: string) => update(v <= (to ?? v) ? { from: v } : { from: v, to: v })} data-testid="pivot-from" />
          <span>–</span>
          <Select style={{ width: 120 }} showSearch value={rangeOk ? to : undefined} options={rangeOptions} onChange={(v: string) => update(v >= (from ?? v) ? { to: v } : { from: v, to: v })} data-testid="pivot-to" />
        </Space>
        <Radio.Group
          value={rows}
          onChange={(e) => update({ rows: e.target.value })}
          optionType="button"
          options={[
            { value: 'divisions', label: t('pivot.rows.divisions') },
            { value: 'periods', label: t('pivot.rows.periods') },
          ]}
          data-testid="pivot-rows"
        />
        <Button href={exportHref('xlsx')} disabled={!query} data-testid="pivot-export-xlsx">
          {t('pivot.exportXlsx')}
        </Button>
        <Button href={exportHref('csv')} disabled={!query} data-testid="pivot-export-csv">
          {t('pivot.exportCsv')}
        </Button>
      </Space>
      {pivot.error && <Alert type="error" showIcon title={errorText(t, pivot.error)} data-testid="pivot-error" />}
      {empty && <Alert type="info" showIcon title={t('pivot.noData')} />}
      {data && data.indicator.versions.length > 1 && (
        <Alert
          type="info"
          showIcon
          title={data.indicator.versions.map((v) => t('pivot.versionNote', { n: v.number, name: v.name, from: v.periods[0], to: v.periods.at(-1) ?? '' })).join('；')}
        />
      )}
      {data?.rows === 'divisions' && <Typography.Text type="secondary">{t('pivot.drillHint')}</Typography.Text>}
      <Table
        size="small"
        bordered
        loading={pivot.loading || (!rangeOk && !!id)}
        columns={columns}
        dataSource={tableRows}
        pagination={false}
        scroll={{ x: 'max-content' }}
        data-testid="pivot-table"
        onRow={(r) =>
          ({
            'data-testid': `pivot-row-${typeof r.head === 'string' ? r.head : apiCode(r.head.code)}`,
            onClick: typeof r.head === 'string' ? undefined : () => drill(r.head as PivotDivision),
            style: typeof r.head !== 'string' && r.head.level < 5 ? { cursor: 'pointer' } : undefined,
          }) as React.HTMLAttributes<HTMLElement>
        }
      />
    </Space>
  );
}
