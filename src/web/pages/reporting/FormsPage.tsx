import { Alert, App as AntApp, Button, Card, Form, Input, Modal, Space, Table, Tag, Typography } from 'antd';
import { useEffect, useState } from 'react';
import { useSearchParams } from 'react-router-dom';
import { api, formFieldErrors } from '../../api/client.ts';
import { useAuth } from '../../auth/AuthContext.tsx';
import { UnitSelect } from '../../components/UnitSelect.tsx';
import type { ReportingForm } from '../../api/types.ts';
import { errorText } from '../../components/errors.ts';
import { itemsOf, obj } from '../../components/reporting/lists.ts';
import { useI18n, type MessageKey } from '../../i18n/index.tsx';
import { type BuilderTarget, FormBuilder } from './FormBuilder.tsx';
import { appToday } from '../../layout/clock.tsx';

interface CalendarPeriod {
  code: string;
  dueOn: string;
  locksOn: string | null;
  exempt: boolean;
}

const todayChina = () => appToday();

/** Unlocks a locked period for one unit (or every unit) until a day, with a reason (admin; audited). */
function UnlockModal({ formId, period, onClose }: { formId: number; period: string | null; onClose(): void }) {
  const { t } = useI18n();
  const { message } = AntApp.useApp();
  const [form] = Form.useForm<{ unitId?: number; until: string; reason: string }>();
  const [saving, setSaving] = useState(false);
  const submit = async () => {
    const v = await form.validateFields().catch(() => null);
    if (!v || !period) return;
    setSaving(true);
    try {
      await api.post(`/api/reporting/forms/${formId}/unlock`, { unitId: v.unitId ?? null, period, until: v.until, reason: v.reason });
      message.success(t('rep.forms.unlocked', { period }));
      onClose();
    } catch (e) {
      form.setFields(formFieldErrors(e, ['unitId', 'until', 'reason']));
      message.error(errorText(t, e));
    } finally {
      setSaving(false);
    }
  };
  return (
    <Modal open={period !== null} title={t('rep.forms.unlockTitle', { period: period ?? '' })} onOk={() => void submit()} onCancel={onClose} confirmLoading={saving} okText={t('rep.forms.unlock')} cancelText={t('common.cancel')} destroyOnHidden>
      <Form form={form} layout="vertical">
        <Form.Item name="unitId" label={t('rep.unit')} extra={t('rep.forms.unlockAllUnits')}>
          <UnitSelect id="unlock-unit" />
        </Form.Item>
        <Form.Item name="until" label={t('rep.forms.until')} rules={[{ required: true, message: t('common.requiredField') }]}>
          <Input type="date" min={todayChina()} />
        </Form.Item>
        <Form.Item name="reason" label={t('rep.forms.unlockReason')} rules={[{ required: true, whitespace: true, message: t('common.requiredField') }]}>
          <Input.TextArea autoSize={{ minRows: 2, maxRows: 6 }} maxLength={2000} />
        </Form.Item>
      </Form>
    </Modal>
  );
}

function FormCalendar({ formId }: { formId: number }) {
  const { t } = useI18n();
  const { user } = useAuth();
  const [unlocking, setUnlocking] = useState<string | null>(null);
  const today = todayChina();
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
    <>
    <UnlockModal formId={formId} period={unlocking} onClose={() => setUnlocking(null)} />
    <Table<CalendarPeriod>
      size="small"
      rowKey="code"
      loading={periods === null}
      dataSource={periods ?? []}
      pagination={false}
      columns={[
        { title: t('rep.period'), dataIndex: 'code', key: 'code' },
        { title: t('rep.dueOn'), dataIndex: 'dueOn', key: 'due' },
        { title: t('rep.forms.locksOn'), key: 'locks', render: (_, p) => (p.locksOn ? <Space size={4}>{p.locksOn}{p.locksOn <= today && <Tag>{t('rep.forms.locked')}</Tag>}</Space> : '—') },
        { title: t('plans.exempt'), key: 'exempt', render: (_, p) => (p.exempt ? t('common.yes') : '') },
        {
          title: t('common.actions'),
          key: 'unlock',
          render: (_, p) =>
            user?.role === 'admin' && p.locksOn && p.locksOn <= today ? (
              <Button size="small" onClick={() => setUnlocking(p.code)} data-testid="period-unlock">
                {t('rep.forms.unlock')}
              </Button>
            ) : null,
        },
      ]}
    />
    </>
  );
}

