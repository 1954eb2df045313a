import { Alert, App as AntApp, Button, Card, Col, Input, Row, Select, Space, Statistic, Table, Tabs, Tag, Typography } from 'antd';
import { useMemo, useState } from 'react';
import { Link } from 'react-router-dom';
import { api } from '../../api/client.ts';
import type { CompletenessRow, LateRow, Plan, ReportingForm, SubmissionStatus } from '../../api/types.ts';
import { errorText } from '../../components/errors.ts';
import { itemsOf, obj } from '../../components/reporting/lists.ts';
import { daysUntil } from '../../components/reporting/model.ts';
import { SubmissionStatusTag } from '../../components/reporting/tags.tsx';
import { useI18n, type TFunction } from '../../i18n/index.tsx';
import { type Delivery, DeliveryReport } from './DeliveryReport.tsx';
import { appToday } from '../../layout/clock.tsx';
import { useApiGet, useQuery } from '../../lib/useQuery.ts';

const n = (v: unknown) => (v === null || v === undefined ? 0 : Number(v));
const today = () => appToday();

/** Which report a row is about: unit, form and period (flat or nested in the answer). */
function owed(r: Record<string, unknown>) {
  return {
    unitId: Number(r.unitId ?? obj(r.unit).id),
    unitName: String(r.unitName ?? obj(r.unit).name ?? ''),
    formId: Number(r.formId ?? obj(r.form).id),
    formName: String(r.formName ?? obj(r.form).name ?? ''),
    period: String(r.period ?? ''),
  };
}

/** A row is one owed report with its `state` (on_time, late, missing), or already counts. */
function toRow(raw: unknown): CompletenessRow {
  const r = obj(raw);
  const state = r.state as string | undefined;
  return {
    ...owed(r),
    dueOn: r.dueOn ? String(r.dueOn) : null,
    expected: state ? 1 : n(r.expected),
    submitted: state ? Number(state !== 'missing') : n(r.submitted),
    onTime: state ? Number(state === 'on_time') : n(r.onTime),
    late: state ? Number(state === 'late') : n(r.late),
    missing: state ? Number(state === 'missing') : n(r.missing),
    status: (r.submissionStatus ?? r.status ?? null) as SubmissionStatus | 'missing' | null,
    state: (state ?? null) as CompletenessRow['state'],
    submittedOn: r.submittedOn ? String(r.submittedOn) : null,
    submissionId: r.submissionId === null || r.submissionId === undefined ? null : Number(r.submissionId),
  };
}

function toLate(raw: unknown): LateRow {
  const r = obj(raw);
  const dueOn = String(r.dueOn ?? '');
  const contact = [r.contactName, r.contactPhone].filter((x) => x !== null && x !== undefined && x !== '').join(' ');
  return {
    ...owed(r),
    dueOn,
    daysLate: r.daysOverdue !== undefined ? n(r.daysOverdue) : r.daysLate !== undefined ? n(r.daysLate) : dueOn ? Math.max(0, -daysUntil(dueOn)) : 0,
    status: (r.submissionStatus ?? r.status ?? null) as SubmissionStatus | null,
    submissionId: r.submissionId === null || r.submissionId === undefined ? null : Number(r.submissionId),
    contact: contact || null,
  };
}

interface Totals {
  expected: number;
  submitted: number;
  onTime: number;
  late: number;
  missing: number;
}

interface CountsRow extends Totals {
  key: string;
  name: string;
}

const rate = (part: number, whole: number) => (whole > 0 ? Math.round((part / whole) * 1000) / 10 : 0);

