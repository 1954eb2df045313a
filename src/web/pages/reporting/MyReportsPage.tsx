import { Alert, App as AntApp, Button, Card, Progress, Space, Table, Tag, Typography } from 'antd';
import { useCallback, useEffect, useState } from 'react';
import { Link, useNavigate } from 'react-router-dom';
import { api } from '../../api/client.ts';
import type { DueReport, MyTask, ProgressStatus, SubmissionStatus } from '../../api/types.ts';
import { errorText } from '../../components/errors.ts';
import { daysUntil, periodLabel } from '../../components/reporting/model.ts';
import { DueTag, ProgressStatusTag, SubmissionStatusTag } from '../../components/reporting/tags.tsx';
import { useI18n, type MessageKey } from '../../i18n/index.tsx';

type Json = Record<string, unknown>;
const obj = (v: unknown): Json => (v && typeof v === 'object' && !Array.isArray(v) ? (v as Json) : {});
const arr = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);
const numOrNull = (v: unknown) => (v === null || v === undefined ? null : Number(v));

function toDue(raw: unknown, unitId: number): DueReport {
  const r = obj(raw);
  const sub = obj(r.submission);
  const dueOn = String(r.dueOn ?? r.due ?? '');
  const rawStatus = r.status ?? sub.status ?? null;
  const status = (rawStatus === 'not_started' ? null : rawStatus) as SubmissionStatus | null;
  return {
    formId: Number(r.formId ?? obj(r.form).id),
    formName: String(r.formName ?? obj(r.form).name ?? ''),
    unitId: Number(r.unitId ?? obj(r.unit).id ?? unitId) || unitId,
    unitName: r.unitName !== undefined ? String(r.unitName) : undefined,
    period: String(r.period ?? ''),
    dueOn,
    locksOn: r.locksOn ? String(r.locksOn) : null,
    overdue: r.overdue !== undefined ? r.overdue === true : !!dueOn && daysUntil(dueOn) < 0 && status !== 'submitted' && status !== 'approved',
    submissionId: numOrNull(r.submissionId ?? sub.id),
    status,
    returnReason: (r.returnReason ?? sub.returnReason ?? null) as string | null,
  };
}

function toTask(raw: unknown): MyTask {
  const r = obj(raw);
  const data = obj(r.data);
  return {
    itemId: Number(r.itemId ?? r.id),
    kind: String(r.kind ?? 'task'),
    title: String(r.title ?? data.title ?? data.text ?? ''),
    planId: Number(r.planId ?? 0),
    planTitle: r.planTitle !== undefined ? String(r.planTitle) : undefined,
    due: (r.due ?? data.due ?? null) as string | null,
    role: r.role !== undefined ? String(r.role) : undefined,
    status: (r.status ?? obj(r.progress).status ?? null) as ProgressStatus | null,
    percent: numOrNull(r.percent ?? obj(r.progress).percent),
  };
}