/**
 * The office's list of forms, each with its reporting calendar; the builder creates and edits
 * them (`?plan=&duty=` opens it on a plan's reporting duty, as the plan overview links).
 */
export default function FormsPage() {
  const { t } = useI18n();
  const { user } = useAuth();
  const [search, setSearch] = useSearchParams();
  const [items, setItems] = useState<ReportingForm[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [reload, setReload] = useState(0);
  const [builder, setBuilder] = useState<BuilderTarget | null>(null);
  useEffect(() => {
    api
      .get<unknown>('/api/reporting/forms')
      .then((r) => setItems(itemsOf(r, 'forms') as ReportingForm[]))
      .catch((e) => setError(errorText(t, e)));
  }, [t, reload]);
  // Opened from a plan's reporting duty.
  useEffect(() => {
    const duty = Number(search.get('duty'));
    const plan = Number(search.get('plan'));
    if (user?.role === 'admin' && plan > 0) setBuilder({ kind: 'new', planId: plan, ...(duty > 0 ? { dutyId: duty } : {}) });
  }, [search, user]);
  const closeBuilder = () => {
    setBuilder(null);
    if (search.has('duty') || search.has('plan')) setSearch({}, { replace: true });
  };
  const isAdmin = user?.role === 'admin';
  return (
    <Space direction="vertical" style={{ width: '100%' }} size="middle">
      {builder && (
        <FormBuilder
          target={builder}
          onClose={closeBuilder}
          onSaved={() => {
            closeBuilder();
            setReload((n) => n + 1);
          }}
        />
      )}
      <Space style={{ width: '100%', justifyContent: 'space-between' }}>
        <Typography.Title level={3} style={{ margin: 0 }}>
          {t('rep.forms.title')}
        </Typography.Title>
        {isAdmin && (
          <Button type="primary" onClick={() => setBuilder({ kind: 'new' })} data-testid="form-create">
            {t('fb.create')}
          </Button>
        )}
      </Space>
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
            // The list carries no counts today; the columns appear once it does.
            ...(items?.some((f) => f.elementCount !== undefined || Array.isArray(obj(f).elements))
              ? [
                  { title: t('rep.forms.elements'), key: 'elements', render: (_: unknown, f: ReportingForm) => f.elementCount ?? (obj(f).elements as unknown[] | undefined)?.length ?? '—' },
                  { title: t('rep.forms.assignments'), key: 'assignments', render: (_: unknown, f: ReportingForm) => f.assignmentCount ?? (obj(f).assignments as unknown[] | undefined)?.length ?? '—' },
                ]
              : []),
            { title: t('rep.forms.progress'), key: 'progress', render: (_, f) => (f.includesProgress === false ? t('common.no') : t('common.yes')) },
            { title: t('rep.status'), key: 'status', render: (_, f) => <Tag color={f.status === 'active' ? 'green' : 'default'}>{t(`rep.forms.status.${f.status}` as MessageKey)}</Tag> },
            ...(isAdmin
              ? [
                  {
                    title: t('common.actions'),
                    key: 'edit',
                    render: (_: unknown, f: ReportingForm) => (
                      <Button size="small" onClick={() => setBuilder({ kind: 'edit', formId: f.id })} data-testid="form-edit">
                        {t('fb.edit')}
                      </Button>
                    ),
                  },
                ]
              : []),
          ]}
        />
      </Card>
    </Space>
  );
}