function CountsTable({ t, rows, nameTitle, testId }: { t: TFunction; rows: CountsRow[]; nameTitle: string; testId: string }) {
  return (
    <Table<CountsRow>
      size="small"
      rowKey="key"
      dataSource={rows}
      pagination={{ pageSize: 50, hideOnSinglePage: true }}
      data-testid={testId}
      columns={[
        { title: nameTitle, dataIndex: 'name', key: 'name', sorter: (a, b) => a.name.localeCompare(b.name, 'zh-CN') },
        { title: t('rep.comp.expected'), dataIndex: 'expected', key: 'expected', align: 'right' },
        { title: t('rep.comp.submitted'), dataIndex: 'submitted', key: 'submitted', align: 'right' },
        { title: t('rep.comp.onTime'), dataIndex: 'onTime', key: 'onTime', align: 'right' },
        { title: t('rep.comp.late'), dataIndex: 'late', key: 'late', align: 'right' },
        { title: t('rep.comp.missing'), dataIndex: 'missing', key: 'missing', align: 'right', render: (v: number) => (v ? <Typography.Text type="danger">{v}</Typography.Text> : v) },
        { title: t('rep.comp.rate'), key: 'rate', align: 'right', render: (_, r) => `${rate(r.submitted, r.expected)}%`, sorter: (a, b) => rate(a.submitted, a.expected) - rate(b.submitted, b.expected) },
        { title: t('rep.comp.timeliness'), key: 'timely', align: 'right', render: (_, r) => `${rate(r.onTime, r.expected)}%`, sorter: (a, b) => rate(a.onTime, a.expected) - rate(b.onTime, b.expected) },
      ]}
    />
  );
}

interface Report {
  rows: CompletenessRow[];
  late: LateRow[];
  groups: { byUnit: CountsRow[]; byForm: CountsRow[] };
  /** The server's totals when it sends them; otherwise the page adds up the rows. */
  totals: Totals | null;
}

const counts = (x: unknown, name: string, key: string): CountsRow => {
  const o = obj(x);
  return { key: String(o[key]), name: String(o[name] ?? ''), expected: n(o.expected), submitted: n(o.submitted), onTime: n(o.onTime), late: n(o.late), missing: n(o.missing) };
};

/** The completeness report and the late list for one question, read together. */
async function loadReport(query: { planId?: number; formId?: number; period?: string; asOf: string }, signal: AbortSignal): Promise<Report> {
  const { planId, formId, asOf } = query;
  const [c, l] = await Promise.all([api.get<unknown>('/api/reporting/completeness', query, signal), api.get<unknown>('/api/reporting/late', { asOf, planId, formId }, signal)]);
  const tot = obj(obj(c).totals);
  return {
    rows: itemsOf(c, 'rows').map(toRow),
    groups: {
      byUnit: itemsOf(obj(c).byUnit).map((x) => counts(x, 'unitName', 'unitId')),
      byForm: itemsOf(obj(c).byForm).map((x) => counts(x, 'formName', 'formId')),
    },
    totals: Object.keys(tot).length ? { expected: n(tot.expected), submitted: n(tot.submitted), onTime: n(tot.onTime), late: n(tot.late), missing: n(tot.missing) } : null,
    late: itemsOf(l, 'late', 'rows').map(toLate),
  };
}

