import { Alert, App as AntApp, Button, Card, Col, Input, InputNumber, Modal, Radio, Row, Select, Space, Table, Tag, Typography } from 'antd';
import { useCallback, useEffect, useState } from 'react';
import { Link } from 'react-router-dom';
import { ApiError, api } from '../../api/client.ts';
import type { DataElement } from '../../api/types.ts';
import { errorText } from '../../components/errors.ts';
import { itemsOf } from '../../components/reporting/lists.ts';
import { useI18n, type MessageKey } from '../../i18n/index.tsx';
import { shown } from './common.tsx';

interface Indicator {
  id: number;
  code: string;
  name: string;
  unit: string;
  status?: string;
  similarity?: number;
}

interface LinkRow {
  item: { itemId: number; text: string; scopeText: string | null; unit: string; value: number; comparator: string; deadline: string | null; baseline: { value: number | null; at: string } | null };
  link: { indicatorId: number; divisionCode: string; frequency: string; version: number } | null;
  indicator: Indicator | null;
  suggestions: Indicator[];
}

type ElementMode = 'existing' | 'new' | 'none';

interface ElementDraft {
  mode: ElementMode;
  elementId: number | null;
  code: string;
  name: string;
  valueType: 'integer' | 'number' | 'percent';
  unit: string;
  periodType: 'M' | 'Q' | 'H' | 'Y';
  temporal: 'stock' | 'flow';
}

const blankElement = (mode: ElementMode): ElementDraft => ({ mode, elementId: null, code: '', name: '', valueType: 'integer', unit: '', periodType: 'M', temporal: 'stock' });

function ElementPicker({ id, label, value, onChange, catalogue, allowNone }: { id: string; label: string; value: ElementDraft; onChange(v: ElementDraft): void; catalogue: DataElement[]; allowNone: boolean }) {
  const { t } = useI18n();
  const set = (patch: Partial<ElementDraft>) => onChange({ ...value, ...patch });
  return (
    <Card size="small" title={label} data-testid={`${id}-card`}>
      <Radio.Group
        value={value.mode}
        onChange={(e) => set({ mode: e.target.value as ElementMode })}
        options={[
          { value: 'existing', label: t('tl.el.existing') },
          { value: 'new', label: t('tl.el.new') },
          ...(allowNone ? [{ value: 'none', label: t('tl.el.none') }] : []),
        ]}
        data-testid={`${id}-mode`}
      />
      {value.mode === 'existing' && (
        <Select
          id={`${id}-element`}
          style={{ width: '100%', marginTop: 8 }}
          showSearch={{ optionFilterProp: 'label' }}
          value={value.elementId ?? undefined}
          onChange={(v: number) => set({ elementId: v })}
          options={catalogue.map((e) => ({ value: e.id, label: `${e.name}（${e.code}）` }))}
        />
      )}
      {value.mode === 'new' && (
        <Row gutter={[8, 8]} style={{ marginTop: 8 }}>
          <Col span={12}>
            <Input id={`${id}-code`} addonBefore={t('rep.el.code')} value={value.code} onChange={(e) => set({ code: e.target.value })} />
          </Col>
          <Col span={12}>
            <Input id={`${id}-name`} addonBefore={t('rep.el.name')} value={value.name} onChange={(e) => set({ name: e.target.value })} />
          </Col>
          <Col span={6}>
            <Select style={{ width: '100%' }} value={value.valueType} onChange={(v) => set({ valueType: v })} options={(['integer', 'number', 'percent'] as const).map((x) => ({ value: x, label: t(`rep.el.type.${x}` as MessageKey) }))} />
          </Col>
          <Col span={6}>
            <Input id={`${id}-unit`} placeholder={t('rep.el.unit')} value={value.unit} onChange={(e) => set({ unit: e.target.value })} />
          </Col>
          <Col span={6}>
            <Select style={{ width: '100%' }} value={value.periodType} onChange={(v) => set({ periodType: v })} options={(['M', 'Q', 'H', 'Y'] as const).map((x) => ({ value: x, label: t(`rep.period.${x}` as MessageKey) }))} />
          </Col>
          <Col span={6}>
            <Select style={{ width: '100%' }} value={value.temporal} onChange={(v) => set({ temporal: v })} options={(['stock', 'flow'] as const).map((x) => ({ value: x, label: t(`rep.el.temporal.${x}` as MessageKey) }))} />
          </Col>
        </Row>
      )}
    </Card>
  );
}

