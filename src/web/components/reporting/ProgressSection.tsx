import { App as AntApp, Button, Card, Col, Empty, Form, Input, InputNumber, Popconfirm, Row, Select, Space, Tag, Typography, Upload } from 'antd';
import { useState } from 'react';
import { api } from '../../api/client.ts';
import { PROGRESS_STATUSES, type EvidenceFile, type ProgressEntry, type SubmissionIssue } from '../../api/types.ts';
import type { MessageKey, TFunction } from '../../i18n/index.tsx';
import { errorText } from '../errors.ts';
import { type EvidenceReply, toEvidence } from './model.ts';

interface Props {
  t: TFunction;
  submissionId: number;
  entries: ProgressEntry[];
  evidence: EvidenceFile[];
  readOnly: boolean;
  serverIssues: SubmissionIssue[];
  onChange(next: ProgressEntry): void;
  onEvidence(file: EvidenceFile): void;
  onEvidenceRemoved(id: number): void;
}

function EvidenceRemove({ t, file, onRemoved }: { t: TFunction; file: EvidenceFile; onRemoved(id: number): void }) {
  const { message } = AntApp.useApp();
  return (
    <Popconfirm
      title={t('rep.sub.evidenceRemove', { name: file.filename })}
      okText={t('common.confirm')}
      cancelText={t('common.cancel')}
      onConfirm={async () => {
        try {
          await api.del(`/api/reporting/evidence/${file.id}`);
          onRemoved(file.id);
        } catch (e) {
          message.error(errorText(t, e));
        }
      }}
    >
      <Button type="link" size="small" danger data-testid="evidence-remove" aria-label={t('rep.sub.evidenceRemove', { name: file.filename })}>
        ×
      </Button>
    </Popconfirm>
  );
}

function EvidenceUpload({ t, submissionId, itemId, onEvidence }: { t: TFunction; submissionId: number; itemId: number; onEvidence(f: EvidenceFile): void }) {
  const { message } = AntApp.useApp();
  const [busy, setBusy] = useState(false);
  return (
    <Upload
      showUploadList={false}
      beforeUpload={(file) => {
        const fd = new FormData();
        fd.append('itemId', String(itemId));
        fd.append('file', file, file.name);
        setBusy(true);
        api
          .upload<EvidenceReply>(`/api/reporting/submissions/${submissionId}/evidence`, fd)
          .then((res) => {
            onEvidence(toEvidence(res));
            message.success(t('rep.sub.evidenceUploaded', { name: file.name }));
          })
          .catch((e) => message.error(errorText(t, e)))
          .finally(() => setBusy(false));
        return false;
      }}
    >
      <Button size="small" loading={busy} data-testid={`evidence-upload-${itemId}`}>
        {t('rep.sub.evidenceUpload')}
      </Button>
    </Upload>
  );
}

/** One card per task or milestone the unit leads or shares: status, percent, narrative, problems, evidence. */
export function ProgressSection({ t, submissionId, entries, evidence, readOnly, serverIssues, onChange, onEvidence, onEvidenceRemoved }: Props) {
  if (entries.length === 0) return <Empty description={t('rep.sub.noProgress')} />;
  return (
    <Space direction="vertical" style={{ width: '100%' }} size="middle" data-testid="progress-section">
      {entries.map((p) => {
        const issues = serverIssues.filter((i) => i.itemId === p.itemId);
        const files = evidence.filter((f) => f.itemId === p.itemId);
        return (
          <Card
            key={p.itemId}
            size="small"
            data-testid={`progress-${p.itemId}`}
            title={
              <Space>
                <Tag>{t(`rep.kind.${p.kind === 'milestone' ? 'milestone' : 'task'}` as MessageKey)}</Tag>
                <Typography.Text>{p.title}</Typography.Text>
                {p.due ? <Typography.Text type="secondary">{p.due}</Typography.Text> : null}
              </Space>
            }
          >
            <Form layout="vertical" component="div">
              <Row gutter={16}>
                <Col xs={24} md={8}>
                  <Form.Item label={t('rep.status')} validateStatus={issues.length ? 'error' : undefined} help={issues.map((i) => i.reason).join('；') || undefined}>
                    <Select
                      id={`p-status-${p.itemId}`}
                      value={p.status ?? undefined}
                      disabled={readOnly}
                      placeholder={t('rep.status')}
                      options={PROGRESS_STATUSES.map((s) => ({ value: s, label: t(`rep.progress.${s}` as MessageKey) }))}
                      onChange={(status) => onChange({ ...p, status, percent: status === 'done' ? 100 : p.percent })}
                    />
                  </Form.Item>
                </Col>
                <Col xs={24} md={8}>
                  <Form.Item label={t('rep.sub.percent')}>
                    <InputNumber
                      id={`p-percent-${p.itemId}`}
                      min={0}
                      max={100}
                      value={p.percent}
                      disabled={readOnly}
                      suffix="%"
                      style={{ width: '100%' }}
                      onChange={(v) => onChange({ ...p, percent: v === null || v === undefined ? null : Number(v) })}
                    />
                  </Form.Item>
                </Col>
              </Row>
              <Form.Item label={t('rep.sub.narrative')}>
                <Input.TextArea
                  id={`p-narrative-${p.itemId}`}
                  autoSize={{ minRows: 2, maxRows: 8 }}
                  value={p.narrative ?? ''}
                  disabled={readOnly}
                  onChange={(e) => onChange({ ...p, narrative: e.target.value || null })}
                />
              </Form.Item>
              <Form.Item label={t('rep.sub.problems')}>
                <Input.TextArea
                  id={`p-problems-${p.itemId}`}
                  autoSize={{ minRows: 1, maxRows: 6 }}
                  value={p.problems ?? ''}
                  disabled={readOnly}
                  onChange={(e) => onChange({ ...p, problems: e.target.value || null })}
                />
              </Form.Item>
              <Form.Item label={t('rep.sub.evidence')} style={{ marginBottom: 0 }}>
                <Space wrap>
                  {files.map((f) => (
                    <span key={f.id}>
                      <a href={`/api/reporting/evidence/${f.id}`} target="_blank" rel="noreferrer" data-testid="evidence-link">
                        {f.filename}
                      </a>
                      {!readOnly && <EvidenceRemove t={t} file={f} onRemoved={onEvidenceRemoved} />}
                    </span>
                  ))}
                  {!readOnly && <EvidenceUpload t={t} submissionId={submissionId} itemId={p.itemId} onEvidence={onEvidence} />}
                </Space>
              </Form.Item>
            </Form>
          </Card>
        );
      })}
    </Space>
  );
}
