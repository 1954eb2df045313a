import { Alert, App as AntApp, Button, Card, Checkbox, Col, Drawer, Empty, Input, InputNumber, Row, Select, Space, Table, Tag, Typography } from 'antd';
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { ApiError, api } from '../../api/client.ts';
import type { Reply } from '../../api/contract.ts';
import type { DataElement, PeriodType, Plan, PlanItem, ProgressEntry, ReportingDuty, SubmissionDetail, SubmissionElement } from '../../api/types.ts';
import { DivisionSelect } from '../../components/DivisionSelect.tsx';
import { errorText } from '../../components/errors.ts';
import { itemsOf } from '../../components/reporting/lists.ts';
import type { FormRowReply } from '../../components/reporting/model.ts';
import { ProgressSection } from '../../components/reporting/ProgressSection.tsx';
import { ValuesTable } from '../../components/reporting/ValuesTable.tsx';
import { useI18n, type MessageKey } from '../../i18n/index.tsx';
import { CreateModal } from './DataElementsPage.tsx';

/** What the builder opens on: a new form (optionally from a plan's duty) or an existing form. */
export type BuilderTarget = { kind: 'new'; planId?: number; dutyId?: number } | { kind: 'edit'; formId: number };

interface ChosenElement {
  elementId: number;
  code: string;
  name: string;
  unit: string;
  divisionLevel: number;
  periodType: PeriodType;
  required: boolean;
}

/** GET /api/reporting/forms/:id (generated reply), and one unit-and-division it is owed by. */
type FormDetail = Reply<'/api/reporting/forms/{id}'>;
type Assignment = FormDetail['assignments'][number];

interface Usage {
  submissions: number;
  periods: string[];
  units: { unitId: number; submissions: number }[];
  elementIds: number[];
}

/** A unit search that keeps the chosen unit's name (the assignment table shows it). */
function UnitPicker({ value, onChange, placeholder }: { value: { id: number; name: string } | null; onChange(v: { id: number; name: string } | null): void; placeholder: string }) {
  const [options, setOptions] = useState<{ value: number; label: string }[]>([]);
  const seq = useRef(0);
  const search = useCallback((q: string) => {
    const mine = ++seq.current;
    api
      .get<{ items?: { id: number; name: string }[] }>('/api/units', { q: q || undefined, pageSize: 20 })
      .then((r) => mine === seq.current && setOptions((r.items ?? []).map((u) => ({ value: u.id, label: u.name }))))
      .catch(() => mine === seq.current && setOptions([]));
  }, []);
  useEffect(() => search(''), [search]);
  return (
    <Select
      id="fb-unit"
      style={{ width: 300 }}
      showSearch={{ filterOption: false, onSearch: search }}
      allowClear
      placeholder={placeholder}
      value={value?.id ?? undefined}
      onChange={(v: number | undefined, option) => onChange(v ? { id: v, name: String((option as { label?: string } | undefined)?.label ?? v) } : null)}
      options={value && !options.some((o) => o.value === value.id) ? [{ value: value.id, label: value.name }, ...options] : options}
    />
  );
}

const FREQ_TYPE: Record<string, PeriodType> = { monthly: 'M', quarterly: 'Q', semiannual: 'H', annual: 'Y' };
const PERIOD_TYPES: PeriodType[] = ['M', 'Q', 'H', 'Y'];

/**
 * The form builder: which data elements (one can be created inline), which units report which
 * division root, which tasks' progress, the due and lock rules — and the form as its reporter will
 * see it (the reporter's own table and progress section, read-only). A form already reported on
 * is edited in place: what would strand its reports is refused by the server and named here.
 */
