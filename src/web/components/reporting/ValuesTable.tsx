import { Input, InputNumber, Space, Table, Tooltip, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { memo, useMemo, useState } from 'react';
import type { SubmissionDetail, SubmissionElement, SubmissionIssue } from '../../api/types.ts';
import { useI18n, type TFunction } from '../../i18n/index.tsx';
import { cellKey, checkCell, fmtValue, localReason, rangeText } from './model.ts';

export interface CellDraft {
  value: number | null;
  comment: string | null;
}

interface Row {
  key: string;
  el: SubmissionElement;
  divisionCode: string;
  divisionName: string;
  /** The first row of its division, which shows the division's name (the grouping). */
  groupStart: boolean;
  previous: number | null;
}

/** Above this many rows the table renders only what is on screen. */
const VIRTUAL_FROM = 120;

interface Props {
  t: TFunction;
  detail: SubmissionDetail;
  cells: Map<string, CellDraft>;
  readOnly: boolean;
  /** Server-side problems (refused submit), by cell key. */
  serverIssues: Map<string, SubmissionIssue[]>;
  onChange(key: string, next: CellDraft): void;
}

const ValueInput = memo(function ValueInput(props: {
  id: string;
  el: SubmissionElement;
  value: number | null;
  readOnly: boolean;
  status: '' | 'error' | 'warning';
  onChange(v: number | null): void;
}) {
  return (
    <InputNumber
      id={props.id}
      value={props.value}
      disabled={props.readOnly}
      status={props.status || undefined}
      style={{ width: '100%' }}
      suffix={props.el.valueType === 'percent' ? '%' : undefined}
      onChange={(v) => props.onChange(v === null || v === undefined ? null : Number(v))}
      stringMode={false}
    />
  );
});

export function ValuesTable({ t, detail, cells, readOnly, serverIssues, onChange }: Props) {
  const { locale } = useI18n();
  const [filter, setFilter] = useState('');
  const rows = useMemo(() => {
    const prev = new Map(detail.cells.map((c) => [cellKey(c.elementId, c.divisionCode), c.previous]));
    const out: Row[] = [];
    const q = filter.trim();
    for (const d of detail.divisions) {
      const divisionHit = !q || d.name.includes(q) || d.code.startsWith(q);
      let first = true;
      for (const el of detail.elements) {
        if (!divisionHit && !el.name.includes(q) && !el.code.toLowerCase().includes(q.toLowerCase())) continue;
        const key = cellKey(el.id, d.code);
        out.push({ key, el, divisionCode: d.code, divisionName: d.name, groupStart: first, previous: prev.get(key) ?? null });
        first = false;
      }
    }
    return out;
  }, [detail, filter]);
  const grouped = detail.divisions.length > 1;
  const virtual = rows.length > VIRTUAL_FROM;

  const columns: ColumnsType<Row> = [
    ...(grouped
      ? [
          {
            title: t('rep.sub.division'),
            key: 'division',
            width: 140,
            render: (_: unknown, r: Row) =>
              r.groupStart ? (
                <Typography.Text strong>
                  {r.divisionName} <Typography.Text type="secondary">{r.divisionCode}</Typography.Text>
                </Typography.Text>
              ) : null,
          },
        ]
      : []),
    {
      title: t('rep.sub.element'),
      key: 'element',
      width: 220,
      render: (_: unknown, r: Row) => {
        const range = rangeText(r.el);
        return (
          <Space direction="vertical" size={0}>
            <Typography.Text>
              {r.el.name}
              {r.el.required && !readOnly ? <Typography.Text type="danger"> *</Typography.Text> : null}
            </Typography.Text>
            <Typography.Text type="secondary" style={{ fontSize: 12 }}>
              {[r.el.unit ? t('rep.sub.unitHint', { unit: r.el.unit }) : null, range ? t('rep.sub.range', { range }) : null].filter(Boolean).join(' · ')}
            </Typography.Text>
          </Space>
        );
      },
    },
    {
      title: t('rep.sub.previous'),
      key: 'previous',
      width: 120,
      align: 'right',
      render: (_: unknown, r: Row) => (
        <Typography.Text type="secondary" data-testid={`prev-${r.el.code}-${r.divisionCode}`}>
          {fmtValue(r.previous)}
        </Typography.Text>
      ),
    },
    {
      title: t('rep.sub.value'),
      key: 'value',
      width: readOnly ? 150 : 220,
      render: (_: unknown, r: Row) => {
        const cur = cells.get(r.key) ?? { value: null, comment: null };
        const local = checkCell(t, r.el, cur.value, r.previous);
        const server = serverIssues.get(r.key) ?? [];
        const serverText = (severity: string) => {
          const hit = server.find((i) => i.severity === severity);
          return hit ? localReason(hit.reason, locale) : undefined;
        };
        const error = local.error ?? serverText('error');
        const warning = local.warning ?? serverText('warning');
        const missing = !readOnly && r.el.required && cur.value === null && server.length > 0;
        if (readOnly) {
          return (
            <div>
              <Typography.Text strong id={`v-${r.el.code}-${r.divisionCode}`}>
                {fmtValue(cur.value)}
              </Typography.Text>
              {warning && (
                <div>
                  <Typography.Text type="warning" style={{ fontSize: 12 }} data-testid={`msg-${r.el.code}-${r.divisionCode}`}>
                    {warning}
                  </Typography.Text>
                </div>
              )}
            </div>
          );
        }
        return (
          <div>
            <ValueInput
              id={`v-${r.el.code}-${r.divisionCode}`}
              el={r.el}
              value={cur.value}
              readOnly={readOnly}
              status={error || missing ? 'error' : warning ? 'warning' : ''}
              onChange={(v) => onChange(r.key, { ...cur, value: v })}
            />
            {(error || warning || missing) && (
              <Typography.Text type={error || missing ? 'danger' : 'warning'} style={{ fontSize: 12 }} data-testid={`msg-${r.el.code}-${r.divisionCode}`}>
                {error ?? (missing ? t('rep.sub.required') : warning)}
              </Typography.Text>
            )}
          </div>
        );
      },
    },
    {
      title: t('rep.sub.comment'),
      key: 'comment',
      width: 220,
      render: (_: unknown, r: Row) => {
        const cur = cells.get(r.key) ?? { value: null, comment: null };
        const warned = !!checkCell(t, r.el, cur.value, r.previous).warning || (serverIssues.get(r.key) ?? []).some((i) => i.severity === 'warning');
        const needed = warned && !cur.comment?.trim();
        if (readOnly) return <Typography.Text id={`c-${r.el.code}-${r.divisionCode}`}>{cur.comment ?? ''}</Typography.Text>;
        const input = (
          <Input
            id={`c-${r.el.code}-${r.divisionCode}`}
            value={cur.comment ?? ''}
            disabled={readOnly}
            status={needed && !readOnly ? 'error' : undefined}
            placeholder={warned ? t('rep.sub.commentNeeded') : undefined}
            onChange={(e) => onChange(r.key, { ...cur, comment: e.target.value === '' ? null : e.target.value })}
          />
        );
        return needed && !readOnly ? <Tooltip title={t('rep.sub.commentNeeded')}>{input}</Tooltip> : input;
      },
    },
  ];

  return (
    <div data-testid="values-table">
      {rows.length > 20 || filter ? (
        <Input.Search allowClear placeholder={t('rep.sub.filter')} style={{ maxWidth: 320, marginBottom: 12 }} onChange={(e) => setFilter(e.target.value)} />
      ) : null}
      <Table<Row>
        size="small"
        rowKey="key"
        columns={columns}
        dataSource={rows}
        pagination={false}
        virtual={virtual}
        scroll={virtual ? { y: 640, x: 1000 } : undefined}
        locale={{ emptyText: t('rep.sub.noElements') }}
        rowClassName={(r) => (r.groupStart && grouped ? 'rep-group-start' : '')}
      />
    </div>
  );
}
