import { EditOutlined, FilePdfOutlined, FileTextOutlined, FileWordOutlined, SaveOutlined } from '@ant-design/icons';
import { Alert, App as AntApp, Button, Card, Input, Select, Space, Statistic, Switch, Table, Tag, Typography } from 'antd';
import { useCallback, useEffect, useMemo, useState } from 'react';
import { ApiError, api, withQuery } from '../../api/client.ts';
import type { Item, Reply } from '../../api/contract.ts';
import { errorText } from '../../components/errors.ts';
import { useI18n } from '../../i18n/index.tsx';
// The preview is composed by the same pure functions the .docx and PDF renderers draw, from the
// data the API serves, so what the office reads here is word for word what it downloads.
import { type BriefingData, periodLabel } from '../../../briefings/briefing-data.ts';
import { composeBriefing, type DocBlock, type DocTable, type Issuance } from '../../../briefings/briefing-document.ts';
import { useAuth } from '../../auth/AuthContext.tsx';
import { formatFigure } from '../../../briefings/briefing-sentences.ts';
import { briefingPeriods, defaultBriefingPeriod, filenameFromDisposition } from './briefing-periods.ts';
import { appToday } from '../../layout/clock.tsx';

/** A row of GET /api/plans/:id/briefings (generated reply). */
type BriefingLogEntry = Item<Reply<'/api/plans/{id}/briefings'>>;

/** The part of GET /api/plans/:id/status that says which periods have data. */
type StatusPeriods = Pick<Reply<'/api/plans/{id}/status'>, 'targets'>;

type Format = 'docx' | 'pdf';

/** GET /api/plans/:id/briefing/draft (generated reply). */
type BriefingDraft = Reply<'/api/plans/{id}/briefing/draft'>;

const todayUtc = () => appToday();

function PreviewTable({ table }: { table: DocTable }) {
  return (
    <Table<string[]>
      size="small"
      bordered
      pagination={false}
      style={{ margin: '8px 0 12px' }}
      title={() => <Typography.Text strong>{table.caption}</Typography.Text>}
      rowKey={(r) => r.join('|')}
      dataSource={table.rows}
      columns={table.columns.map((c, i) => ({
        key: c,
        title: c,
        align: table.numeric.includes(i) ? ('center' as const) : undefined,
        render: (_: unknown, row: string[]) => <span style={{ whiteSpace: 'pre-line' }}>{row[i]}</span>,
      }))}
    />
  );
}

/**
 * The briefing (工作推进情况通报) of a plan: pick a period, read the generated text and the key
 * numbers, download it as Word or PDF (with or without the red head), see what was generated before.
 */
