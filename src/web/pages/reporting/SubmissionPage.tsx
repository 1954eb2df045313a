import { Alert, App as AntApp, Button, Card, Col, Descriptions, Result, Row, Space, Tabs, Typography, Upload } from 'antd';
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { Link, useParams } from 'react-router-dom';
import { ApiError, api } from '../../api/client.ts';
import type { EvidenceFile, ProgressEntry, SubmissionDetail, SubmissionIssue } from '../../api/types.ts';
import { useAuth } from '../../auth/AuthContext.tsx';
import { errorText } from '../../components/errors.ts';
import { ConflictModal, type ConflictRow } from '../../components/reporting/ConflictModal.tsx';
import { IssueList, UploadErrors } from '../../components/reporting/IssueList.tsx';
import { cellKey, fmtValue, hhmmss, issuesOf, localReason, type EvidenceReply, type SubmissionReply, periodLabel, toSubmissionView, validationIssues, versionOf } from '../../components/reporting/model.ts';
import { ProgressSection } from '../../components/reporting/ProgressSection.tsx';
import { ReviewPanel } from '../../components/reporting/ReviewPanel.tsx';
import { DueTag, SubmissionStatusTag } from '../../components/reporting/tags.tsx';
import { ValuesTable, type CellDraft } from '../../components/reporting/ValuesTable.tsx';
import { useI18n, type MessageKey } from '../../i18n/index.tsx';

/** Time after the last change before the draft is saved. */
const AUTOSAVE_MS = 1500;

type SaveState = { kind: 'idle' } | { kind: 'pending' } | { kind: 'saving' } | { kind: 'saved'; at: Date } | { kind: 'error'; message: string };

interface Conflict {
  version: number;
  fresh: SubmissionDetail;
  rows: ConflictRow[];
}

const EDITABLE = new Set(['draft', 'returned']);

/** A stale save (someone saved in between), as opposed to a report that is no longer editable. */
function isVersionConflict(e: unknown): boolean {
  if (!(e instanceof ApiError) || e.status !== 409) return false;
  if (e.details.current !== undefined || e.details.yours !== undefined) return true;
  const fields = e.fields.map((f) => f.field);
  return fields.includes('version') || fields.includes('body.version');
}