export function FormBuilder({ target, onClose, onSaved }: { target: BuilderTarget; onClose(): void; onSaved(formId: number): void }) {
  const { t } = useI18n();
  const { message } = AntApp.useApp();
  const editing = target.kind === 'edit';
  const [loaded, setLoaded] = useState<FormDetail | null>(null);
  const [usage, setUsage] = useState<Usage | null>(null);
  const [plans, setPlans] = useState<Plan[]>([]);
  const [duties, setDuties] = useState<ReportingDuty[]>([]);
  const [tasks, setTasks] = useState<PlanItem[]>([]);
  const [catalogue, setCatalogue] = useState<DataElement[]>([]);
  const [creatingElement, setCreatingElement] = useState(false);

  const [code, setCode] = useState('');
  const [name, setName] = useState('');
  const [planId, setPlanId] = useState<number | null>(target.kind === 'new' ? (target.planId ?? null) : null);
  const [dutyId, setDutyId] = useState<number | null>(target.kind === 'new' ? (target.dutyId ?? null) : null);
  const [periodType, setPeriodType] = useState<PeriodType | null>(null);
  const [dueDays, setDueDays] = useState<number | null>(null);
  const [graceDays, setGraceDays] = useState<number | null>(null);
  const [startsOn, setStartsOn] = useState('');
  const [endsOn, setEndsOn] = useState('');
  const [elements, setElements] = useState<ChosenElement[]>([]);
  const [assignments, setAssignments] = useState<Assignment[]>([]);
  const [includesProgress, setIncludesProgress] = useState(true);
  const [taskIds, setTaskIds] = useState<number[]>([]);
  const [newUnit, setNewUnit] = useState<{ id: number; name: string } | null>(null);
  const [newDivision, setNewDivision] = useState<{ code: string; name: string } | null>(null);
  const [previewRoot, setPreviewRoot] = useState<string | null>(null);
  const [previewRows, setPreviewRows] = useState<FormRowReply[] | null>(null);
  const [previewError, setPreviewError] = useState<string | null>(null);
  const [problems, setProblems] = useState<{ field: string; reason: string }[]>([]);
  const [error, setError] = useState<string | null>(null);
  const [saving, setSaving] = useState(false);

  // The form being edited, and what its reports already hold.
  useEffect(() => {
    if (target.kind !== 'edit') return;
    void (async () => {
      try {
        const f = await api.get<FormDetail>(`/api/reporting/forms/${target.formId}`);
        setLoaded(f);
        setCode(f.code);
        setName(f.name);
        setPlanId(f.planId);
        setDutyId(f.dutyId);
        setPeriodType(f.periodType);
        setDueDays(f.dueRule.kind === 'offset' ? f.dueRule.days : null);
        setGraceDays(f.graceDays);
        setStartsOn(f.startsOn);
        setEndsOn(f.endsOn);
        setElements(f.elements.map((e) => ({ elementId: e.elementId, code: e.code, name: e.name, unit: e.unit, divisionLevel: e.divisionLevel, periodType: e.periodType, required: e.required })));
        setAssignments(f.assignments);
        setIncludesProgress(f.includesProgress);
        setTaskIds(f.taskIds ?? []);
        setUsage(await api.get<Usage>(`/api/reporting/forms/${target.formId}/usage`));
      } catch (e) {
        setError(errorText(t, e));
      }
    })();
  }, [target, t]);

  useEffect(() => {
    api.get<unknown>('/api/plans', { status: 'active' }).then((r) => setPlans(itemsOf(r, 'plans') as Plan[])).catch(() => setPlans([]));
    api.get<unknown>('/api/reporting/data-elements').then((r) => setCatalogue(itemsOf(r, 'elements') as DataElement[])).catch(() => setCatalogue([]));
  }, []);

  // The plan's duties and tasks, when a plan is chosen.
  useEffect(() => {
    if (!planId) {
      setDuties([]);
      setTasks([]);
      return;
    }
    api.get<{ duties?: ReportingDuty[] }>(`/api/plans/${planId}/calendar`).then((r) => setDuties(r.duties ?? [])).catch(() => setDuties([]));
    api.get<{ items: PlanItem[] }>(`/api/plans/${planId}/items`, { kind: 'task' }).then((r) => setTasks((r.items ?? []).filter((i) => i.reviewStatus !== 'deleted'))).catch(() => setTasks([]));
  }, [planId]);

  const duty = duties.find((d) => d.dutyId === dutyId) ?? null;
  // A new form from a duty takes the duty's name and period type until the office changes them.
  useEffect(() => {
    if (editing || !duty) return;
    setName((n) => n || duty.what);
    setPeriodType((p) => p ?? FREQ_TYPE[duty.frequency] ?? null);
  }, [duty, editing]);

  const usedElements = new Set(usage?.elementIds ?? []);
  const reportingUnits = new Set((usage?.units ?? []).map((u) => u.unitId));
  const inUse = (usage?.submissions ?? 0) > 0;

  const addElement = (el: Pick<DataElement, 'id' | 'code' | 'name' | 'unit' | 'divisionLevel' | 'periodType'>) => {
    setElements((list) => (list.some((e) => e.elementId === el.id) ? list : [...list, { elementId: el.id, code: el.code, name: el.name, unit: el.unit, divisionLevel: el.divisionLevel, periodType: el.periodType, required: true }]));
  };

  const addAssignment = () => {
    if (!newUnit || !newDivision) return;
    setAssignments((list) => (list.some((a) => a.unitId === newUnit.id && a.divisionCode === newDivision.code) ? list : [...list, { unitId: newUnit.id, unitName: newUnit.name, divisionCode: newDivision.code, divisionName: newDivision.name }]));
    setNewUnit(null);
    setNewDivision(null);
  };

  const root = previewRoot ?? assignments[0]?.divisionCode ?? null;
  const refreshPreview = useCallback(async () => {
    if (!root || elements.length === 0) {
      setPreviewRows(null);
      return;
    }
    try {
      const r = await api.post<{ items: FormRowReply[] }>('/api/reporting/forms/preview', { elements: elements.map((e) => ({ elementId: e.elementId, required: e.required })), divisionCodes: [root] });
      setPreviewRows(r.items);
      setPreviewError(null);
    } catch (e) {
      setPreviewError(errorText(t, e));
    }
  }, [root, elements, t]);
  useEffect(() => {
    const h = setTimeout(() => void refreshPreview(), 300);
    return () => clearTimeout(h);
  }, [refreshPreview]);

  const previewUnit = assignments.find((a) => a.divisionCode === root);
  const chosenTasks = tasks.filter((x) => taskIds.length === 0 || taskIds.includes(x.id));
  // The preview rows shaped as the reporter's submission (nothing entered yet), for its own table.
  const preview = useMemo((): SubmissionDetail | null => {
    if (!previewRows) return null;
    const elementsById = new Map<number, SubmissionElement>();
    const divisions = new Map<string, string>();
    for (const r of previewRows) {
      if (!elementsById.has(r.elementId)) {
        elementsById.set(r.elementId, { id: r.elementId, code: r.elementCode, name: r.elementName, valueType: r.valueType, unit: r.unit, min: r.min, max: r.max, required: r.required, maxJumpShare: null });
      }
      divisions.set(r.divisionCode, r.divisionName);
    }
    const progress: ProgressEntry[] =
      includesProgress && planId ? chosenTasks.map((x) => ({ itemId: x.id, kind: 'task', title: String(x.data.title ?? x.data.text ?? ''), due: null, status: null, percent: null, narrative: null, problems: null })) : [];
    return {
      id: 0, formId: loaded?.id ?? 0, formName: name, unitId: previewUnit?.unitId ?? 0, unitName: previewUnit?.unitName ?? '', period: '', status: 'draft',
      revision: 0, version: 1, dueOn: null, submittedAt: null, reviewedAt: null, returnReason: null, locked: false,
      elements: [...elementsById.values()],
      divisions: [...divisions].map(([code, divisionName]) => ({ code, name: divisionName })),
      cells: previewRows.map((r) => ({ elementId: r.elementId, divisionCode: r.divisionCode, value: null, comment: null, previous: null })),
      progress,
      evidence: [],
    };
  }, [previewRows, name, previewUnit, includesProgress, planId, chosenTasks, loaded]);

  const save = async () => {
    setSaving(true);
    setProblems([]);
    setError(null);
    const schedule = {
      ...(periodType ? { periodType } : {}),
      ...(dueDays !== null && !(loaded?.dueRule.kind === 'fixed' && dueDays === null) ? { dueRule: { kind: 'offset' as const, days: dueDays } } : {}),
      ...(graceDays !== null ? { graceDays } : {}),
      ...(startsOn ? { startsOn } : {}),
      ...(endsOn ? { endsOn } : {}),
    };
    const lists = {
      elements: elements.map((e) => ({ elementId: e.elementId, required: e.required })),
      assignments: assignments.map((a) => ({ unitId: a.unitId, divisionCode: a.divisionCode })),
      includesProgress,
      taskIds: includesProgress ? taskIds : [],
    };
    try {
      const saved = loaded
        ? await api.patch<{ id: number }>(`/api/reporting/forms/${loaded.id}`, { version: loaded.version, name, planId, ...schedule, ...lists })
        : await api.post<{ id: number }>('/api/reporting/forms', { code, name, ...(planId ? { planId } : {}), ...(dutyId ? { dutyId } : {}), ...schedule, ...lists });
      message.success(t('common.saved'));
      onSaved(saved.id);
    } catch (e) {
      if (e instanceof ApiError && e.fields.length) setProblems(e.fields);
      setError(errorText(t, e));
    } finally {
      setSaving(false);
    }
  };

  const fieldLabel = (field: string) => {
    const head = field.replace(/^body\./, '').split('.')[0] ?? field;
    const key = `fb.field.${head}` as MessageKey;
    const label = t(key);
    return label === key ? field : `${label}（${field}）`;
  };

  return (
    <Drawer
      open
      onClose={onClose}
      width={Math.min(1200, typeof window === 'undefined' ? 1200 : window.innerWidth - 40)}
      title={editing ? t('fb.editTitle', { name: loaded?.name ?? '' }) : t('fb.newTitle')}
      destroyOnHidden
      data-testid="form-builder"
      extra={
        <Space>
          <Button onClick={onClose}>{t('common.cancel')}</Button>
          <Button type="primary" loading={saving} onClick={() => void save()} data-testid="fb-save">
            {t('common.save')}
          </Button>
        </Space>
      }
    >
      <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
        {inUse && (
          <Alert
            type="info"
            showIcon
            data-testid="fb-in-use"
            title={t('fb.inUse', { n: usage?.submissions ?? 0, from: usage?.periods[0] ?? '', to: usage?.periods[usage.periods.length - 1] ?? '' })}
          />
        )}
        {error && (
          <Alert
            type="error"
            showIcon
            data-testid="fb-errors"
            title={error}
            description={problems.length > 0 && <ul style={{ margin: 0, paddingLeft: 20 }}>{problems.map((p, i) => <li key={i}>{fieldLabel(p.field)}：{p.reason}</li>)}</ul>}
          />
        )}

        <Card size="small" title={t('fb.basics')}>
          <Row gutter={[16, 8]}>
            <Col xs={24} md={8}>
              <Typography.Text type="secondary">{t('rep.forms.code')}</Typography.Text>
              <Input id="fb-code" value={code} disabled={editing} onChange={(e) => setCode(e.target.value)} placeholder="HB-BB-M" />
            </Col>
            <Col xs={24} md={16}>
              <Typography.Text type="secondary">{t('rep.forms.name')}</Typography.Text>
              <Input id="fb-name" value={name} onChange={(e) => setName(e.target.value)} />
            </Col>
            <Col xs={24} md={12}>
              <Typography.Text type="secondary">{t('fb.plan')}</Typography.Text>
              <Select
                id="fb-plan"
                style={{ width: '100%' }}
                allowClear
                showSearch={{ optionFilterProp: 'label' }}
                value={planId ?? undefined}
                onChange={(v: number | undefined) => {
                  setPlanId(v ?? null);
                  setDutyId(null);
                  setTaskIds([]);
                }}
                options={[...plans.map((p) => ({ value: p.id, label: p.title })), ...(planId && !plans.some((p) => p.id === planId) ? [{ value: planId, label: `#${planId}` }] : [])]}
              />
            </Col>
            <Col xs={24} md={12}>
              <Typography.Text type="secondary">{t('fb.duty')}</Typography.Text>
              <Select
                id="fb-duty"
                style={{ width: '100%' }}
                allowClear
                disabled={editing || !planId}
                value={dutyId ?? undefined}
                onChange={(v: number | undefined) => setDutyId(v ?? null)}
                options={duties.map((d) => ({ value: d.dutyId, label: `${d.what}（${t(`plans.freq.${d.frequency}` as MessageKey)}）` }))}
              />
            </Col>
          </Row>
          {duty && !editing && (
            <Typography.Paragraph type="secondary" style={{ marginTop: 8, marginBottom: 0 }} data-testid="fb-duty-note">
              {t('fb.fromDuty', { first: duty.periods[0]?.code ?? '—', due: duty.periods[0]?.dueOn ?? '—', n: duty.periods.length })}
            </Typography.Paragraph>
          )}
        </Card>

        <Card size="small" title={t('fb.schedule')}>
          <Row gutter={[16, 8]}>
            <Col xs={12} md={4}>
              <Typography.Text type="secondary">{t('rep.el.periodType')}</Typography.Text>
              <Select
                id="fb-period-type"
                style={{ width: '100%' }}
                value={periodType ?? undefined}
                onChange={(v: PeriodType) => setPeriodType(v)}
                options={PERIOD_TYPES.map((p) => ({ value: p, label: t(`rep.period.${p}` as MessageKey) }))}
              />
            </Col>
            <Col xs={12} md={5}>
              <Typography.Text type="secondary">{t('fb.dueDays')}</Typography.Text>
              <InputNumber id="fb-due-days" style={{ width: '100%' }} min={0} max={366} value={dueDays} onChange={(v) => setDueDays(v)} placeholder={duty ? t('fb.asDuty') : ''} />
            </Col>
            <Col xs={12} md={5}>
              <Typography.Text type="secondary">{t('fb.graceDays')}</Typography.Text>
              <InputNumber id="fb-grace-days" style={{ width: '100%' }} min={0} max={365} value={graceDays} onChange={(v) => setGraceDays(v)} placeholder={duty ? t('fb.asDuty') : '15'} />
            </Col>
            <Col xs={12} md={5}>
              <Typography.Text type="secondary">{t('fb.startsOn')}</Typography.Text>
              <Input id="fb-starts-on" type="date" value={startsOn} onChange={(e) => setStartsOn(e.target.value)} />
            </Col>
            <Col xs={12} md={5}>
              <Typography.Text type="secondary">{t('fb.endsOn')}</Typography.Text>
              <Input id="fb-ends-on" type="date" value={endsOn} onChange={(e) => setEndsOn(e.target.value)} />
            </Col>
          </Row>
          <Typography.Paragraph type="secondary" style={{ marginTop: 8, marginBottom: 0 }}>
            {loaded?.dueRule.kind === 'fixed' && dueDays === null ? t('fb.fixedRule', { dates: loaded.dueRule.dates.map((d) => d ?? '—').join('、') }) : t('fb.ruleHelp')}
          </Typography.Paragraph>
        </Card>

        <Card
          size="small"
          title={t('fb.elements')}
          extra={
            <Space>
              <Select
                id="fb-add-element"
                showSearch={{ optionFilterProp: 'label' }}
                style={{ width: 320 }}
                placeholder={t('fb.addElement')}
                value={null}
                onChange={(id: number) => {
                  const el = catalogue.find((e) => e.id === id);
                  if (el) addElement(el);
                }}
                options={catalogue.filter((e) => !elements.some((x) => x.elementId === e.id)).map((e) => ({ value: e.id, label: `${e.name}（${e.code}）` }))}
              />
              <Button onClick={() => setCreatingElement(true)} data-testid="fb-new-element">
                {t('fb.newElement')}
              </Button>
            </Space>
          }
        >
          <Table<ChosenElement>
            size="small"
            rowKey="elementId"
            pagination={false}
            dataSource={elements}
            data-testid="fb-elements"
            locale={{ emptyText: t('fb.noElements') }}
            columns={[
              { title: t('rep.el.name'), key: 'name', render: (_, e) => <Space>{e.name}<Typography.Text code>{e.code}</Typography.Text></Space> },
              { title: t('rep.el.unit'), dataIndex: 'unit', key: 'unit', width: 80 },
              { title: t('rep.el.level'), key: 'level', width: 90, render: (_, e) => t(`rep.el.level.${e.divisionLevel}` as MessageKey) },
              { title: t('rep.el.periodType'), key: 'pt', width: 80, render: (_, e) => t(`rep.period.${e.periodType}` as MessageKey) },
              {
                title: t('fb.required'),
                key: 'required',
                width: 80,
                render: (_, e) => <Checkbox checked={e.required} onChange={(ev) => setElements((list) => list.map((x) => (x.elementId === e.elementId ? { ...x, required: ev.target.checked } : x)))} />,
              },
              {
                title: t('common.actions'),
                key: 'actions',
                width: 160,
                render: (_, e, i) => (
                  <Space size={4}>
                    <Button size="small" type="link" disabled={i === 0} onClick={() => setElements((list) => { const n = [...list]; [n[i - 1], n[i]] = [n[i]!, n[i - 1]!]; return n; })}>↑</Button>
                    {usedElements.has(e.elementId) ? (
                      <Tag>{t('fb.hasValues')}</Tag>
                    ) : (
                      <Button size="small" type="link" danger onClick={() => setElements((list) => list.filter((x) => x.elementId !== e.elementId))}>
                        {t('fb.remove')}
                      </Button>
                    )}
                  </Space>
                ),
              },
            ]}
          />
        </Card>

        <Card size="small" title={t('fb.assignments')}>
          <Space wrap style={{ marginBottom: 8 }}>
            <UnitPicker value={newUnit} onChange={setNewUnit} placeholder={t('rep.unit')} />
            <DivisionSelect
              id="fb-division"
              style={{ width: 300 }}
              value={newDivision?.code ?? null}
              onChange={(code) => {
                setNewDivision(code ? { code, name: code } : null);
                if (code) void api.get<{ name: string; fullName?: string }>(`/api/divisions/${code}`).then((d) => setNewDivision((cur) => (cur?.code === code ? { code, name: d.fullName ?? d.name } : cur))).catch(() => {});
              }}
              placeholder={t('fb.divisionRoot')}
            />
            <Button onClick={addAssignment} disabled={!newUnit || !newDivision} data-testid="fb-add-assignment">
              {t('fb.addAssignment')}
            </Button>
          </Space>
          <Table<Assignment>
            size="small"
            rowKey={(a) => `${a.unitId}|${a.divisionCode}`}
            pagination={false}
            dataSource={assignments}
            data-testid="fb-assignments"
            locale={{ emptyText: t('fb.noAssignments') }}
            columns={[
              { title: t('rep.unit'), dataIndex: 'unitName', key: 'unit' },
              { title: t('fb.divisionRoot'), key: 'division', render: (_, a) => `${a.divisionName}（${a.divisionCode}）` },
              {
                title: t('common.actions'),
                key: 'actions',
                width: 200,
                render: (_, a) => (
                  <Space size={4}>
                    <Button size="small" type="link" onClick={() => setPreviewRoot(a.divisionCode)}>
                      {t('fb.previewThis')}
                    </Button>
                    {reportingUnits.has(a.unitId) ? (
                      <Tag>{t('fb.hasReports')}</Tag>
                    ) : (
                      <Button size="small" type="link" danger onClick={() => setAssignments((list) => list.filter((x) => !(x.unitId === a.unitId && x.divisionCode === a.divisionCode)))}>
                        {t('fb.remove')}
                      </Button>
                    )}
                  </Space>
                ),
              },
            ]}
          />
        </Card>

        <Card size="small" title={t('fb.progress')}>
          <Space orientation="vertical" style={{ width: '100%' }}>
            <Checkbox checked={includesProgress} onChange={(e) => setIncludesProgress(e.target.checked)} disabled={!planId} data-testid="fb-includes-progress">
              {t('fb.includesProgress')}
            </Checkbox>
            {includesProgress && planId && (
              <>
                <Select
                  id="fb-tasks"
                  mode="multiple"
                  allowClear
                  style={{ width: '100%' }}
                  value={taskIds}
                  onChange={(v: number[]) => setTaskIds(v)}
                  placeholder={t('fb.allTasks')}
                  optionFilterProp="label"
                  options={tasks.map((x) => ({ value: x.id, label: String(x.data.title ?? x.data.text ?? x.id) }))}
                />
                <Typography.Text type="secondary">{t('fb.tasksHelp')}</Typography.Text>
              </>
            )}
          </Space>
        </Card>

        <Card size="small" title={previewUnit ? t('fb.previewFor', { unit: previewUnit.unitName, division: previewUnit.divisionName }) : t('fb.preview')} data-testid="fb-preview">
          {previewError && <Alert type="error" showIcon title={previewError} />}
          {!preview ? (
            <Empty description={t('fb.previewEmpty')} />
          ) : (
            <Space orientation="vertical" style={{ width: '100%' }}>
              <ValuesTable t={t} detail={preview} cells={new Map()} readOnly serverIssues={new Map()} onChange={() => {}} />
              {preview.progress.length > 0 && (
                <ProgressSection t={t} submissionId={0} entries={preview.progress} evidence={[]} readOnly serverIssues={[]} onChange={() => {}} onEvidence={() => {}} onEvidenceRemoved={() => {}} />
              )}
              <Typography.Text type="secondary">{t('fb.previewNote')}</Typography.Text>
            </Space>
          )}
        </Card>
      </Space>
      <CreateModal
        open={creatingElement}
        onClose={() => setCreatingElement(false)}
        initial={{ periodType: periodType ?? 'M', divisionLevel: elements[0]?.divisionLevel ?? 3 }}
        onCreated={(el) => {
          setCatalogue((list) => [...list, el]);
          addElement(el);
        }}
      />
    </Drawer>
  );
}
