import { Alert, Button, Card, Checkbox, Progress, Space, TreeSelect, Typography } from 'antd';
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { api } from '../api/client.ts';
import type { Item, Reply } from '../api/contract.ts';
import { errorText } from '../components/errors.ts';
import { useT } from '../i18n/index.tsx';

/** A province or prefecture the packaged data can load, and the state of one load: generated replies. */
type Packaged = Item<Reply<'/api/divisions/packaged'>>;
type LoadJob = Reply<'/api/divisions/loads/{id}'>;

const POLL_MS = 800;

/**
 * The office loads more of the country while the server runs: choose provinces or prefectures
 * (or the whole country), start, and watch committed rows against the total.
 */
export default function DivisionLoadPanel({ onLoaded }: { onLoaded(): void }) {
  const t = useT();
  const [packaged, setPackaged] = useState<Packaged[]>([]);
  const [chosen, setChosen] = useState<string[]>([]);
  const [all, setAll] = useState(false);
  const [job, setJob] = useState<LoadJob | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [starting, setStarting] = useState(false);
  const timer = useRef<ReturnType<typeof setTimeout> | null>(null);

  const refreshPackaged = useCallback(() => {
    api
      .get<{ items: Packaged[] }>('/api/divisions/packaged')
      .then((r) => setPackaged(r.items))
      .catch((e) => setError(errorText(t, e)));
  }, [t]);

  const poll = useCallback(
    (id: number) => {
      api
        .get<LoadJob>(`/api/divisions/loads/${id}`)
        .then((j) => {
          setJob(j);
          if (j.status === 'running') timer.current = setTimeout(() => poll(id), POLL_MS);
          else {
            refreshPackaged();
            if (j.status === 'done') onLoaded();
          }
        })
        .catch((e) => setError(errorText(t, e)));
    },
    [t, refreshPackaged, onLoaded],
  );

  useEffect(() => {
    refreshPackaged();
    // A load started earlier (or by a colleague) is shown, and followed while it runs.
    api
      .get<{ items: LoadJob[] }>('/api/divisions/loads')
      .then((r) => {
        const last = r.items[0];
        if (last) {
          setJob(last);
          if (last.status === 'running') poll(last.id);
        }
      })
      .catch(() => undefined);
    return () => {
      if (timer.current) clearTimeout(timer.current);
    };
  }, [refreshPackaged, poll]);

  const treeData = useMemo(() => {
    const mark = (d: Packaged) => `${d.name}${d.loaded ? `（${t('divisions.load.loaded')}）` : ''}`;
    return packaged
      .filter((d) => d.level === 1)
      .map((p) => ({
        value: p.code,
        title: mark(p),
        children: packaged.filter((c) => c.level === 2 && c.code.startsWith(p.code) && !/^(市辖区|县)$/.test(c.name)).map((c) => ({ value: c.code, title: mark(c) })),
      }));
  }, [packaged, t]);

  const start = async () => {
    setError(null);
    setStarting(true);
    try {
      const j = await api.post<LoadJob>('/api/divisions/loads', { scope: all ? 'all' : chosen });
      setJob(j);
      poll(j.id);
    } catch (e) {
      setError(errorText(t, e));
    } finally {
      setStarting(false);
    }
  };

  const running = job?.status === 'running';
  const percent = job && job.totalRows ? Math.floor((job.doneRows / job.totalRows) * 100) : 0;
  const names = (codes: string[]) => codes.map((c) => (c === 'all' ? t('divisions.load.all') : (packaged.find((p) => p.code === c)?.name ?? c))).join('、');

  return (
    <Card title={t('divisions.load.title')} style={{ marginBottom: 16 }} data-testid="division-load">
      <Space direction="vertical" style={{ width: '100%' }}>
        <Typography.Text type="secondary">{t('divisions.load.help')}</Typography.Text>
        <TreeSelect
          treeData={treeData}
          value={chosen}
          onChange={(v) => setChosen(v as string[])}
          treeCheckable
          showCheckedStrategy={TreeSelect.SHOW_PARENT}
          placeholder={t('divisions.load.choose')}
          disabled={all || running}
          showSearch
          treeNodeFilterProp="title"
          style={{ width: '100%' }}
          maxTagCount={6}
          data-testid="division-load-choose"
        />
        <Checkbox checked={all} onChange={(e) => setAll(e.target.checked)} disabled={running}>
          {t('divisions.load.allHint')}
        </Checkbox>
        <Button type="primary" onClick={start} loading={starting} disabled={running || (!all && chosen.length === 0)} data-testid="division-load-start">
          {t('divisions.load.start')}
        </Button>
        {error && <Alert type="error" showIcon title={error} />}
        {job && (
          <div data-testid="division-load-progress">
            <Typography.Text>
              {t(`divisions.load.status.${job.status}`, { scope: names(job.scope), done: job.doneRows, total: job.totalRows ?? '…' })}
            </Typography.Text>
            <Progress percent={job.status === 'done' ? 100 : percent} status={job.status === 'failed' || job.status === 'interrupted' ? 'exception' : running ? 'active' : 'success'} />
          </div>
        )}
      </Space>
    </Card>
  );
}
