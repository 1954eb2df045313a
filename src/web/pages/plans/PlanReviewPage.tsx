import { Alert, App as AntApp, Button, Card, Col, Form, Input, List, Modal, Row, Select, Space, Tabs, Tag, Typography } from 'antd';
import { useCallback, useEffect, useRef, useState } from 'react';
import { Link, useNavigate, useParams } from 'react-router-dom';
import { api, ApiError } from '../../api/client.ts';
import { PLAN_ITEM_KINDS, type PlanDetail, type PlanItem, type PlanItemKind } from '../../api/types.ts';
import { useAuth } from '../../auth/AuthContext.tsx';
import { errorText } from '../../components/errors.ts';
import { useI18n, type MessageKey } from '../../i18n/index.tsx';
import { Forbidden } from '../Fallbacks.tsx';
import { fieldValue, itemLabel, KIND_FIELDS, StatusTag, str } from './common.tsx';

const RS_COLOR: Record<PlanItem['reviewStatus'], string> = { pending: 'default', accepted: 'green', edited: 'blue', deleted: 'red', added: 'purple' };

function ItemModal({ kind, item, onClose, onSave }: { kind: PlanItemKind; item: PlanItem | null; onClose(): void; onSave(data: Record<string, unknown>): Promise<void> }) {
  const { t } = useI18n();
  const [form] = Form.useForm<Record<string, string>>();
  const [saving, setSaving] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const fields = KIND_FIELDS[kind];
  useEffect(() => {
    const init: Record<string, string> = {};
    for (const f of fields) init[f.name] = f.type === 'list' && Array.isArray(item?.data[f.name]) ? (item!.data[f.name] as unknown[]).map(str).join('，') : str(item?.data[f.name]);
    form.setFieldsValue(init);
  }, [item, fields, form]);
  const submit = async () => {
    const v = await form.validateFields();
    const data: Record<string, unknown> = { ...(item?.data ?? {}) };
    for (const f of fields) data[f.name] = fieldValue(f, v[f.name]);
    setError(null);
    setSaving(true);
    try {
      await onSave(data);
    } catch (e) {
      setError(errorText(t, e));
      if (e instanceof ApiError) form.setFields(e.fields.map((p) => ({ name: fields.find((f) => p.field.split('.').includes(f.name))?.name ?? '', errors: [p.reason] })).filter((x) => x.name));
    } finally {
      setSaving(false);
    }
  };
  return (
    <Modal open title={item ? t('plans.item.edit') : t('plans.item.add')} onOk={submit} onCancel={onClose} confirmLoading={saving} okText={t('common.save')} cancelText={t('common.cancel')} destroyOnHidden>
      {error && <Alert type="error" showIcon title={error} style={{ marginBottom: 16 }} />}
      <Form form={form} layout="vertical">
        {fields.map((f) => (
          <Form.Item key={f.name} name={f.name} label={t(`plans.f.${f.name}` as MessageKey)} rules={f.required ? [{ required: true, message: t('common.requiredField') }] : []}>
            {f.type === 'long' ? (
              <Input.TextArea autoSize={{ minRows: 2, maxRows: 6 }} />
            ) : f.type === 'select' ? (
              <Select options={(f.options ?? []).map((o) => ({ value: o, label: f.name === 'frequency' ? t(`plans.freq.${o}` as MessageKey) : o }))} />
            ) : (
              <Input inputMode={f.type === 'number' || f.type === 'int' ? 'decimal' : undefined} />
            )}
          </Form.Item>
        ))}
      </Form>
    </Modal>
  );
}

/** The source text with one span wrapped in a <mark> (plain slicing, no HTML injection). */
function SourceView({ text, span }: { text: string; span: [number, number] | null }) {
  const markRef = useRef<HTMLElement>(null);
  useEffect(() => {
    markRef.current?.scrollIntoView({ block: 'center', behavior: 'smooth' });
  }, [span]);
  const valid = span && span[0] >= 0 && span[1] <= text.length && span[0] < span[1];
  return (
    <div
      data-testid="plan-source"
      style={{ whiteSpace: 'pre-wrap', fontFamily: 'ui-monospace, "Noto Sans Mono CJK SC", monospace', fontSize: 13, lineHeight: 1.7, height: 'calc(100vh - 240px)', overflow: 'auto', padding: 12, background: '#fafafa', border: '1px solid #f0f0f0' }}
    >
      {valid ? (
        <>
          {text.slice(0, span[0])}
          <mark ref={markRef} data-testid="source-mark">
            {text.slice(span[0], span[1])}
          </mark>
          {text.slice(span[1])}
        </>
      ) : (
        text
      )}
    </div>
  );
}