/** The reporter's landing page: what is due or overdue, and the tasks and milestones it leads or shares. */
export default function MyReportsPage() {
  const { t, locale } = useI18n();
  const { message } = AntApp.useApp();
  const navigate = useNavigate();
  const [due, setDue] = useState<DueReport[] | null>(null);
  const [tasks, setTasks] = useState<MyTask[]>([]);
  const [error, setError] = useState<string | null>(null);
  const [opening, setOpening] = useState<string | null>(null);

  const load = useCallback(async () => {
    try {
      const res = obj(await api.get<unknown>('/api/reporting/my'));
      const unitId = Number(res.unitId ?? 0);
      const reports = arr(res.reports ?? res.due ?? res.items).map((r) => toDue(r, unitId));
      // Overdue first, then by due date.
      reports.sort((a, b) => Number(b.overdue) - Number(a.overdue) || a.dueOn.localeCompare(b.dueOn));
      // The office's reason for a return is on the submission itself; returned reports are few.
      await Promise.all(
        reports
          .filter((r) => r.status === 'returned' && !r.returnReason && r.submissionId)
          .map(async (r) => {
            const sub = obj(await api.get<unknown>(`/api/reporting/submissions/${r.submissionId}`).catch(() => null));
            r.returnReason = (sub.returnReason as string | null | undefined) ?? null;
          }),
      );
      setDue(reports);
      setTasks([...arr(res.tasks), ...arr(res.milestones)].map(toTask));
      setError(null);
    } catch (e) {
      setError(errorText(t, e));
    }
  }, [t]);

  useEffect(() => {
    void load();
  }, [load]);

  const open = async (r: DueReport) => {
    if (r.submissionId) {
      navigate(`/reporting/submissions/${r.submissionId}`);
      return;
    }
    const key = `${r.formId}-${r.period}`;
    setOpening(key);
    try {
      const res = obj(await api.post<unknown>('/api/reporting/submissions', { formId: r.formId, unitId: r.unitId, period: r.period }));
      const sid = Number(res.id ?? obj(res.submission).id);
      navigate(`/reporting/submissions/${sid}`);
    } catch (e) {
      message.error(errorText(t, e));
    } finally {
      setOpening(null);
    }
  };

  if (error) return <Alert type="error" showIcon title={error} action={<Button onClick={() => void load()}>{t('common.retry')}</Button>} />;

  return (
    <Space direction="vertical" style={{ width: '100%' }} size="middle">
      <Typography.Title level={3} style={{ margin: 0 }}>
        {t('rep.my.title')}
      </Typography.Title>
      <Card title={t('rep.my.due')} data-testid="my-due">
        <Table<DueReport>
          size="middle"
          loading={due === null}
          rowKey={(r) => `${r.formId}-${r.unitId}-${r.period}`}
          dataSource={due ?? []}
          pagination={false}
          locale={{ emptyText: t('rep.my.noDue') }}
          rowClassName={(r) => (r.overdue ? 'rep-overdue' : '')}
          columns={[
            {
              title: t('rep.form'),
              key: 'form',
              render: (_, r) => (
                <Space direction="vertical" size={0}>
                  <Typography.Text strong>{r.formName}</Typography.Text>
                  {r.status === 'returned' && r.returnReason && (
                    <Typography.Text type="warning" style={{ fontSize: 12 }}>
                      {t('rep.my.returned', { reason: r.returnReason })}
                    </Typography.Text>
                  )}
                </Space>
              ),
            },
            ...(due?.some((r) => r.unitName) ? [{ title: t('rep.unit'), key: 'unit', render: (_: unknown, r: DueReport) => r.unitName }] : []),
            {
              title: t('rep.period'),
              key: 'period',
              render: (_, r) => (
                <Space size={4}>
                  <span>{periodLabel(r.period, locale)}</span>
                  <Typography.Text type="secondary">{r.period}</Typography.Text>
                </Space>
              ),
            },
            {
              title: t('rep.dueOn'),
              key: 'due',
              render: (_, r) => (
                <Space>
                  <span>{r.dueOn.slice(0, 10)}</span>
                  <DueTag dueOn={r.dueOn} done={r.status === 'submitted' || r.status === 'approved'} t={t} />
                </Space>
              ),
            },
            { title: t('rep.status'), key: 'status', render: (_, r) => <SubmissionStatusTag status={r.status} t={t} testId="due-status" /> },
            {
              title: t('common.actions'),
              key: 'actions',
              render: (_, r) => {
                const editable = r.status === null || r.status === 'draft' || r.status === 'returned';
                return (
                  <Button type={editable ? 'primary' : 'default'} size="small" loading={opening === `${r.formId}-${r.period}`} onClick={() => void open(r)} data-testid="due-open">
                    {editable ? t('rep.open') : t('rep.view')}
                  </Button>
                );
              },
            },
          ]}
        />
      </Card>
      <Card title={t('rep.my.tasks')} data-testid="my-tasks">
        <Table<MyTask>
          size="middle"
          rowKey="itemId"
          dataSource={tasks}
          pagination={tasks.length > 20 ? { pageSize: 20 } : false}
          locale={{ emptyText: t('rep.my.noTasks') }}
          columns={[
            {
              title: t('rep.conflict.field'),
              key: 'title',
              render: (_, r) => (
                <Space>
                  <Tag>{t(`rep.kind.${r.kind === 'milestone' ? 'milestone' : 'task'}` as MessageKey)}</Tag>
                  <span>{r.title}</span>
                </Space>
              ),
            },
            {
              title: t('rep.my.plan'),
              key: 'plan',
              render: (_, r) => (r.planId ? <Link to={`/plans/${r.planId}`}>{r.planTitle ?? `#${r.planId}`}</Link> : null),
            },
            {
              title: t('rep.my.role'),
              key: 'role',
              render: (_, r) => (r.role === 'lead' || r.role === 'responsible' ? t(`rep.my.role.${r.role}` as MessageKey) : null),
            },
            { title: t('rep.dueOn'), key: 'due', render: (_, r) => r.due ?? '—' },
            { title: t('rep.status'), key: 'status', render: (_, r) => <ProgressStatusTag status={r.status} t={t} /> },
            {
              title: t('rep.my.percent'),
              key: 'percent',
              width: 160,
              render: (_, r) => (r.percent === null || r.percent === undefined ? '—' : <Progress percent={r.percent} size="small" />),
            },
          ]}
        />
      </Card>
    </Space>
  );
}
