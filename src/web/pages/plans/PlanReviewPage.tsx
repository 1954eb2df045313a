import { Alert, App as AntApp, Button, Card, Checkbox, Col, Input, List, Modal, Row, Select, Space, Tabs, Tag, Tooltip, Typography } from 'antd';
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { Link, useNavigate, useParams } from 'react-router-dom';
import { api, ApiError } from '../../api/client.ts';
import { PLAN_ITEM_KINDS, type PlanDetail, type PlanItem, type PlanItemKind } from '../../api/types.ts';
import { useAuth } from '../../auth/AuthContext.tsx';
import { errorText } from '../../components/errors.ts';
import { useI18n, type MessageKey } from '../../i18n/index.tsx';
import { Forbidden } from '../Fallbacks.tsx';
import { ChecklistPanel } from './ChecklistPanel.tsx';
import { itemLabel, StatusTag } from './common.tsx';
import { ItemModal } from './ItemModal.tsx';
import { PlanMetaModal } from './PlanMetaModal.tsx';
import { PlanUnitPicker } from './PlanUnitPicker.tsx';
import { PlanUnitsDrawer } from './PlanUnitsDrawer.tsx';
import { type Checklist, type ChecklistEntry, ROLES_OF, type UnitRole } from './review-types.ts';

const RS_COLOR: Record<PlanItem['reviewStatus'], string> = { pending: 'default', accepted: 'green', edited: 'blue', deleted: 'red', added: 'purple' };
const STATUSES: PlanItem['reviewStatus'][] = ['pending', 'accepted', 'edited', 'added', 'deleted'];

