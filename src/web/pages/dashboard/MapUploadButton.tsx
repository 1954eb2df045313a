import { Alert, App as AntApp, Button, Form, Input, Modal, Upload } from 'antd';
import { useState } from 'react';
import { ApiError, api } from '../../api/client.ts';
import { forgetBoundaries } from '../../charts/map-data.ts';
import { errorText } from '../../components/errors.ts';
import { useI18n } from '../../i18n/index.tsx';

/**
 * The office replaces the packaged boundaries of `code`'s children with an approved GeoJSON and
 * its 审图号 (PUT /api/maps/:code; the server validates the file and audits the change).
 */
export function MapUploadButton({ code, onUploaded }: { code: string; onUploaded: () => void }) {
  const { t } = useI18n();
  const { message } = AntApp.useApp();
  const [open, setOpen] = useState(false);
  const [file, setFile] = useState<File | null>(null);
  const [approvalNumber, setApprovalNumber] = useState('');
  const [saving, setSaving] = useState(false);
  const [problems, setProblems] = useState<string[]>([]);

  const submit = async () => {
    if (!file) return setProblems([t('dash.upload.noFile')]);
    setSaving(true);
    setProblems([]);
    try {
      let geojson: unknown;
      try {
        geojson = JSON.parse(await file.text());
      } catch {
        setProblems([t('dash.upload.notJson')]);
        return;
      }
      await api.put(`/api/maps/${code}`, { approvalNumber, geojson });
      forgetBoundaries(code);
      message.success(t('dash.upload.done'));
      setOpen(false);
      setFile(null);
      onUploaded();
    } catch (e) {
      setProblems(e instanceof ApiError && e.fields.length ? e.fields.map((f) => `${f.field}: ${f.reason}`) : [errorText(t, e)]);
    } finally {
      setSaving(false);
    }
  };

  return (
    <>
      <Button size="small" onClick={() => setOpen(true)} data-testid="map-upload">
        {t('dash.upload.button')}
      </Button>
      <Modal open={open} title={t('dash.upload.title')} onOk={submit} onCancel={() => setOpen(false)} confirmLoading={saving} okText={t('common.save')} cancelText={t('common.cancel')} destroyOnHidden>
        <Alert type="info" showIcon title={t('dash.upload.help')} style={{ marginBottom: 12 }} />
        {problems.length > 0 && <Alert type="error" showIcon title={problems.join('；')} style={{ marginBottom: 12 }} data-testid="map-upload-errors" />}
        <Form layout="vertical">
          <Form.Item label={t('dash.upload.approval')} required>
            <Input id="map-approval" value={approvalNumber} onChange={(e) => setApprovalNumber(e.target.value)} placeholder="GS(2019)1822号" />
          </Form.Item>
          <Form.Item label={t('dash.upload.file')} required>
            <Upload accept=".json,.geojson,application/geo+json,application/json" maxCount={1} beforeUpload={(f) => (setFile(f), false)} onRemove={() => setFile(null)}>
              <Button>{t('dash.upload.choose')}</Button>
            </Upload>
          </Form.Item>
        </Form>
      </Modal>
    </>
  );
}