export default function PlanReviewPage() {
  const { id } = useParams();
  const { t } = useI18n();
  const { can } = useAuth();
  const { message, modal } = AntApp.useApp();
  const navigate = useNavigate();
  const [plan, setPlan] = useState<PlanDetail | null>(null);
  const [text, setText] = useState('');
  const [items, setItems] = useState<Record<string, PlanItem[]>>({});
  const [kind, setKind] = useState<PlanItemKind>('target');
  const [selected, setSelected] = useState<PlanItem | null>(null);
  const [editing, setEditing] = useState<{ item: PlanItem | null } | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [activating, setActivating] = useState(false);

  const loadItems = useCallback(
    async (k: PlanItemKind) => {
      const res = await api.get<{ items: PlanItem[] }>(`/api/plans/${id}/items`, { kind: k });
      setItems((prev) => ({ ...prev, [k]: res.items ?? [] }));
    },
    [id],
  );

  const load = useCallback(async () => {
    setError(null);
    try {
      const [p, s] = await Promise.all([api.get<PlanDetail>(`/api/plans/${id}`), api.get<{ text: string }>(`/api/plans/${id}/source`)]);
      setPlan(p);
      setText(s.text ?? '');
      await Promise.all(PLAN_ITEM_KINDS.map(loadItems));
    } catch (e) {
      setError(errorText(t, e));
    }
  }, [id, loadItems, t]);

  useEffect(() => {
    void load();
  }, [load]);

  // Start on the first tab that has items.
  useEffect(() => {
    if (!items[kind]?.length) {
      const first = PLAN_ITEM_KINDS.find((k) => (items[k]?.length ?? 0) > 0);
      if (first && first !== kind && Object.keys(items).length === PLAN_ITEM_KINDS.length) setKind(first);
    }
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [items]);

  if (!can('managePlans')) return <Forbidden />;

  const onFail = async (e: unknown, k: PlanItemKind) => {
    if (e instanceof ApiError && e.status === 409) {
      message.warning(t('plans.stale'));
      await loadItems(k);
    } else {
      message.error(errorText(t, e));
    }
  };

  const decide = async (item: PlanItem, decision: 'accepted' | 'deleted') => {
    try {
      await api.patch(`/api/plans/${id}/items/${item.id}`, { version: item.version, decision });
      await loadItems(item.kind);
    } catch (e) {
      await onFail(e, item.kind);
    }
  };

  const save = async (data: Record<string, unknown>) => {
    const item = editing?.item ?? null;
    try {
      if (item) await api.patch(`/api/plans/${id}/items/${item.id}`, { version: item.version, data });
      else await api.post(`/api/plans/${id}/items`, { kind, data });
      message.success(t('common.saved'));
      setEditing(null);
      await loadItems(kind);
    } catch (e) {
      if (e instanceof ApiError && e.status === 409) {
        setEditing(null);
        await onFail(e, kind);
        return;
      }
      throw e;
    }
  };

  const activate = () => {
    if (!plan) return;
    modal.confirm({
      title: t('plans.activate'),
      content: t('plans.activateConfirm'),
      okText: t('common.confirm'),
      cancelText: t('common.cancel'),
      okButtonProps: { 'data-testid': 'plan-activate-confirm' } as Record<string, string>,
      onOk: async () => {
        setActivating(true);
        try {
          await api.post(`/api/plans/${id}/activate`, { version: plan.version });
          message.success(t('plans.activated'));
          navigate(`/plans/${id}`);
        } catch (e) {
          message.error(errorText(t, e));
          await load();
        } finally {
          setActivating(false);
        }
      },
    });
  };

  const renderItem = (item: PlanItem) => {
    const deleted = item.reviewStatus === 'deleted';
    const label = itemLabel(item.kind, item.data);
    return (
      <List.Item
        key={item.id}
        data-testid="plan-item"
        onClick={() => setSelected(item)}
        style={{ cursor: 'pointer', background: selected?.id === item.id ? '#fff7e6' : undefined, paddingInline: 8 }}
        actions={[
          <Button key="a" size="small" type="link" disabled={item.reviewStatus === 'accepted'} onClick={(e) => { e.stopPropagation(); void decide(item, 'accepted'); }} data-testid="item-accept">
            {t('plans.item.accept')}
          </Button>,
          <Button key="e" size="small" type="link" onClick={(e) => { e.stopPropagation(); setEditing({ item }); }} data-testid="item-edit">
            {t('plans.item.edit')}
          </Button>,
          <Button key="d" size="small" type="link" danger disabled={deleted} onClick={(e) => { e.stopPropagation(); void decide(item, 'deleted'); }} data-testid="item-delete">
            {t('plans.item.delete')}
          </Button>,
        ]}
      >
        <Space orientation="vertical" size={2} style={{ width: '100%' }}>
          <Space wrap size={4}>
            <Tag color={RS_COLOR[item.reviewStatus]} data-testid="item-status">
              {t(`plans.rs.${item.reviewStatus}` as MessageKey)}
            </Tag>
            <Typography.Text delete={deleted} type={deleted ? 'secondary' : undefined} data-testid="item-label">
              {label}
            </Typography.Text>
          </Space>
          {typeof item.data.text === 'string' && item.data.text && item.data.text !== label && (
            <Typography.Paragraph type="secondary" ellipsis={{ rows: 2 }} delete={deleted} style={{ marginBottom: 0, fontSize: 12 }}>
              {item.data.text}
            </Typography.Paragraph>
          )}
          {item.units.length > 0 && (
            <Space wrap size={4}>
              {item.units.map((u, i) => {
                const proposed = !u.unitId || u.unitStatus === 'proposed';
                return (
                  <Tag key={i} color={proposed ? 'orange' : 'blue'}>
                    {u.unitName || u.nameAsWritten}
                    {proposed ? `（${t('plans.unit.proposed')}）` : ''}
                  </Tag>
                );
              })}
            </Space>
          )}
        </Space>
      </List.Item>
    );
  };

  return (
    <Card
      title={
        <Space>
          <span data-testid="plan-title">{plan?.title}</span>
          {plan && <StatusTag status={plan.status} t={t} />}
          {plan?.docNumber && <Typography.Text type="secondary">{plan.docNumber}</Typography.Text>}
        </Space>
      }
      extra={
        <Space>
          <Link to={`/plans/${id}`}>{t('plans.overview')}</Link>
          <Button type="primary" onClick={activate} loading={activating} disabled={plan?.status !== 'draft'} data-testid="plan-activate">
            {t('plans.activate')}
          </Button>
        </Space>
      }
    >
      {error && <Alert type="error" showIcon title={error} style={{ marginBottom: 16 }} />}
      {plan && plan.status !== 'draft' && <Alert type="info" showIcon title={t('plans.notDraft')} style={{ marginBottom: 16 }} />}
      <Row gutter={16}>
        <Col xs={24} lg={12}>
          <Typography.Title level={5}>{t('plans.source')}</Typography.Title>
          <SourceView text={text} span={selected?.span ?? null} />
        </Col>
        <Col xs={24} lg={12}>
          <Tabs
            activeKey={kind}
            onChange={(k) => setKind(k as PlanItemKind)}
            tabBarExtraContent={
              <Button size="small" onClick={() => setEditing({ item: null })} data-testid="item-add">
                {t('plans.item.add')}
              </Button>
            }
            items={PLAN_ITEM_KINDS.map((k) => ({
              key: k,
              label: `${t(`plans.kind.${k}` as MessageKey)} (${items[k]?.length ?? 0})`,
              children: (
                <div style={{ height: 'calc(100vh - 300px)', overflow: 'auto' }} data-testid={`items-${k}`}>
                  <List dataSource={items[k] ?? []} renderItem={renderItem} locale={{ emptyText: t('common.empty') }} />
                </div>
              ),
            }))}
          />
        </Col>
      </Row>
      {editing && <ItemModal kind={editing.item?.kind ?? kind} item={editing.item} onClose={() => setEditing(null)} onSave={save} />}
    </Card>
  );
}
