import { Button, Card, DatePicker, Input, InputNumber, Table, Typography } from 'antd';
import type { TableProps } from 'antd';
import { useState } from 'react';
import type { AuditEntry } from '../api/types.ts';
import { ListTable, useList } from '../components/ListTable.tsx';
import { auditActionLabel, auditEntityLabel } from '../i18n/audit.labels.ts';
import { currentLocale, useT } from '../i18n/index.tsx';

interface Filters {
  entity?: string;
  entityId?: string;
  actorId?: number;
  from?: string;
  to?: string;
}

function show(v: unknown): string {
  if (v === undefined) return '—';
  if (typeof v === 'string') return v;
  return JSON.stringify(v);
}

/** The fields that differ between before and after (both objects, either may be null). */
function diffRows(before: unknown, after: unknown): { field: string; before: unknown; after: unknown }[] {
  const b = before && typeof before === 'object' ? (before as Record<string, unknown>) : {};
  const a = after && typeof after === 'object' ? (after as Record<string, unknown>) : {};
  if ((before !== null && typeof before !== 'object') || (after !== null && typeof after !== 'object')) {
    return before === after ? [] : [{ field: '', before, after }];
  }
  const keys = [...new Set([...Object.keys(b), ...Object.keys(a)])].sort();
  return keys
    .filter((k) => JSON.stringify(b[k]) !== JSON.stringify(a[k]))
    .map((k) => ({ field: k, before: before ? b[k] : undefined, after: after ? a[k] : undefined }));
}

function AuditDiff({ entry }: { entry: AuditEntry }) {
  const t = useT();
  const rows = diffRows(entry.before, entry.after);
  if (rows.length === 0) return <Typography.Text type="secondary">{t('audit.noDiff')}</Typography.Text>;
  return (
    <Table
      size="small"
      pagination={false}
      rowKey="field"
      dataSource={rows}
      columns={[
        { title: t('audit.field'), dataIndex: 'field', width: 200 },
        { title: t('audit.before'), dataIndex: 'before', render: (v: unknown) => <Typography.Text delete={v !== undefined}>{show(v)}</Typography.Text> },
        { title: t('audit.after'), dataIndex: 'after', render: (v: unknown) => <Typography.Text mark={v !== undefined}>{show(v)}</Typography.Text> },
      ]}
    />
  );
}

export default function AuditPage() {
  const t = useT();
  const [draft, setDraft] = useState<Filters>({});
  // The controls edit a draft; 搜索 makes it the list's filters.
  const list = useList<AuditEntry, Filters>('/api/audit');

  const columns: TableProps<AuditEntry>['columns'] = [
    { title: t('audit.at'), dataIndex: 'at', width: 190, render: (v: string) => new Date(v).toLocaleString() },
    { title: t('audit.actor'), dataIndex: 'actorName', render: (_, e) => e.actorName ?? (e.actorId != null ? `#${e.actorId}` : '—') },
    { title: t('audit.action'), dataIndex: 'action', render: (v: string) => <span title={v}>{auditActionLabel(currentLocale(), v)}</span> },
    { title: t('audit.entity'), dataIndex: 'entity', render: (v: string) => <span title={v}>{auditEntityLabel(currentLocale(), v)}</span> },
    { title: t('audit.entityId'), dataIndex: 'entityId', render: (v: string | null) => v ?? '—' },
  ];

  return (
    <Card title={t('audit.title')}>
      <ListTable<AuditEntry, Filters>
        list={list}
        filters={
          <>
            <Input placeholder={t('audit.entity')} allowClear value={draft.entity} onChange={(e) => setDraft((d) => ({ ...d, entity: e.target.value || undefined }))} style={{ width: 160 }} />
            <Input placeholder={t('audit.entityId')} allowClear value={draft.entityId} onChange={(e) => setDraft((d) => ({ ...d, entityId: e.target.value || undefined }))} style={{ width: 140 }} />
            <InputNumber placeholder={t('audit.actorId')} min={1} value={draft.actorId ?? null} onChange={(v) => setDraft((d) => ({ ...d, actorId: v ?? undefined }))} style={{ width: 140 }} />
            <DatePicker.RangePicker
              showTime
              placeholder={[t('audit.range'), t('audit.range')]}
              onChange={(range) =>
                setDraft((d) => ({ ...d, from: range?.[0]?.toISOString() ?? undefined, to: range?.[1]?.toISOString() ?? undefined }))
              }
            />
            <Button type="primary" onClick={() => list.setFilters(draft)}>
              {t('common.search')}
            </Button>
            <Button
              onClick={() => {
                setDraft({});
                list.setFilters({});
              }}
            >
              {t('common.reset')}
            </Button>
          </>
        }
        rowKey="id"
        columns={columns}
        emptyText={t('audit.empty')}
        expandable={{ expandedRowRender: (e) => <AuditDiff entry={e} /> }}
      />
    </Card>
  );
}