export default function BriefingPanel({ planId, periodStart, periodEnd }: { planId: number; periodStart: number | string | null; periodEnd: number | string | null }) {
  const { t, locale } = useI18n();
  const { message } = AntApp.useApp();
  const today = todayUtc();
  const groups = useMemo(
    () => briefingPeriods({ start: periodStart === null ? null : Number(periodStart), end: periodEnd === null ? null : Number(periodEnd) }, today),
    [periodStart, periodEnd, today],
  );
  const [period, setPeriod] = useState<string | null>(null);
  const [redHead, setRedHead] = useState(true);
  const [data, setData] = useState<BriefingData | null>(null);
  const [loading, setLoading] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState<Format | null>(null);
  const [log, setLog] = useState<BriefingLogEntry[]>([]);
  const { user } = useAuth();
  const isAdmin = user?.role === 'admin';
  const [draft, setDraft] = useState<BriefingDraft | null>(null);
  const [issuance, setIssuance] = useState<Issuance>({});
  const [edits, setEdits] = useState<Record<string, string | null>>({});
  const [editing, setEditing] = useState(false);
  const [saving, setSaving] = useState(false);

  const label = useCallback((code: string) => (locale === 'zh-CN' ? periodLabel(code) : code), [locale]);

  // The first period offered: the quarter of the newest data the status API knows of.
  useEffect(() => {
    let live = true;
    api
      .get<StatusPeriods>(`/api/plans/${planId}/status`)
      .then((s) => s.targets.flatMap((x) => [...(x.latest ? [x.latest.period] : []), ...(x.series ?? []).filter((p) => p.value !== null).map((p) => p.period)]))
      .catch(() => [] as string[])
      .then((periods) => {
        if (live) setPeriod((p) => p ?? defaultBriefingPeriod(groups, periods, today));
      });
    return () => {
      live = false;
    };
  }, [planId, groups, today]);

  useEffect(() => {
    if (!period) return;
    const ctl = new AbortController();
    setLoading(true);
    setError(null);
    api.get<BriefingData>(`/api/plans/${planId}/briefing/data`, { period }, ctl.signal).then(
      (d) => {
        setData(d);
        setLoading(false);
      },
      (e: Error) => {
        if (e.name === 'AbortError') return;
        setData(null);
        setError(errorText(t, e));
        setLoading(false);
      },
    );
    return () => ctl.abort();
  }, [planId, period, t]);

  const loadLog = useCallback(() => {
    api.get<{ items: BriefingLogEntry[] }>(`/api/plans/${planId}/briefings`).then(
      (r) => setLog(r.items),
      () => setLog([]),
    );
  }, [planId]);
  useEffect(loadLog, [loadLog]);

  // The office's draft: its 文号, 抄送, contact and edits apply to the preview as to the files.
  useEffect(() => {
    if (!period) return;
    let live = true;
    api.get<BriefingDraft>(`/api/plans/${planId}/briefing/draft`, { period }).then(
      (d) => {
        if (!live) return;
        setDraft(d);
        setIssuance(d.issuance);
        setEdits(d.edits);
      },
      () => live && setDraft(null),
    );
    return () => {
      live = false;
    };
  }, [planId, period]);

  const doc = useMemo(() => (data ? composeBriefing(data, { redHead, issuance, edits }) : null), [data, redHead, issuance, edits]);
  const generated = useMemo(() => new Map((draft?.paragraphs ?? []).map((p) => [p.key, p.generated])), [draft]);

  const saveDraft = async () => {
    if (!period || !draft) return;
    setSaving(true);
    try {
      const r = await api.put<{ version: number }>(withQuery(`/api/plans/${planId}/briefing/draft`, { period }), { version: draft.version, issuance, edits });
      setDraft({ ...draft, version: r.version, issuance, edits });
      message.success(t('brief.draftSaved'));
    } catch (e) {
      message.error(errorText(t, e));
    } finally {
      setSaving(false);
    }
  };

  /** One paragraph of the preview; in edit mode a text box with drop/restore. */
  const paragraph = (b: Extract<DocBlock, { type: 'paragraph' }>, indent = true) => {
    if (!editing) {
      return (
        <p key={b.key} data-key={b.key} style={{ textIndent: indent ? '2em' : 0, margin: '4px 0' }}>
          {b.text}
        </p>
      );
    }
    return (
      <div key={b.key} style={{ margin: '6px 0' }}>
        <Input.TextArea
          data-testid={`briefing-edit-${b.key}`}
          autoSize={{ minRows: 1, maxRows: 12 }}
          value={b.text}
          onChange={(e) => setEdits((x) => ({ ...x, [b.key]: e.target.value }))}
        />
        <Space size={4}>
          <Button size="small" type="link" data-testid={`briefing-drop-${b.key}`} onClick={() => setEdits((x) => ({ ...x, [b.key]: null }))}>
            {t('brief.drop')}
          </Button>
          {b.key in edits && (
            <Button size="small" type="link" onClick={() => setEdits((x) => Object.fromEntries(Object.entries(x).filter(([k]) => k !== b.key)))}>
              {t('brief.revert')}
            </Button>
          )}
        </Space>
      </div>
    );
  };
  const dropped = useMemo(() => Object.entries(edits).filter(([, v]) => v === null).map(([k]) => k), [edits]);

  const download = async (format: Format) => {
    if (!period) return;
    setBusy(format);
    try {
      const url = withQuery(`/api/plans/${planId}/briefing`, { period, format, redHead: String(redHead) });
      const res = await fetch(url, { credentials: 'same-origin' });
      if (!res.ok) {
        const body = (await res.json().catch(() => null)) as { error?: { code?: string; message?: string } } | null;
        throw new ApiError(res.status, body?.error?.code ?? `http_${res.status}`, body?.error?.message ?? res.statusText);
      }
      const name = filenameFromDisposition(res.headers.get('content-disposition'), `briefing_${period}.${format}`);
      const href = URL.createObjectURL(await res.blob());
      const a = document.createElement('a');
      a.href = href;
      a.download = name;
      document.body.appendChild(a);
      a.click();
      a.remove();
      // The browser has taken the bytes once the click is handled; keep the URL a while for slow disks.
      setTimeout(() => URL.revokeObjectURL(href), 60_000);
      message.success(t('brief.downloaded', { name }));
      loadLog();
    } catch (e) {
      message.error(errorText(t, e));
    } finally {
      setBusy(null);
    }
  };

  return (
    <Card title={t('brief.title')} data-testid="briefing-panel">
      <Space wrap size="middle" style={{ marginBottom: 16 }}>
        <Space>
          <Typography.Text type="secondary">{t('brief.period')}</Typography.Text>
          <Select
            data-testid="briefing-period"
            showSearch={{ optionFilterProp: 'label' }}
            style={{ width: 200 }}
            value={period ?? undefined}
            placeholder={t('brief.pickPeriod')}
            onChange={(v: string) => setPeriod(v)}
            options={groups.map((g) => ({ label: t('brief.year', { year: g.year }), title: String(g.year), options: g.codes.map((code) => ({ value: code, label: label(code) })) }))}
          />
        </Space>
        <Space>
          <Switch data-testid="briefing-redhead" checked={redHead} onChange={setRedHead} />
          <Typography.Text>{t('brief.redHead')}</Typography.Text>
        </Space>
        <Button type="primary" icon={<FileWordOutlined />} data-testid="briefing-docx" loading={busy === 'docx'} disabled={!data || busy !== null} onClick={() => void download('docx')}>
          {t('brief.docx')}
        </Button>
        <Button icon={<FilePdfOutlined />} data-testid="briefing-pdf" loading={busy === 'pdf'} disabled={!data || busy !== null} onClick={() => void download('pdf')}>
          {t('brief.pdf')}
        </Button>
        {isAdmin && draft && (
          <Button icon={<EditOutlined />} data-testid="briefing-edit" onClick={() => setEditing((e) => !e)}>
            {editing ? t('brief.editDone') : t('brief.edit')}
          </Button>
        )}
        {isAdmin && draft && (
          <Button icon={<SaveOutlined />} data-testid="briefing-save-draft" loading={saving} onClick={() => void saveDraft()}>
            {t('brief.saveDraft')}
          </Button>
        )}
        {period && (
          <Button icon={<FileTextOutlined />} type="link" href={withQuery(`/api/plans/${planId}/briefing/notes`, { period })} data-testid="briefing-notes">
            {t('brief.notes')}
          </Button>
        )}
        {data && <Typography.Text type="secondary">{t('brief.asOf', { day: data.asOf })}</Typography.Text>}
      </Space>
      {editing && (
        <Card size="small" style={{ marginBottom: 16 }} data-testid="briefing-issuance">
          <Typography.Paragraph type="secondary">{t('brief.draftHint')}</Typography.Paragraph>
          <Space wrap>
            <Input addonBefore={t('brief.docNumber')} data-testid="briefing-docnumber" style={{ width: 300 }} value={issuance.docNumber ?? ''} placeholder={doc?.docNumber} onChange={(e) => setIssuance((x) => ({ ...x, docNumber: e.target.value || null }))} />
            <Select
              mode="tags"
              data-testid="briefing-cc"
              style={{ minWidth: 320 }}
              placeholder={t('brief.ccPlaceholder')}
              value={issuance.cc ?? []}
              onChange={(v: string[]) => setIssuance((x) => ({ ...x, cc: v }))}
              tokenSeparators={['、', '，', ',']}
            />
            <Input addonBefore={t('brief.printedBy')} style={{ width: 300 }} value={issuance.printedBy ?? ''} placeholder={data?.issuer} onChange={(e) => setIssuance((x) => ({ ...x, printedBy: e.target.value || null }))} />
            <Input addonBefore={t('brief.printedOn')} style={{ width: 240 }} value={issuance.printedOn ?? ''} placeholder={data?.asOf} onChange={(e) => setIssuance((x) => ({ ...x, printedOn: e.target.value || null }))} />
            <Input
              addonBefore={t('brief.contactName')}
              data-testid="briefing-contact-name"
              style={{ width: 220 }}
              value={issuance.contact?.name ?? ''}
              onChange={(e) => setIssuance((x) => ({ ...x, contact: e.target.value || x.contact?.phone ? { name: e.target.value, phone: x.contact?.phone ?? '' } : null }))}
            />
            <Input
              addonBefore={t('brief.contactPhone')}
              data-testid="briefing-contact-phone"
              style={{ width: 240 }}
              value={issuance.contact?.phone ?? ''}
              onChange={(e) => setIssuance((x) => ({ ...x, contact: { name: x.contact?.name ?? '', phone: e.target.value } }))}
            />
          </Space>
          {dropped.length > 0 && (
            <div style={{ marginTop: 8 }}>
              {dropped.map((k) => (
                <Tag key={k} closable onClose={() => setEdits((x) => Object.fromEntries(Object.entries(x).filter(([kk]) => kk !== k)))}>
                  {t('brief.dropped')} {(generated.get(k) ?? k).slice(0, 24)}…
                </Tag>
              ))}
            </div>
          )}
        </Card>
      )}

      {error && <Alert type="error" showIcon title={error} style={{ marginBottom: 16 }} />}
      {!period && !error && <Typography.Text type="secondary">{t('brief.pickPeriod')}</Typography.Text>}
      {period && !doc && !error && <Card loading size="small" />}

      {doc && data && (
        <Space orientation="vertical" size={16} style={{ width: '100%', opacity: loading ? 0.5 : 1 }}>
          <div data-testid="briefing-key-numbers">
            <Typography.Title level={5}>{t('brief.keyNumbers')}</Typography.Title>
            <Space wrap size={32}>
              <Statistic title={t('brief.targets')} value={data.counts.targets.value ?? 0} />
              <Statistic title={t('brief.tasks')} value={data.counts.tasks.value ?? 0} />
              {data.keyNumbers.map((k) => (
                <Statistic key={`${k.label}-${k.figure.source.api}`} title={k.label} value={formatFigure(k.figure)} />
              ))}
            </Space>
            {data.keyNumbers.length === 0 && <Typography.Paragraph type="secondary">{t('brief.noKeyNumbers')}</Typography.Paragraph>}
          </div>

          <div>
            <Typography.Title level={5}>{t('brief.preview')}</Typography.Title>
            <div
              data-testid="briefing-preview"
              lang="zh-CN"
              style={{ border: '1px solid #d9d9d9', borderRadius: 4, padding: '24px 32px', maxHeight: 560, overflow: 'auto', background: '#fff', fontFamily: '"FangSong", "STFangsong", "Noto Serif CJK SC", serif', lineHeight: 1.9 }}
            >
              {doc.redHead && (
                <div data-testid="briefing-redhead-line" style={{ color: '#c00', fontSize: 26, fontWeight: 700, textAlign: 'center', letterSpacing: 2 }}>
                  {doc.redHead}
                </div>
              )}
              <div style={{ textAlign: 'center', paddingBottom: 8, borderBottom: doc.redHead ? '2px solid #c00' : undefined }}>{doc.docNumber}</div>
              <Typography.Title level={4} data-testid="briefing-title" style={{ textAlign: 'center', margin: '16px 0' }}>
                {doc.title}
              </Typography.Title>
              <p style={{ margin: 0 }}>{doc.addressee}</p>
              {doc.opening.text && paragraph(doc.opening)}
              {doc.sections.map((s) => (
                <section key={s.heading}>
                  <Typography.Text strong data-testid="briefing-section" style={{ display: 'block', marginTop: 12 }}>
                    {s.heading}
                  </Typography.Text>
                  {s.blocks.map((b, i) => (b.type === 'paragraph' ? paragraph(b) : <PreviewTable key={i} table={b.table} />))}
                </section>
              ))}
              {doc.attachmentNotes.length > 0 && (
                <div style={{ marginTop: 12 }}>
                  {doc.attachmentNotes.map((n, i) => (
                    <p key={n} style={{ margin: 0, paddingLeft: i === 0 ? '2em' : '5em' }}>
                      {i === 0 ? `${t('brief.attachments')}：` : ''}
                      {n}
                    </p>
                  ))}
                </div>
              )}
              <p style={{ textAlign: 'right', margin: '16px 0 0' }}>{doc.signature}</p>
              <p style={{ textAlign: 'right', margin: 0 }}>{doc.date}</p>
              {doc.contact && <p style={{ textIndent: '2em', margin: 0 }} data-testid="briefing-contact">{doc.contact}</p>}
              {doc.attachments.map((a) => (
                <section key={a.label} style={{ marginTop: 24, borderTop: '1px dashed #d9d9d9', paddingTop: 12 }}>
                  <Typography.Text strong>{a.label}</Typography.Text>
                  <Typography.Title level={5} style={{ textAlign: 'center' }}>
                    {a.title}
                  </Typography.Title>
                  {a.blocks.map((b, i) => (b.type === 'table' ? <PreviewTable key={i} table={b.table} /> : <p key={i}>{b.text}</p>))}
                </section>
              ))}
              <div data-testid="briefing-record" style={{ marginTop: 24, borderTop: '2px solid #000', borderBottom: '2px solid #000', fontSize: 14 }}>
                {doc.record.cc && <div style={{ borderBottom: '1px solid #000', padding: '2px 1em' }}>{`${t('brief.cc.label')}${doc.record.cc}。`}</div>}
                <div style={{ display: 'flex', justifyContent: 'space-between', padding: '2px 1em' }}>
                  <span>{doc.record.printedBy}</span>
                  <span>{doc.record.printedOn}印发</span>
                </div>
              </div>
            </div>
          </div>
        </Space>
      )}

      <Typography.Title level={5} style={{ marginTop: 24 }}>
        {t('brief.log')}
      </Typography.Title>
      <Table<BriefingLogEntry>
        data-testid="briefing-log"
        rowKey="id"
        size="small"
        pagination={{ pageSize: 10, hideOnSinglePage: true }}
        dataSource={log}
        locale={{ emptyText: t('brief.log.empty') }}
        columns={[
          { title: t('brief.log.at'), dataIndex: 'generatedAt', render: (v: string) => new Date(v).toLocaleString(locale) },
          { title: t('brief.log.period'), dataIndex: 'period', render: (v: string) => label(v) },
          { title: t('brief.log.format'), dataIndex: 'format', render: (v: Format, r) => <Space size={4}><Tag>{v === 'docx' ? 'Word' : 'PDF'}</Tag>{r.redHead && <Tag color="red">{t('brief.redHead')}</Tag>}</Space> },
          { title: t('brief.log.asOf'), dataIndex: 'asOf' },
          { title: t('brief.log.by'), dataIndex: 'generatedByName' },
          { title: t('brief.log.size'), dataIndex: 'sizeBytes', render: (v: number) => `${Math.max(1, Math.round(v / 1024))} KB` },
          {
            title: t('brief.log.data'),
            key: 'data',
            render: (_, r) => (
              <a href={`/api/plans/${planId}/briefings/${r.id}/data`} target="_blank" rel="noreferrer" title={`sha256 ${r.sha256}`}>
                {t('brief.log.viewData')}
              </a>
            ),
          },
        ]}
      />
    </Card>
  );
}