const asChoice = (d: ElementDraft) =>
  d.mode === 'existing'
    ? { elementId: d.elementId }
    : d.mode === 'new'
      ? { element: { code: d.code.trim(), name: d.name.trim(), valueType: d.valueType, unit: d.unit.trim(), periodType: d.periodType, temporal: d.temporal } }
      : null;

/** An indicator made from the target in one step: elements (existing or new), formula, level, link. */
function CreateIndicatorModal({ planId, row, onClose, onDone }: { planId: number; row: LinkRow; onClose(): void; onDone(): void }) {
  const { t } = useI18n();
  const [catalogue, setCatalogue] = useState<DataElement[]>([]);
  const [code, setCode] = useState('');
  const [name, setName] = useState(row.item.text);
  const [unit, setUnit] = useState(row.item.unit);
  const [direction, setDirection] = useState<'higher' | 'lower'>(row.item.comparator === '<=' ? 'lower' : 'higher');
  const [factor, setFactor] = useState<number | null>(row.item.unit === '%' ? 100 : 1);
  const [level, setLevel] = useState(3);
  const [frequency, setFrequency] = useState<'M' | 'Q' | 'H' | 'Y'>('Q');
  // A plan often states no baseline: the office names the period (and value, if it knows it) to
  // judge the trajectory from; without a value the indicator's own figure for that period is used.
  const [baseAt, setBaseAt] = useState(row.item.baseline?.at ?? '');
  const [baseValue, setBaseValue] = useState<number | null>(row.item.baseline?.value ?? null);
  const [numerator, setNumerator] = useState<ElementDraft>(blankElement('new'));
  const [denominator, setDenominator] = useState<ElementDraft>(blankElement(row.item.unit === '%' ? 'existing' : 'none'));
  const [error, setError] = useState<string | null>(null);
  const [problems, setProblems] = useState<{ field: string; reason: string }[]>([]);
  const [saving, setSaving] = useState(false);
  useEffect(() => {
    api.get<unknown>('/api/reporting/data-elements').then((r) => setCatalogue(itemsOf(r, 'elements') as DataElement[])).catch(() => setCatalogue([]));
  }, []);
  const submit = async () => {
    setSaving(true);
    setError(null);
    setProblems([]);
    try {
      await api.post(`/api/plans/${planId}/targets/${row.item.itemId}/indicator`, {
        code: code.trim(),
        name: name.trim(),
        unit: unit.trim(),
        direction,
        factor: factor ?? 1,
        level,
        numerator: asChoice(numerator),
        denominator: asChoice(denominator),
        link: { frequency, ...(baseAt.trim() ? { baseline: { value: baseValue, at: baseAt.trim() } } : {}) },
      });
      onDone();
    } catch (e) {
      if (e instanceof ApiError) setProblems(e.fields);
      setError(errorText(t, e));
    } finally {
      setSaving(false);
    }
  };
  return (
    <Modal
      open
      width={860}
      title={t('tl.createTitle', { target: row.item.text })}
      onCancel={onClose}
      onOk={() => void submit()}
      confirmLoading={saving}
      okText={t('tl.createOk')}
      cancelText={t('common.cancel')}
      okButtonProps={{ 'data-testid': 'tl-create-ok' } as Record<string, string>}
      destroyOnHidden
    >
      <Space orientation="vertical" style={{ width: '100%' }}>
        {error && (
          <Alert type="error" showIcon title={error} data-testid="tl-create-error" description={problems.length > 0 && <ul style={{ margin: 0, paddingLeft: 20 }}>{problems.map((p, i) => <li key={i}>{p.field}：{p.reason}</li>)}</ul>} />
        )}
        <Row gutter={[8, 8]}>
          <Col span={8}>
            <Input id="tl-code" addonBefore={t('tl.code')} value={code} onChange={(e) => setCode(e.target.value)} placeholder="FBB_PEN" />
          </Col>
          <Col span={16}>
            <Input id="tl-name" addonBefore={t('tl.name')} value={name} onChange={(e) => setName(e.target.value)} />
          </Col>
          <Col span={6}>
            <Input id="tl-unit" addonBefore={t('rep.el.unit')} value={unit} onChange={(e) => setUnit(e.target.value)} />
          </Col>
          <Col span={6}>
            <Select style={{ width: '100%' }} value={direction} onChange={setDirection} options={[{ value: 'higher', label: t('tl.higher') }, { value: 'lower', label: t('tl.lower') }]} />
          </Col>
          <Col span={6}>
            <Select id="tl-level" style={{ width: '100%' }} value={level} onChange={setLevel} options={[1, 2, 3, 4, 5].map((x) => ({ value: x, label: `${t('tl.level')}：${t(`rep.el.level.${x}` as MessageKey)}` }))} />
          </Col>
          <Col span={6}>
            <Select id="tl-frequency" style={{ width: '100%' }} value={frequency} onChange={setFrequency} options={(['M', 'Q', 'H', 'Y'] as const).map((x) => ({ value: x, label: `${t('tl.frequency')}：${t(`rep.period.${x}` as MessageKey)}` }))} />
          </Col>
        </Row>
        <Row gutter={[8, 8]}>
          <Col span={8}>
            <Input id="tl-base-at" addonBefore={t('tl.baseAt')} value={baseAt} onChange={(e) => setBaseAt(e.target.value)} placeholder="2025 · 2025Q4 · 2025M12" />
          </Col>
          <Col span={8}>
            <InputNumber id="tl-base-value" style={{ width: '100%' }} addonBefore={t('tl.baseValue')} value={baseValue} onChange={(v) => setBaseValue(v)} />
          </Col>
          <Col span={8}>
            <Typography.Text type="secondary">{t('tl.baseHelp')}</Typography.Text>
          </Col>
        </Row>
        <Typography.Text strong>{t('tl.formula')}</Typography.Text>
        <Row gutter={8}>
          <Col span={12}>
            <ElementPicker id="tl-num" label={t('tl.numerator')} value={numerator} onChange={setNumerator} catalogue={catalogue} allowNone={false} />
          </Col>
          <Col span={12}>
            <ElementPicker id="tl-den" label={t('tl.denominator')} value={denominator} onChange={setDenominator} catalogue={catalogue} allowNone />
          </Col>
        </Row>
        <Space>
          <Typography.Text>{t('tl.factor')}</Typography.Text>
          <InputNumber id="tl-factor" value={factor} onChange={(v) => setFactor(v)} />
          <Typography.Text type="secondary">{t('tl.formulaHelp')}</Typography.Text>
        </Space>
      </Space>
    </Modal>
  );
}