export default function SubmissionPage() {
  const { id } = useParams();
  const { t, locale } = useI18n();
  const { user, can } = useAuth();
  const { message, modal } = AntApp.useApp();
  const [detail, setDetail] = useState<SubmissionDetail | null>(null);
  const [loadError, setLoadError] = useState<unknown>(null);
  const [cells, setCells] = useState<Map<string, CellDraft>>(new Map());
  const [progress, setProgress] = useState<ProgressEntry[]>([]);
  const [evidence, setEvidence] = useState<EvidenceFile[]>([]);
  const [save, setSave] = useState<SaveState>({ kind: 'idle' });
  const [version, setVersion] = useState(1);
  const [issues, setIssues] = useState<SubmissionIssue[]>([]);
  // What submit would say about the saved draft, shown beside the cells as one types (not as a refusal).
  const [liveIssues, setLiveIssues] = useState<SubmissionIssue[]>([]);
  const [uploadIssues, setUploadIssues] = useState<SubmissionIssue[]>([]);
  const [conflict, setConflict] = useState<Conflict | null>(null);
  const [busy, setBusy] = useState<'submit' | 'upload' | 'conflict' | null>(null);

  // The autosave works on refs so a save in flight always sees the latest edits and version.
  const versionRef = useRef(1);
  const cellsRef = useRef(cells);
  const progressRef = useRef(progress);
  const dirtyCells = useRef(new Map<string, number>());
  const dirtyProgress = useRef(new Map<number, number>());
  const editSeq = useRef(0);
  const timer = useRef<ReturnType<typeof setTimeout> | null>(null);
  const inflight = useRef<Promise<boolean> | null>(null);
  const conflictRef = useRef(false);

  const apply = useCallback((d: SubmissionDetail) => {
    const m = new Map<string, CellDraft>();
    for (const c of d.cells) m.set(cellKey(c.elementId, c.divisionCode), { value: c.value, comment: c.comment });
    cellsRef.current = m;
    progressRef.current = d.progress;
    versionRef.current = d.version;
    dirtyCells.current.clear();
    dirtyProgress.current.clear();
    setDetail(d);
    setCells(m);
    setProgress(d.progress);
    setEvidence(d.evidence);
    setVersion(d.version);
  }, []);

  const fetchDetail = useCallback(async () => {
    const reply = await api.get<SubmissionReply>(`/api/reporting/submissions/${id}`);
    const files = await api.get<{ items: EvidenceReply[] }>(`/api/reporting/submissions/${id}/evidence`).catch(() => null);
    return toSubmissionView(reply, files?.items ?? []);
  }, [id]);

  const refreshLive = useCallback(async () => {
    const res = await api.get<unknown>(`/api/reporting/submissions/${id}/validation`).catch(() => null);
    // Empty required cells are the form being filled in, not news: they are named on submit.
    if (res) setLiveIssues(validationIssues(res).filter((i) => i.rule !== 'required' && !i.commented));
  }, [id]);

  const load = useCallback(async () => {
    try {
      apply(await fetchDetail());
      setLoadError(null);
      void refreshLive();
    } catch (e) {
      setLoadError(e);
    }
  }, [apply, fetchDetail, refreshLive]);

  useEffect(() => {
    void load();
    return () => {
      if (timer.current) clearTimeout(timer.current);
    };
  }, [load]);

  const labelOfCell = useCallback(
    (key: string, d: SubmissionDetail) => {
      const [elementId, divisionCode] = key.split('@');
      const el = d.elements.find((e) => String(e.id) === elementId);
      const div = d.divisions.find((x) => x.code === divisionCode);
      return d.divisions.length > 1 ? `${div?.name ?? divisionCode} · ${el?.name ?? elementId}` : (el?.name ?? elementId ?? key);
    },
    [],
  );

  const conflictRows = useCallback(
    (fresh: SubmissionDetail): ConflictRow[] => {
      const theirs = new Map(fresh.cells.map((c) => [cellKey(c.elementId, c.divisionCode), c]));
      const rows: ConflictRow[] = [];
      for (const key of dirtyCells.current.keys()) {
        const mine = cellsRef.current.get(key);
        const other = theirs.get(key);
        const label = labelOfCell(key, fresh);
        const a = other?.value ?? null;
        const b = mine?.value ?? null;
        if (a !== b) rows.push({ key, label, theirs: a === null ? null : fmtValue(a), yours: b === null ? null : fmtValue(b) });
        if ((other?.comment ?? null) !== (mine?.comment ?? null)) rows.push({ key: `${key}#c`, label: `${label} · ${t('rep.sub.comment')}`, theirs: other?.comment ?? null, yours: mine?.comment ?? null });
      }
      const theirProgress = new Map(fresh.progress.map((p) => [p.itemId, p]));
      for (const itemId of dirtyProgress.current.keys()) {
        const mine = progressRef.current.find((p) => p.itemId === itemId);
        const other = theirProgress.get(itemId);
        if (!mine) continue;
        const fields: [string, (p: ProgressEntry | undefined) => string | null][] = [
          [t('rep.status'), (p) => (p?.status ? t(`rep.progress.${p.status}` as MessageKey) : null)],
          [t('rep.sub.percent'), (p) => (p?.percent === null || p?.percent === undefined ? null : `${p.percent}%`)],
          [t('rep.sub.narrative'), (p) => p?.narrative ?? null],
          [t('rep.sub.problems'), (p) => p?.problems ?? null],
        ];
        for (const [name, get] of fields) {
          if (get(other) !== get(mine)) rows.push({ key: `p${itemId}-${name}`, label: `${mine.title} · ${name}`, theirs: get(other), yours: get(mine) });
        }
      }
      return rows;
    },
    [labelOfCell, t],
  );


  /**
   * Saves what changed since the last save. Resolves true when nothing is left unsaved; false on a
   * conflict (the modal takes over) or an error. Saves never overlap: a second call waits.
   */
  const saveNow = useCallback(async (): Promise<boolean> => {
    if (timer.current) {
      clearTimeout(timer.current);
      timer.current = null;
    }
    while (inflight.current) await inflight.current;
    if (conflictRef.current) return false;
    if (dirtyCells.current.size === 0 && dirtyProgress.current.size === 0) return true;
    const sentCells = new Map(dirtyCells.current);
    const sentProgress = new Map(dirtyProgress.current);
    const values = [...sentCells.keys()].map((key) => {
      const [elementId, divisionCode] = key.split('@');
      const c = cellsRef.current.get(key) ?? { value: null, comment: null };
      return { elementId: Number(elementId), divisionCode: divisionCode!, value: c.value, comment: c.comment };
    });
    const progressBody = progressRef.current
      .filter((p) => sentProgress.has(p.itemId) && p.status)
      .map((p) => ({ itemId: p.itemId, status: p.status!, percent: p.percent, narrative: p.narrative, problems: p.problems }));
    const body = { version: versionRef.current, values, ...(progressBody.length ? { progress: progressBody } : {}) };
    setSave({ kind: 'saving' });
    const run = (async (): Promise<'done' | 'more' | 'stop'> => {
      try {
        const res = await api.put<unknown>(`/api/reporting/submissions/${id}/draft`, body);
        versionRef.current = versionOf(res, versionRef.current + 1);
        setVersion(versionRef.current);
        // Only what was not edited again while the save was in flight counts as saved.
        for (const [k, seq] of sentCells) if (dirtyCells.current.get(k) === seq) dirtyCells.current.delete(k);
        for (const [k, seq] of sentProgress) if (dirtyProgress.current.get(k) === seq) dirtyProgress.current.delete(k);
        const more = dirtyCells.current.size > 0 || dirtyProgress.current.size > 0;
        if (!more) void refreshLive();
        setSave(more ? { kind: 'pending' } : { kind: 'saved', at: new Date() });
        return more ? 'more' : 'done';
      } catch (e) {
        if (isVersionConflict(e)) {
          conflictRef.current = true;
          const fresh = await fetchDetail().catch(() => null);
          const currentVersion = fresh?.version ?? versionOf((e as ApiError).details.current, versionRef.current);
          if (fresh) setConflict({ version: currentVersion, fresh, rows: conflictRows(fresh) });
          setSave({ kind: 'error', message: t('rep.conflict.title') });
          return 'stop';
        }
        setSave({ kind: 'error', message: errorText(t, e) });
        return 'stop';
      }
    })();
    const tracked = run.then((r) => r !== 'stop');
    inflight.current = tracked;
    try {
      const r = await run;
      // Edits that arrived during the save go out after the usual pause.
      if (r === 'more') timer.current = setTimeout(() => void saveNow(), AUTOSAVE_MS);
      return r === 'done';
    } finally {
      inflight.current = null;
    }
  }, [id, fetchDetail, conflictRows, refreshLive, t]);

  const schedule = useCallback(() => {
    if (timer.current) clearTimeout(timer.current);
    setSave({ kind: 'pending' });
    timer.current = setTimeout(() => void saveNow(), AUTOSAVE_MS);
  }, [saveNow]);

  const onCell = useCallback(
    (key: string, next: CellDraft) => {
      const m = new Map(cellsRef.current);
      m.set(key, next);
      cellsRef.current = m;
      setCells(m);
      dirtyCells.current.set(key, ++editSeq.current);
      schedule();
    },
    [schedule],
  );

  const onProgress = useCallback(
    (next: ProgressEntry) => {
      const list = progressRef.current.map((p) => (p.itemId === next.itemId ? next : p));
      progressRef.current = list;
      setProgress(list);
      dirtyProgress.current.set(next.itemId, ++editSeq.current);
      schedule();
    },
    [schedule],
  );

  // Leaving with unsaved edits: the browser asks first.
  useEffect(() => {
    const warn = (e: BeforeUnloadEvent) => {
      if (dirtyCells.current.size || dirtyProgress.current.size) e.preventDefault();
    };
    window.addEventListener('beforeunload', warn);
    return () => window.removeEventListener('beforeunload', warn);
  }, []);

  const takeTheirs = () => {
    if (!conflict) return;
    conflictRef.current = false;
    apply(conflict.fresh);
    setConflict(null);
    setSave({ kind: 'saved', at: new Date() });
  };

  const keepMine = async () => {
    if (!conflict) return;
    setBusy('conflict');
    // A deliberate overwrite: the same edits again, now against the version that won.
    versionRef.current = conflict.version;
    conflictRef.current = false;
    setConflict(null);
    await saveNow();
    setBusy(null);
  };

  // Submitting hands the report to the office and locks it until reviewed: the reporter says so first.
  const confirmSubmit = () => {
    if (!detail) return;
    const empty = detail.cells.filter((c) => {
      const v = cellsRef.current.get(cellKey(c.elementId, c.divisionCode))?.value;
      return v === null || v === undefined;
    }).length;
    modal.confirm({
      title: t('rep.sub.confirmTitle', { form: detail.formName, period: periodLabel(detail.period, locale) }),
      content: (
        <div data-testid="submit-confirm">
          <p>{t('rep.sub.confirmBody')}</p>
          {empty > 0 && <Typography.Text type="warning">{t('rep.sub.confirmEmpty', { n: empty })}</Typography.Text>}
        </div>
      ),
      okText: t('rep.sub.confirmOk'),
      cancelText: t('common.cancel'),
      okButtonProps: { 'data-testid': 'submit-confirm-ok' } as Record<string, string>,
      cancelButtonProps: { 'data-testid': 'submit-confirm-cancel' } as Record<string, string>,
      onOk: () => void submit(),
    });
  };

  const submit = async () => {
    if (!detail) return;
    setBusy('submit');
    setIssues([]);
    try {
      if (!(await saveNow())) return;
      await api.post(`/api/reporting/submissions/${detail.id}/submit`, { version: versionRef.current });
      message.success(t('rep.sub.submitted'));
      await load();
    } catch (e) {
      const list = issuesOf(e);
      if (list.length) setIssues(list);
      else message.error(errorText(t, e));
      if (e instanceof ApiError && e.status === 409) await load();
    } finally {
      setBusy(null);
    }
  };

  const upload = async (file: File, overwrite = false) => {
    if (!detail) return;
    setBusy('upload');
    setUploadIssues([]);
    try {
      if (!(await saveNow())) return;
      const fd = new FormData();
      fd.append('file', file, file.name);
      const res = await api.upload<Record<string, unknown>>(`/api/reporting/submissions/${detail.id}/upload${overwrite ? '?overwrite=true' : ''}`, fd);
      message.success(t('rep.sub.uploaded', { n: Number(res?.stored ?? res?.imported ?? 0) }));
      await load();
    } catch (e) {
      // The report changed after the template was downloaded: replacing it is the user's call.
      if (e instanceof ApiError && e.status === 409 && !overwrite && EDITABLE.has(detail.status)) {
        modal.confirm({
          title: t('rep.sub.uploadStale'),
          content: localReason(e.message, locale),
          okText: t('rep.sub.uploadOverwrite'),
          okButtonProps: { danger: true },
          cancelText: t('common.cancel'),
          onOk: () => upload(file, true),
        });
        return;
      }
      const list = issuesOf(e);
      if (list.length) setUploadIssues(list);
      else message.error(errorText(t, e));
    } finally {
      setBusy(null);
    }
  };

  // Server problems per cell: the API names cells by element code and division.
  const issuesByCell = useMemo(() => {
    const m = new Map<string, SubmissionIssue[]>();
    if (!detail) return m;
    const byCode = new Map(detail.elements.map((e) => [e.code, e.id]));
    const live = liveIssues.filter((l) => !issues.some((i) => i.field === l.field && i.reason === l.reason));
    for (const i of [...issues, ...live]) {
      let elementId = i.elementId ?? (i.elementCode ? byCode.get(i.elementCode) : undefined);
      let divisionCode = i.divisionCode;
      const addr = /^values\[([^@\]]+)@([^\]]+)\]/.exec(i.field);
      if (addr) {
        elementId ??= byCode.get(addr[1]!);
        divisionCode ??= addr[2];
      }
      if (elementId === undefined || !divisionCode) continue;
      const k = cellKey(elementId, divisionCode);
      m.set(k, [...(m.get(k) ?? []), i]);
    }
    return m;
  }, [detail, issues, liveIssues]);

  const issueLabel = useCallback(
    (i: SubmissionIssue) => {
      if (!detail) return i.field;
      if (i.itemId !== undefined) return detail.progress.find((p) => p.itemId === i.itemId)?.title ?? i.field;
      for (const [k, list] of issuesByCell) if (list.includes(i)) return labelOfCell(k, detail);
      return i.field;
    },
    [detail, issuesByCell, labelOfCell],
  );

  if (loadError) {
    if (loadError instanceof ApiError && loadError.status === 403) {
      return <Result status="403" title="403" subTitle={t('rep.sub.forbidden')} extra={<Link to="/reporting/my">{t('nav.reportingMy')}</Link>} data-testid="submission-forbidden" />;
    }
    if (loadError instanceof ApiError && loadError.status === 404) return <Result status="404" title="404" subTitle={t('common.notFound')} />;
    return <Alert type="error" showIcon title={errorText(t, loadError)} action={<Button onClick={() => void load()}>{t('common.retry')}</Button>} />;
  }
  if (!detail) return <Card loading />;

  const mayWrite = can('report') && (user?.role === 'admin' || user?.unitId === detail.unitId);
  const readOnly = !mayWrite || !EDITABLE.has(detail.status) || detail.locked;
  const saveText =
    save.kind === 'saving'
      ? t('rep.sub.saving')
      : save.kind === 'pending'
        ? t('rep.sub.unsaved')
        : save.kind === 'saved'
          ? t('rep.sub.savedAt', { time: hhmmss(save.at) })
          : save.kind === 'error'
            ? t('rep.sub.saveFailed', { error: save.message })
            : '';
  const progressIssues = issues.filter((i) => i.itemId !== undefined);

  return (
    <Space direction="vertical" style={{ width: '100%' }} size="middle">
      <Card>
        <Row justify="space-between" align="middle" gutter={[16, 16]}>
          <Col>
            <Typography.Title level={3} style={{ margin: 0 }} data-testid="submission-title">
              {t('rep.sub.title', { form: detail.formName, period: periodLabel(detail.period, locale) })}
            </Typography.Title>
            <Space style={{ marginTop: 8 }} wrap>
              <SubmissionStatusTag status={detail.status} t={t} />
              <DueTag dueOn={detail.dueOn} done={detail.status === 'submitted' || detail.status === 'approved'} t={t} />
              {!readOnly && (
                <Typography.Text type="secondary" data-testid="submission-version">
                  {t('rep.sub.versionN', { n: version })}
                </Typography.Text>
              )}
              {!readOnly && (
                <Typography.Text type={save.kind === 'error' ? 'danger' : 'secondary'} data-testid="save-status" aria-live="polite">
                  {saveText}
                </Typography.Text>
              )}
            </Space>
          </Col>
          <Col>
            <Space wrap>
              <a href={`/api/reporting/submissions/${detail.id}/template.xlsx`} data-testid="template-download">
                <Button>{t('rep.sub.download')}</Button>
              </a>
              {!readOnly && (
                <Upload
                  accept=".xlsx"
                  showUploadList={false}
                  beforeUpload={(f) => {
                    void upload(f);
                    return false;
                  }}
                >
                  <Button loading={busy === 'upload'} data-testid="template-upload">
                    {t('rep.sub.upload')}
                  </Button>
                </Upload>
              )}
              {!readOnly && (
                <Button type="primary" onClick={confirmSubmit} loading={busy === 'submit'} data-testid="submission-submit">
                  {t('rep.sub.submit')}
                </Button>
              )}
            </Space>
          </Col>
        </Row>
        <Descriptions size="small" column={{ xs: 1, md: 3 }} style={{ marginTop: 16 }}>
          <Descriptions.Item label={t('rep.unit')}>{detail.unitName}</Descriptions.Item>
          <Descriptions.Item label={t('rep.period')}>{locale === 'en-US' ? `${periodLabel(detail.period, locale)} (${detail.period})` : `${periodLabel(detail.period, locale)}（${detail.period}）`}</Descriptions.Item>
          <Descriptions.Item label={t('rep.dueOn')}>{detail.dueOn?.slice(0, 10) ?? '—'}</Descriptions.Item>
          {detail.submittedAt && <Descriptions.Item label={t('rep.submittedAt')}>{detail.submittedAt.slice(0, 19).replace('T', ' ')}</Descriptions.Item>}
          {detail.revision > 0 && <Descriptions.Item label={t('rep.revision')}>{detail.revision}</Descriptions.Item>}
        </Descriptions>
      </Card>

      {detail.status === 'returned' && detail.returnReason && (
        <Alert type="warning" showIcon title={t('rep.sub.returnedBanner', { reason: detail.returnReason })} data-testid="returned-banner" />
      )}
      {detail.locked && EDITABLE.has(detail.status) && <Alert type="info" showIcon title={t('rep.sub.locked')} />}
      {readOnly && !detail.locked && EDITABLE.has(detail.status) && <Alert type="info" showIcon title={t('rep.sub.readOnly')} />}
      <IssueList t={t} issues={issues} labelOf={issueLabel} />
      <UploadErrors t={t} issues={uploadIssues} />

      <Row gutter={16}>
        <Col xs={24} xl={user?.role === 'admin' || user?.role === 'leader' ? 16 : 24}>
          <Card>
            <Tabs
              items={[
                {
                  key: 'values',
                  label: t('rep.sub.values'),
                  children: <ValuesTable t={t} detail={detail} cells={cells} readOnly={readOnly} serverIssues={issuesByCell} onChange={onCell} />,
                },
                ...(progress.length === 0
                  ? []
                  : [
                {
                  key: 'progress',
                  label: `${t('rep.sub.progress')} (${progress.length})`,
                  children: (
                    <ProgressSection
                      t={t}
                      submissionId={detail.id}
                      entries={progress}
                      evidence={evidence}
                      readOnly={readOnly}
                      serverIssues={progressIssues}
                      onChange={onProgress}
                      onEvidence={(f) => setEvidence((list) => [...list, f])}
                      onEvidenceRemoved={(fileId) => setEvidence((list) => list.filter((f) => f.id !== fileId))}
                    />
                  ),
                },
                    ]),
              ]}
            />
          </Card>
        </Col>
        {(user?.role === 'admin' || user?.role === 'leader') && (
          <Col xs={24} xl={8}>
            <ReviewPanel t={t} detail={detail} canReview={user?.role === 'admin'} onChanged={() => void load()} />
          </Col>
        )}
      </Row>

      <ConflictModal t={t} open={!!conflict} currentVersion={conflict?.version ?? 0} rows={conflict?.rows ?? []} busy={busy === 'conflict'} onTakeTheirs={takeTheirs} onKeepMine={() => void keepMine()} />
    </Space>
  );
}