/** Completeness and timeliness per unit × form × period, and who is late with a one-click reminder. */
export default function CompletenessPage() {
  const { t } = useI18n();
  const { message } = AntApp.useApp();
  const [planId, setPlanId] = useState<number | undefined>();
  const [formId, setFormId] = useState<number | undefined>();
  const [period, setPeriod] = useState('');
  const [asOf, setAsOf] = useState(today());
  // The pickers' choices; a failure leaves a picker empty (the page still works without them).
  const plansRes = useApiGet<unknown>('/api/plans', { pageSize: 200 });
  const formsRes = useApiGet<unknown>('/api/reporting/forms');
  const plans = plansRes.failure ? [] : (itemsOf(plansRes.data, 'plans') as Plan[]);
  const forms = formsRes.failure ? [] : (itemsOf(formsRes.data, 'forms') as ReportingForm[]);
  const query = { planId, formId, period: period.trim() || undefined, asOf };
  // Each new question clears the tables until its answer comes (keepData: false), as before.
  const report = useQuery(JSON.stringify(query), (signal) => loadReport(query, signal), { keepData: false });
  const rows = report.data?.rows ?? (report.loading ? null : []);
  const late = report.data?.late ?? (report.loading ? null : []);
  const groups = report.data?.groups ?? { byUnit: [], byForm: [] };
  const error = report.error;
  const [reminding, setReminding] = useState<string | null>(null);
  const [reminded, setReminded] = useState<Set<string>>(new Set());
  // What the last 催报 did on each channel, shown until dismissed (a toast would hide a failure).
  const [delivered, setDelivered] = useState<{ unit: string; delivery: Delivery } | null>(null);

  const answer = report.data;
  const totals = useMemo((): Totals => {
    if (answer?.totals) return answer.totals;
    const s = { expected: 0, submitted: 0, onTime: 0, late: 0, missing: 0 };
    for (const r of answer?.rows ?? []) {
      s.expected += r.expected;
      s.submitted += r.submitted;
      s.onTime += r.onTime;
      s.late += r.late;
      s.missing += r.missing;
    }
    return s;
  }, [answer]);

  const remind = async (r: LateRow) => {
    const key = `${r.formId}-${r.unitId}-${r.period}`;
    setReminding(key);
    try {
      const sent = await api.post<{ delivery: Delivery }>('/api/reporting/reminders', { formId: r.formId, unitId: r.unitId, period: r.period });
      setDelivered({ unit: r.unitName, delivery: sent.delivery });
      setReminded((s) => new Set(s).add(key));
    } catch (e) {
      message.error(errorText(t, e));
    } finally {
      setReminding(null);
    }
  };

  return (
    <Space direction="vertical" style={{ width: '100%' }} size="middle">
      <Typography.Title level={3} style={{ margin: 0 }}>
        {t('rep.comp.title')}
      </Typography.Title>
      {delivered && <DeliveryReport title={t('notice.remindedTitle', { unit: delivered.unit })} delivery={delivered.delivery} onClose={() => setDelivered(null)} />}
      <Card size="small">
        <Space wrap>
          <Select
            allowClear
            style={{ width: 280 }}
            placeholder={t('rep.comp.plan')}
            value={planId}
            onChange={setPlanId}
            options={plans.map((p) => ({ value: p.id, label: p.title }))}
            data-testid="comp-plan"
          />
          <Select
            allowClear
            style={{ width: 240 }}
            placeholder={t('rep.form')}
            value={formId}
            onChange={setFormId}
            options={forms.filter((f) => !planId || f.planId === planId).map((f) => ({ value: f.id, label: f.name }))}
            data-testid="comp-form"
          />
          <Input style={{ width: 140 }} placeholder={`${t('rep.period')} 2014Q1`} value={period} onChange={(e) => setPeriod(e.target.value)} data-testid="comp-period" />
          <Space>
            <Typography.Text type="secondary">{t('rep.comp.asOf')}</Typography.Text>
            <Input type="date" style={{ width: 160 }} value={asOf} onChange={(e) => setAsOf(e.target.value || today())} data-testid="comp-asof" />
          </Space>
        </Space>
      </Card>
      {error && <Alert type="error" showIcon title={error} />}
      <Row gutter={[16, 16]} wrap>
        {(
          [
            ['rep.comp.expected', totals.expected],
            ['rep.comp.submitted', totals.submitted],
            ['rep.comp.onTime', totals.onTime],
            ['rep.comp.late', totals.late],
            ['rep.comp.missing', totals.missing],
          ] as const
        ).map(([k, v]) => (
          <Col key={k} flex="1 1 120px">
            <Card size="small">
              <Statistic title={t(k)} value={v} />
            </Card>
          </Col>
        ))}
        <Col flex="1 1 120px">
          <Card size="small">
            <Statistic title={t('rep.comp.rate')} value={rate(totals.submitted, totals.expected)} suffix="%" />
          </Card>
        </Col>
        <Col flex="1 1 120px">
          <Card size="small">
            <Statistic title={t('rep.comp.timeliness')} value={rate(totals.onTime, totals.expected)} suffix="%" />
          </Card>
        </Col>
      </Row>
      <Card title={t('rep.comp.whoIsLate')} data-testid="late-list">
        <Table<LateRow>
          size="small"
          rowKey={(r) => `${r.formId}-${r.unitId}-${r.period}`}
          loading={late === null}
          dataSource={late ?? []}
          pagination={(late?.length ?? 0) > 20 ? { pageSize: 20 } : false}
          locale={{ emptyText: t('rep.comp.noLate') }}
          columns={[
            { title: t('rep.unit'), dataIndex: 'unitName', key: 'unit' },
            { title: t('rep.form'), dataIndex: 'formName', key: 'form' },
            { title: t('rep.period'), dataIndex: 'period', key: 'period' },
            { title: t('rep.dueOn'), key: 'due', render: (_, r) => r.dueOn.slice(0, 10) },
            { title: t('rep.comp.daysLate'), dataIndex: 'daysLate', key: 'daysLate', render: (v: number) => <Typography.Text type="danger">{v}</Typography.Text> },
            { title: t('rep.status'), key: 'status', render: (_, r) => <SubmissionStatusTag status={r.status} t={t} testId="late-status" /> },
            { title: t('rep.comp.contact'), key: 'contact', render: (_, r) => r.contact ?? '—' },
            {
              title: t('common.actions'),
              key: 'remind',
              render: (_, r) => {
                const key = `${r.formId}-${r.unitId}-${r.period}`;
                return (
                  <Button size="small" loading={reminding === key} disabled={reminded.has(key)} onClick={() => void remind(r)} data-testid="late-remind">
                    {t('rep.comp.remind')}
                  </Button>
                );
              },
            },
          ]}
        />
      </Card>
      <Card>
        <Tabs
          items={[
            { key: 'unit', label: t('rep.comp.byUnit'), children: <CountsTable t={t} rows={groups.byUnit} nameTitle={t('rep.unit')} testId="comp-by-unit" /> },
            { key: 'form', label: t('rep.comp.byForm'), children: <CountsTable t={t} rows={groups.byForm} nameTitle={t('rep.form')} testId="comp-by-form" /> },
            {
              key: 'rows',
              label: t('rep.comp.detail'),
              forceRender: true,
              children: (
        <Table<CompletenessRow>
          size="small"
          rowKey={(r) => `${r.formId}-${r.unitId}-${r.period}`}
          loading={rows === null}
          dataSource={rows ?? []}
          pagination={{ pageSize: 50, hideOnSinglePage: true }}
          data-testid="completeness-table"
          columns={[
            { title: t('rep.unit'), dataIndex: 'unitName', key: 'unit', sorter: (a, b) => a.unitName.localeCompare(b.unitName, 'zh-CN') },
            { title: t('rep.form'), dataIndex: 'formName', key: 'form' },
            { title: t('rep.period'), dataIndex: 'period', key: 'period', sorter: (a, b) => a.period.localeCompare(b.period) },
            { title: t('rep.dueOn'), key: 'due', render: (_, r) => r.dueOn?.slice(0, 10) ?? '—' },
            {
              title: t('rep.status'),
              key: 'state',
              render: (_, r) =>
                r.state ? (
                  <Space size={4}>
                    <Tag color={r.state === 'on_time' ? 'green' : r.state === 'late' ? 'orange' : 'red'} data-testid="comp-state">
                      {t(r.state === 'on_time' ? 'rep.comp.onTime' : r.state === 'late' ? 'rep.comp.late' : 'rep.comp.missing')}
                    </Tag>
                    {r.status && r.status !== 'missing' && <SubmissionStatusTag status={r.status} t={t} testId="comp-status" />}
                  </Space>
                ) : null,
            },
            { title: t('rep.comp.submittedOn'), key: 'submittedOn', render: (_, r) => r.submittedOn ?? '—' },
          ]}
        />
              ),
            },
          ]}
        />
      </Card>
      <Typography.Text type="secondary">
        <Link to="/reporting/review">{t('nav.reportingReview')}</Link>
      </Typography.Text>
    </Space>
  );
}