/**
 * The plan's targets and the indicators they are judged on: link in one click on a suggestion
 * (by name and unit), pick any indicator, or make one from the target. Works on active plans too
 * (the office only; every change is audited by the server); others see the links read-only.
 */
export function TargetLinksPanel({ planId, canEdit }: { planId: number; canEdit: boolean }) {
  const { t } = useI18n();
  const { message } = AntApp.useApp();
  const [rows, setRows] = useState<LinkRow[] | null>(null);
  const [indicators, setIndicators] = useState<Indicator[]>([]);
  const [error, setError] = useState<string | null>(null);
  const [creating, setCreating] = useState<LinkRow | null>(null);
  const [busy, setBusy] = useState<number | null>(null);
  const load = useCallback(async () => {
    try {
      const r = await api.get<{ items: LinkRow[] }>(`/api/plans/${planId}/targets/links`);
      setRows(r.items);
    } catch (e) {
      setError(errorText(t, e));
    }
  }, [planId, t]);
  useEffect(() => {
    void load();
    if (canEdit) api.get<unknown>('/api/indicators').then((r) => setIndicators((itemsOf(r, 'indicators') as (Indicator & { definition?: { name: string; unit: string } })[]).map((i) => ({ id: i.id, code: i.code, name: i.definition?.name ?? i.name, unit: i.definition?.unit ?? i.unit, status: i.status })))).catch(() => setIndicators([]));
  }, [load, canEdit]);

  const link = async (row: LinkRow, indicatorId: number) => {
    setBusy(row.item.itemId);
    try {
      await api.put(`/api/plans/${planId}/targets/${row.item.itemId}/link`, { indicatorId, ...(row.link ? { version: row.link.version } : {}) });
      message.success(t('tl.linked'));
      await load();
    } catch (e) {
      message.error(errorText(t, e));
      await load();
    } finally {
      setBusy(null);
    }
  };
  const unlink = async (row: LinkRow) => {
    if (!row.link) return;
    setBusy(row.item.itemId);
    try {
      await api.del(`/api/plans/${planId}/targets/${row.item.itemId}/link?version=${row.link.version}`);
      await load();
    } catch (e) {
      message.error(errorText(t, e));
    } finally {
      setBusy(null);
    }
  };

  return (
    <Card title={t('tl.title')} id="target-links" data-testid="target-links" extra={<Link to={`/plans/${planId}/dashboard`}>{t('dash.open')}</Link>}>
      {error && <Alert type="error" showIcon title={error} />}
      {rows && rows.length > 0 && rows.every((r) => !r.link) && <Alert type="info" showIcon title={t('tl.noneLinked')} style={{ marginBottom: 8 }} />}
      <Table<LinkRow>
        size="small"
        rowKey={(r) => r.item.itemId}
        loading={rows === null && !error}
        dataSource={rows ?? []}
        pagination={false}
        locale={{ emptyText: t('common.empty') }}
        columns={[
          {
            title: t('tl.target'),
            key: 'target',
            render: (_, r) => (
              <Space orientation="vertical" size={0}>
                <Typography.Text>{r.item.text}{r.item.scopeText ? `（${r.item.scopeText}）` : ''}</Typography.Text>
                <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                  {shown('comparator', r.item.comparator)} {r.item.value}{r.item.unit}{r.item.deadline ? ` · ${r.item.deadline}` : ''}
                </Typography.Text>
              </Space>
            ),
          },
          {
            title: t('tl.indicator'),
            key: 'indicator',
            render: (_, r) =>
              r.indicator ? (
                <Space data-testid="tl-linked">
                  <Tag color="green">{t('tl.isLinked')}</Tag>
                  {r.indicator.name}
                  <Typography.Text code>{r.indicator.code}</Typography.Text>
                  {r.link ? (
                    <Typography.Text type="secondary" data-testid="tl-linked-frequency">
                      {`${t('tl.frequency')}：${t(`rep.period.${r.link.frequency}` as MessageKey)}`}
                    </Typography.Text>
                  ) : null}
                </Space>
              ) : (
                <Tag data-testid="tl-unlinked">{t('dash.targetUnlinked')}</Tag>
              ),
          },
          ...(canEdit
            ? [
                {
                  title: t('common.actions'),
                  key: 'actions',
                  width: 460,
                  render: (_: unknown, r: LinkRow) => (
                    <Space wrap size={4} data-testid={`tl-actions-${r.item.itemId}`}>
                      {r.suggestions.map((s) => (
                        <Button key={s.id} size="small" loading={busy === r.item.itemId} onClick={() => void link(r, s.id)} data-testid="tl-suggestion">
                          {t('tl.linkTo', { name: s.name, pct: Math.round((s.similarity ?? 0) * 100) })}
                        </Button>
                      ))}
                      <Select
                        size="small"
                        style={{ width: 180 }}
                        showSearch={{ optionFilterProp: 'label' }}
                        placeholder={r.link ? t('tl.change') : t('tl.pick')}
                        value={null}
                        onChange={(v: number) => void link(r, v)}
                        options={indicators.filter((i) => i.status !== 'archived' && i.id !== r.link?.indicatorId).map((i) => ({ value: i.id, label: `${i.name}（${i.code}）` }))}
                        data-testid="tl-pick"
                      />
                      {!r.link && (
                        <Button size="small" type="primary" onClick={() => setCreating(r)} data-testid="tl-create">
                          {t('tl.create')}
                        </Button>
                      )}
                      {r.link && (
                        <Button size="small" danger type="link" onClick={() => void unlink(r)} data-testid="tl-unlink">
                          {t('tl.unlink')}
                        </Button>
                      )}
                    </Space>
                  ),
                },
              ]
            : []),
        ]}
      />
      {creating && (
        <CreateIndicatorModal
          planId={planId}
          row={creating}
          onClose={() => setCreating(null)}
          onDone={() => {
            setCreating(null);
            message.success(t('tl.created'));
            void load();
          }}
        />
      )}
    </Card>
  );
}
