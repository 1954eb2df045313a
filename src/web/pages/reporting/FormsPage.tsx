import { Alert, Card, Space, Table, Tag, Typography } from 'antd';
import { useEffect, useState } from 'react';
import { api } from '../../api/client.ts';
import type { ReportingForm } from '../../api/types.ts';
import { errorText } from '../../components/errors.ts';
import { itemsOf, obj } from '../../components/reporting/lists.ts';
import { useI18n, type MessageKey } from '../../i18n/index.tsx';

interface CalendarPeriod {
  code: string;
  dueOn: string;
  locksOn: string | null;
  exempt: boolean;
}

function FormCalendar({ formId }: { formId: number }) {
  const { t } = useI18n();
  const [periods, setPeriods] = useState<CalendarPeriod[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    api
      .get<unknown>(`/api/reporting/forms/${formId}/calendar`)
      .then((r) =>
        setPeriods(
          itemsOf(r, 'periods').map((p) => {
            const o = obj(p);
            return { code: String(o.code ?? o.period), dueOn: String(o.dueOn ?? ''), locksOn: o.locksOn ? String(o.locksOn) : null, exempt: o.exempt === true };
          }),
        ),
      )
      .catch((e) => setError(errorText(t, e)));
  }, [formId, t]);
  if (error) return <Alert type="error" showIcon title={error} />;
  return (
    <Table<CalendarPeriod>
      size="small"
      rowKey="code"
      loading={periods === null}
      dataSource={periods ?? []}
      pagination={false}
      columns={[
        { title: t('rep.period'), dataIndex: 'code', key: 'code' },
        { title: t('rep.dueOn'), dataIndex: 'dueOn', key: 'due' },
        { title: t('plans.exempt'), key: 'exempt', render: (_, p) => (p.exempt ? t('common.yes') : '') },
      ]}
    />
  );
}

/** The office's list of forms, each with its reporting calendar. */
export default function FormsPage() {
  const { t } = useI18n();
  const [items, setItems] = useState<ReportingForm[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    api
      .get<unknown>('/api/reporting/forms')
      .then((r) => setItems(itemsOf(r, 'forms') as ReportingForm[]))
      .catch((e) => setError(errorText(t, e)));
  }, [t]);
  return (
    <Space direction="vertical" style={{ width: '100%' }} size="middle">
      <Typography.Title level={3} style={{ margin: 0 }}>
        {t('rep.forms.title')}
      </Typography.Title>
      {error && <Alert type="error" showIcon title={error} />}
      <Card>
        <Table<ReportingForm>
          rowKey="id"
          size="small"
          loading={items === null && !error}
          dataSource={items ?? []}
          expandable={{ expandedRowRender: (f) => <FormCalendar formId={f.id} /> }}
          data-testid="forms-table"
          columns={[
            { title: t('rep.forms.code'), dataIndex: 'code', key: 'code', render: (v: string) => <Typography.Text code>{v}</Typography.Text> },
            { title: t('rep.forms.name'), dataIndex: 'name', key: 'name' },
            { title: t('rep.el.periodType'), key: 'period', render: (_, f) => t(`rep.period.${f.periodType}` as MessageKey) },
            { title: t('rep.forms.elements'), key: 'elements', render: (_, f) => f.elementCount ?? (obj(f).elements as unknown[] | undefined)?.length ?? '—' },
            { title: t('rep.forms.assignments'), key: 'assignments', render: (_, f) => f.assignmentCount ?? (obj(f).assignments as unknown[] | undefined)?.length ?? '—' },
            { title: t('rep.forms.progress'), key: 'progress', render: (_, f) => (f.includesProgress === false ? t('common.no') : t('common.yes')) },
            { title: t('rep.status'), key: 'status', render: (_, f) => <Tag color={f.status === 'active' ? 'green' : 'default'}>{t(`rep.forms.status.${f.status}` as MessageKey)}</Tag> },
          ]}
        />
      </Card>
    </Space>
  );
}