/** The source text with one span wrapped in a <mark> (plain slicing, no HTML injection); reports selections as spans. */
function SourceView({ text, span, onSelect }: { text: string; span: [number, number] | null; onSelect(sel: { span: [number, number]; text: string } | null): void }) {
  const markRef = useRef<HTMLElement>(null);
  const boxRef = useRef<HTMLDivElement>(null);
  useEffect(() => {
    markRef.current?.scrollIntoView({ block: 'center', behavior: 'smooth' });
  }, [span]);
  const valid = span && span[0] >= 0 && span[1] <= text.length && span[0] < span[1];
  // The box holds the source as text nodes only, so a range's offset from its start is the offset in the source.
  const readSelection = () => {
    const sel = window.getSelection();
    const box = boxRef.current;
    if (!sel || sel.rangeCount === 0 || sel.isCollapsed || !box) return onSelect(null);
    const r = sel.getRangeAt(0);
    if (!box.contains(r.startContainer) || !box.contains(r.endContainer)) return onSelect(null);
    const before = document.createRange();
    before.selectNodeContents(box);
    before.setEnd(r.startContainer, r.startOffset);
    const start = before.toString().length;
    const end = start + r.toString().length;
    onSelect(end > start ? { span: [start, end], text: text.slice(start, end) } : null);
  };
  return (
    <div
      ref={boxRef}
      data-testid="plan-source"
      onMouseUp={readSelection}
      onKeyUp={readSelection}
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

interface Filter {
  q: string;
  statuses: PlanItem['reviewStatus'][];
  section: string | null;
  unitId: number | null;
  /** items named by a checklist entry */
  ids: { label: string; ids: Set<number> } | null;
}
const NO_FILTER: Filter = { q: '', statuses: [], section: null, unitId: null, ids: null };

function matches(i: PlanItem, f: Filter): boolean {
  if (f.ids && !f.ids.ids.has(i.id)) return false;
  if (f.statuses.length && !f.statuses.includes(i.reviewStatus)) return false;
  if (f.section !== null && (i.data.section ?? '') !== f.section) return false;
  if (f.unitId !== null && !i.units.some((u) => u.unitId === f.unitId)) return false;
  const q = f.q.replace(/\s+/g, '').toLowerCase();
  if (q && !JSON.stringify([i.data, i.units.map((u) => [u.nameAsWritten, u.unitName])]).replace(/\s+/g, '').toLowerCase().includes(q)) return false;
  return true;
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
  const [editing, setEditing] = useState<{ item: PlanItem | null; kind: PlanItemKind; initial?: Record<string, unknown>; span?: [number, number] } | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [activating, setActivating] = useState(false);
  const [filter, setFilter] = useState<Filter>(NO_FILTER);
  const [checked, setChecked] = useState<Set<number>>(new Set());
  const [busy, setBusy] = useState(false);
  const [assigning, setAssigning] = useState<{ role: UnitRole } | null>(null);
  const [checklist, setChecklist] = useState<Checklist | null>(null);
  const [unitsOpen, setUnitsOpen] = useState(false);
  const [meta, setMeta] = useState<{ periodEnd?: number } | null>(null);
  const [sourceSel, setSourceSel] = useState<{ span: [number, number]; text: string } | null>(null);

  const loadChecklist = useCallback(async () => {
    try {
      setChecklist(await api.get<Checklist>(`/api/plans/${id}/checklist`));
    } catch {
      setChecklist(null);
    }
  }, [id]);

  const loadItems = useCallback(
    async (k: PlanItemKind) => {
      const res = await api.get<{ items: PlanItem[] }>(`/api/plans/${id}/items`, { kind: k });
      setItems((prev) => ({ ...prev, [k]: res.items ?? [] }));
    },
    [id],
  );
  const reloadAll = useCallback(async () => {
    await Promise.all([...PLAN_ITEM_KINDS.map(loadItems), loadChecklist()]);
  }, [loadItems, loadChecklist]);

  const load = useCallback(async () => {
    setError(null);
    try {
      const [p, s] = await Promise.all([api.get<PlanDetail>(`/api/plans/${id}`), api.get<{ text: string }>(`/api/plans/${id}/source`)]);
      setPlan(p);
      setText(s.text ?? '');
      await reloadAll();
    } catch (e) {
      setError(errorText(t, e));
    }
  }, [id, reloadAll, t]);

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

  const list = useMemo(() => items[kind] ?? [], [items, kind]);
  const shown = useMemo(() => list.filter((i) => matches(i, filter)), [list, filter]);
  const sections = useMemo(() => [...new Set(list.map((i) => i.data.section).filter((s): s is string => typeof s === 'string' && s !== ''))], [list]);
  const unitOptions = useMemo(() => {
    const m = new Map<number, string>();
    for (const i of list) for (const u of i.units) if (u.unitId !== null) m.set(u.unitId, u.unitName ?? u.nameAsWritten);
    return [...m].map(([value, label]) => ({ value, label }));
  }, [list]);
  const proposedCount = checklist?.entries.find((e) => e.code === 'proposed_units')?.unitIds.length ?? 0;

  if (!can('managePlans')) return <Forbidden />;

  const switchKind = (k: PlanItemKind) => {
    setKind(k);
    setChecked(new Set());
    setFilter((f) => ({ ...f, section: null, unitId: null }));
  };

  const onFail = async (e: unknown) => {
    if (e instanceof ApiError && e.status === 409) {
      message.warning(t('plans.stale'));
      await reloadAll();
    } else {
      message.error(errorText(t, e));
    }
  };

  const decide = async (item: PlanItem, decision: 'accepted' | 'deleted') => {
    try {
      await api.patch(`/api/plans/${id}/items/${item.id}`, { version: item.version, decision });
      await Promise.all([loadItems(item.kind), loadChecklist()]);
    } catch (e) {
      await onFail(e);
    }
  };

  const bulk = async (body: { action: 'accept' | 'delete' } | { action: 'assignUnit'; unitId: number; role: UnitRole }) => {
    const chosen = list.filter((i) => checked.has(i.id));
    if (!chosen.length) return;
    setBusy(true);
    try {
      const r = await api.post<{ items: PlanItem[] }>(`/api/plans/${id}/items/bulk`, { ...body, items: chosen.map((i) => ({ id: i.id, version: i.version })) });
      message.success(t('review.bulk.done', { n: r.items.length }));
      setChecked(new Set());
      await Promise.all([loadItems(kind), loadChecklist()]);
    } catch (e) {
      await onFail(e);
    } finally {
      setBusy(false);
    }
  };

  const save = async (data: Record<string, unknown>) => {
    const target = editing;
    if (!target) return;
    try {
      if (target.item) await api.patch(`/api/plans/${id}/items/${target.item.id}`, { version: target.item.version, data });
      else await api.post(`/api/plans/${id}/items`, { kind: target.kind, data, span: target.span ?? null });
      message.success(t('common.saved'));
      setEditing(null);
      setSourceSel(null);
      await Promise.all([loadItems(target.kind), loadChecklist()]);
    } catch (e) {
      if (e instanceof ApiError && e.status === 409) {
        setEditing(null);
        await onFail(e);
        return;
      }
      throw e;
    }
  };

  const fromSelection = () => {
    if (!sourceSel) return;
    const s = sourceSel.text.trim();
    const initial: Record<string, unknown> = { text: s };
    if (kind === 'task') Object.assign(initial, { title: s.slice(0, 60), leadUnits: [], responsibleUnits: [] });
    if (kind === 'milestone') Object.assign(initial, { task: null });
    if (kind === 'reporting') Object.assign(initial, { what: s.slice(0, 60), frequency: 'unspecified', due: [] });
    if (kind === 'target') Object.assign(initial, { indicator: s.slice(0, 60), comparator: '>=' });
    setEditing({ item: null, kind, initial, span: sourceSel.span });
  };

  const showEntry = (e: ChecklistEntry) => {
    const all = PLAN_ITEM_KINDS.flatMap((k) => items[k] ?? []);
    const first = all.find((i) => e.itemIds.includes(i.id));
    if (first) setKind(first.kind);
    setChecked(new Set());
    setFilter({ ...NO_FILTER, ids: { label: t(`review.check.code.${e.code}` as MessageKey, { n: e.itemIds.length }), ids: new Set(e.itemIds) } });
  };
  const editById = (itemId: number) => {
    const item = PLAN_ITEM_KINDS.flatMap((k) => items[k] ?? []).find((i) => i.id === itemId);
    if (item) {
      setKind(item.kind);
      setEditing({ item, kind: item.kind });
    }
  };

  const activate = () => {
    if (!plan || !checklist?.ready) return;
    const warnings = checklist.entries.filter((e) => e.severity === 'warning');
    modal.confirm({
      title: t('plans.activate'),
      width: 560,
      content: (
        <div>
          <p>{t('plans.activateConfirm')}</p>
          {warnings.length > 0 && (
            <>
              <Typography.Text type="warning">{t('review.activate.warnings')}</Typography.Text>
              <ul data-testid="activate-warnings">
                {warnings.map((w) => (
                  <li key={w.code}>{t(`review.check.code.${w.code}` as MessageKey, { n: w.code === 'proposed_units' ? w.unitIds.length : w.itemIds.length })}</li>
                ))}
              </ul>
            </>
          )}
        </div>
      ),
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

  const toggle = (itemId: number, on: boolean) =>
    setChecked((prev) => {
      const next = new Set(prev);
      if (on) next.add(itemId);
      else next.delete(itemId);
      return next;
    });
  const allShownChecked = shown.length > 0 && shown.every((i) => checked.has(i.id));
  const roles = ROLES_OF[kind] ?? [];

  const renderItem = (item: PlanItem) => {
    const deleted = item.reviewStatus === 'deleted';
    const label = itemLabel(item.kind, item.data);
    return (
      <List.Item
        key={item.id}
        data-testid="plan-item"
        data-item-id={item.id}
        onClick={() => setSelected(item)}
        style={{ cursor: 'pointer', background: selected?.id === item.id ? '#fff7e6' : undefined, paddingInline: 8 }}
        actions={[
          <Button key="a" size="small" type="link" disabled={item.reviewStatus === 'accepted'} onClick={(e) => { e.stopPropagation(); void decide(item, 'accepted'); }} data-testid="item-accept">
            {t('plans.item.accept')}
          </Button>,
          <Button key="e" size="small" type="link" onClick={(e) => { e.stopPropagation(); setEditing({ item, kind: item.kind }); }} data-testid="item-edit">
            {t('plans.item.edit')}
          </Button>,
          <Button key="d" size="small" type="link" danger disabled={deleted} onClick={(e) => { e.stopPropagation(); void decide(item, 'deleted'); }} data-testid="item-delete">
            {t('plans.item.delete')}
          </Button>,
        ]}
      >
        <Space align="start">
          <Checkbox checked={checked.has(item.id)} onClick={(e) => e.stopPropagation()} onChange={(e) => toggle(item.id, e.target.checked)} data-testid="item-check" />
          <Space orientation="vertical" size={2} style={{ width: '100%' }}>
            <Space wrap size={4}>
              <Tag color={RS_COLOR[item.reviewStatus]} data-testid="item-status">
                {t(`plans.rs.${item.reviewStatus}` as MessageKey)}
              </Tag>
              {typeof item.data.section === 'string' && item.data.section && <Typography.Text type="secondary">{item.data.section}</Typography.Text>}
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
                    <Tag key={i} color={proposed ? 'orange' : 'blue'} data-testid="item-unit">
                      {u.unitName || u.nameAsWritten}
                      {proposed ? `（${t('plans.unit.proposed')}）` : ''}
                    </Tag>
                  );
                })}
              </Space>
            )}
          </Space>
        </Space>
      </List.Item>
    );
  };

  const draft = plan?.status === 'draft';
  return (
    <Card
      title={
        <Space wrap>
          <span data-testid="plan-title">{plan?.title}</span>
          {plan && <StatusTag status={plan.status} t={t} />}
          {plan?.docNumber && <Typography.Text type="secondary" data-testid="plan-doc-number">{plan.docNumber}</Typography.Text>}
          {plan && (
            <Typography.Text type="secondary" data-testid="plan-period">
              {plan.periodStart ?? '?'}–{plan.periodEnd ?? '?'}
            </Typography.Text>
          )}
          {plan && plan.status !== 'archived' && (
            <Button size="small" onClick={() => setMeta({})} data-testid="plan-meta-edit">
              {t('review.meta.edit')}
            </Button>
          )}
        </Space>
      }
      extra={
        <Space>
          <Button onClick={() => setUnitsOpen(true)} data-testid="plan-units">
            {t('review.units.button', { n: proposedCount })}
          </Button>
          <Link to={`/plans/${id}`}>{t('plans.overview')}</Link>
          <Tooltip title={draft && checklist && !checklist.ready ? t('review.activate.blocked') : undefined}>
            <Button type="primary" onClick={activate} loading={activating} disabled={!draft || !checklist?.ready} data-testid="plan-activate">
              {t('plans.activate')}
            </Button>
          </Tooltip>
        </Space>
      }
    >
      {error && <Alert type="error" showIcon title={error} style={{ marginBottom: 16 }} />}
      {plan && plan.status !== 'draft' && <Alert type="info" showIcon title={t('plans.notDraft')} style={{ marginBottom: 16 }} />}
      {draft && <ChecklistPanel planId={id!} checklist={checklist} onShowItems={showEntry} onEditItem={editById} onOpenUnits={() => setUnitsOpen(true)} onEditMeta={(periodEnd) => setMeta({ periodEnd })} />}
      <Row gutter={16}>
        <Col xs={24} lg={12}>
          <Space style={{ justifyContent: 'space-between', width: '100%', marginBottom: 8 }}>
            <Typography.Title level={5} style={{ margin: 0 }}>
              {t('plans.source')}
            </Typography.Title>
            <Button size="small" disabled={!sourceSel} onClick={fromSelection} data-testid="item-from-selection">
              {t('review.fromSelection')}
            </Button>
          </Space>
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            {t('review.selectionHint')}
          </Typography.Text>
          <SourceView text={text} span={selected?.span ?? null} onSelect={setSourceSel} />
        </Col>
        <Col xs={24} lg={12}>
          <Tabs
            activeKey={kind}
            onChange={(k) => switchKind(k as PlanItemKind)}
            tabBarExtraContent={
              <Button size="small" onClick={() => setEditing({ item: null, kind })} data-testid="item-add">
                {t('plans.item.add')}
              </Button>
            }
            items={PLAN_ITEM_KINDS.map((k) => ({ key: k, label: `${t(`plans.kind.${k}` as MessageKey)} (${items[k]?.length ?? 0})` }))}
          />
          <Space wrap style={{ marginBottom: 8 }} data-testid="review-filters">
            <Input.Search allowClear placeholder={t('review.filter.q')} style={{ width: 200 }} value={filter.q} onChange={(e) => setFilter((f) => ({ ...f, q: e.target.value }))} data-testid="filter-q" />
            <Select
              mode="multiple"
              allowClear
              placeholder={t('review.filter.status')}
              style={{ minWidth: 140 }}
              value={filter.statuses}
              onChange={(v) => setFilter((f) => ({ ...f, statuses: v }))}
              options={STATUSES.map((s) => ({ value: s, label: t(`plans.rs.${s}` as MessageKey) }))}
              data-testid="filter-status"
            />
            {sections.length > 0 && (
              <Select allowClear placeholder={t('review.filter.section')} style={{ minWidth: 120 }} value={filter.section ?? undefined} onChange={(v) => setFilter((f) => ({ ...f, section: v ?? null }))} options={sections.map((s) => ({ value: s, label: s }))} data-testid="filter-section" />
            )}
            {unitOptions.length > 0 && (
              <Select allowClear showSearch={{ optionFilterProp: 'label' }} placeholder={t('review.filter.unit')} style={{ minWidth: 140 }} value={filter.unitId ?? undefined} onChange={(v) => setFilter((f) => ({ ...f, unitId: v ?? null }))} options={unitOptions} data-testid="filter-unit" />
            )}
            {filter.ids && (
              <Tag closable color="gold" onClose={() => setFilter((f) => ({ ...f, ids: null }))} data-testid="filter-checklist">
                {filter.ids.label}
              </Tag>
            )}
          </Space>
          <Space wrap style={{ marginBottom: 8 }} data-testid="bulk-bar">
            <Checkbox
              checked={allShownChecked}
              indeterminate={!allShownChecked && shown.some((i) => checked.has(i.id))}
              onChange={(e) => setChecked(e.target.checked ? new Set(shown.map((i) => i.id)) : new Set())}
              data-testid="select-all"
            >
              {t('review.selectAll')}
            </Checkbox>
            <Typography.Text type="secondary" data-testid="shown-count">
              {t('review.filter.shown', { n: shown.length, total: list.length })} · {t('review.selected', { n: checked.size })}
            </Typography.Text>
            <Button size="small" disabled={!checked.size} loading={busy} onClick={() => void bulk({ action: 'accept' })} data-testid="bulk-accept">
              {t('review.bulk.accept')}
            </Button>
            <Button
              size="small"
              danger
              disabled={!checked.size}
              loading={busy}
              onClick={() => modal.confirm({ title: t('review.bulk.deleteConfirm', { n: checked.size }), okText: t('common.confirm'), cancelText: t('common.cancel'), onOk: () => bulk({ action: 'delete' }) })}
              data-testid="bulk-delete"
            >
              {t('review.bulk.delete')}
            </Button>
            {roles.length > 0 && (
              <Button size="small" disabled={!checked.size} onClick={() => setAssigning({ role: roles[0] })} data-testid="bulk-assign">
                {t('review.bulk.assign')}
              </Button>
            )}
          </Space>
          <div style={{ height: 'calc(100vh - 360px)', overflow: 'auto' }} data-testid={`items-${kind}`}>
            <List dataSource={shown} renderItem={renderItem} locale={{ emptyText: t('common.empty') }} />
          </div>
        </Col>
      </Row>
      {editing && <ItemModal kind={editing.kind} item={editing.item} initial={editing.initial} divisionCode={plan?.divisionCode ?? null} onClose={() => setEditing(null)} onSave={save} />}
      {assigning && (
        <Modal open title={t('review.assign.title', { n: checked.size })} onCancel={() => setAssigning(null)} footer={null} destroyOnHidden>
          <Space orientation="vertical" style={{ width: '100%' }}>
            <Space>
              {t('review.assign.role')}
              <Select value={assigning.role} onChange={(role) => setAssigning({ role })} options={roles.map((r) => ({ value: r, label: t(`review.role.${r}` as MessageKey) }))} style={{ width: 140 }} data-testid="assign-role" />
            </Space>
            <PlanUnitPicker
              divisionCode={plan?.divisionCode ?? null}
              testId="assign-unit"
              onPick={(u) => {
                const role = assigning.role;
                setAssigning(null);
                void bulk({ action: 'assignUnit', unitId: u.id, role });
              }}
            />
          </Space>
        </Modal>
      )}
      {plan && (
        <PlanUnitsDrawer
          planId={id!}
          divisionCode={plan.divisionCode}
          open={unitsOpen}
          onClose={() => setUnitsOpen(false)}
          onChanged={() => void reloadAll()}
        />
      )}
      {plan && meta && (
        <PlanMetaModal
          plan={plan}
          initialPeriodEnd={meta.periodEnd}
          onClose={() => setMeta(null)}
          onSaved={() => {
            setMeta(null);
            message.success(t('review.meta.saved'));
            void load();
          }}
        />
      )}
    </Card>
  );
}
